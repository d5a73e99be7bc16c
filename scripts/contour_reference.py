"""Isolines of a grid by contourpy, the independent reference for CartoPress's contour tests.

  python contour_reference.py --grid FILE --width W --height H --levels 100,200

FILE holds W*H little-endian float64 values, row-major. Prints one JSON object: {"100": [[[x, y], ...], ...]}
with x the column and y the row, as contourpy gives them.
"""
import argparse
import json

import numpy
import contourpy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--grid", required=True)
    parser.add_argument("--width", type=int, required=True)
    parser.add_argument("--height", type=int, required=True)
    parser.add_argument("--levels", required=True)
    args = parser.parse_args()
    z = numpy.fromfile(args.grid, dtype="<f8").reshape(args.height, args.width)
    generator = contourpy.contour_generator(z=z, name="serial", corner_mask=False, line_type="Separate")
    out = {}
    for text in args.levels.split(","):
        out[text] = [line.tolist() for line in generator.lines(float(text))]
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes contourpy's isolines of the two grids the contour tests compare against, so that the tests read
them as fixtures instead of running Python:

- Tests/Fixtures/dem/contourpy-jacksboro.json: the Jacksboro DEM (Tests/Fixtures/dem/jacksboro-terrarium.png,
  metres = R*256 + G + B/256 - 32768) at every 50 m from 200 to 1100 m;
- Tests/Fixtures/dem/contourpy-synthetic.json: the synthetic 160 x 120 surface of
  Tests/GeoTests/ContourGeneratorTests.swift at 150, 250, 300, 400 and 500.

Each file: {"generator": "...", "levels": {"200": [[[x, y], ...], ...], ...}} with x the column and y the row,
as contourpy gives them, rounded to 1e-6 cells. Rerun after changing either grid:

    .build-tools/venv/bin/python scripts/make_contour_fixtures.py
"""
import json
import math

import contourpy
import numpy
from PIL import Image


def lines(z, levels):
    generator = contourpy.contour_generator(z=z, name="serial", corner_mask=False, line_type="Separate")
    return {str(level): [[[round(float(x), 6), round(float(y), 6)] for x, y in line] for line in generator.lines(float(level))]
            for level in levels}


def write(path, z, levels):
    document = {"generator": f"contourpy {contourpy.__version__}, serial, corner_mask=False", "levels": lines(z, levels)}
    with open(path, "w") as out:
        json.dump(document, out, separators=(",", ":"))


def main():
    rgb = numpy.asarray(Image.open("Tests/Fixtures/dem/jacksboro-terrarium.png").convert("RGB"), dtype=numpy.float64)
    dem = rgb[:, :, 0] * 256 + rgb[:, :, 1] + rgb[:, :, 2] / 256 - 32768
    write("Tests/Fixtures/dem/contourpy-jacksboro.json", dem, range(200, 1101, 50))

    width, height = 160, 120
    z = numpy.zeros((height, width))
    for j in range(height):
        for i in range(width):
            x, y = float(i), float(j)
            hills = 400 * math.exp(-((x - 50) * (x - 50) + (y - 40) * (y - 40)) / 900) + 300 * math.exp(-((x - 115) * (x - 115) + (y - 80) * (y - 80)) / 600)
            z[j, i] = 200 + hills - 80 * math.exp(-((x - 80) * (x - 80)) / 200) + 15 * math.sin(x / 7) * math.cos(y / 9)
    write("Tests/Fixtures/dem/contourpy-synthetic.json", z, [150, 250, 300, 400, 500])


if __name__ == "__main__":
    main()

"""How far apart two renderers' pictures of one workload are: the shift (in device pixels) that best lines
up the middle of CartoPress's picture with MapLibre Native's, and the mean difference there.

    python compare.py work/out/pitched-native.png work/out/pitched-poster.png
"""

from __future__ import annotations

import sys

import numpy as np
from PIL import Image

Image.MAX_IMAGE_PIXELS = None  # the A0 pictures are 139 Mpx


def grey(path: str, scale: int) -> np.ndarray:
    image = Image.open(path).convert("L")
    if scale > 1:
        image = image.resize((image.width // scale, image.height // scale), Image.Resampling.BOX)
    return np.asarray(image, dtype=np.float32)


def best_shift(a: np.ndarray, b: np.ndarray, reach: int) -> tuple[int, int, float]:
    """(dx, dy, mean |a - b|) over the middle half, for b moved by (dx, dy) within ±reach pixels."""
    h, w = a.shape
    y0, y1, x0, x1 = h // 4, 3 * h // 4, w // 4, 3 * w // 4
    middle = a[y0:y1, x0:x1]
    best = (0, 0, float("inf"))
    for dy in range(-reach, reach + 1):
        for dx in range(-reach, reach + 1):
            other = b[y0 + dy : y1 + dy, x0 + dx : x1 + dx]
            score = float(np.abs(middle - other).mean())
            if score < best[2]:
                best = (dx, dy, score)
    return best


def main(argv: list[str]) -> int:
    native, other = argv[0], argv[1]
    size = Image.open(native).size
    scale = max(1, size[0] // 1200)
    a, b = grey(native, scale), grey(other, scale)
    if a.shape != b.shape:
        print(f"sizes differ: {a.shape} and {b.shape}")
        return 1
    dx, dy, score = best_shift(a, b, 12)
    print(f"{other}: best alignment at dx {dx * scale}, dy {dy * scale} device px (mean |diff| {score:.1f}/255; "
          f"unshifted {float(np.abs(a - b)[a.shape[0] // 4 : 3 * a.shape[0] // 4, a.shape[1] // 4 : 3 * a.shape[1] // 4].mean()):.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""How many pixels a photo may have, by how its format is decoded: checked from the header, before decoding.

The pose model looks at about 256 px and backwell keeps at most 1280 px, so a large photo's extra pixels
only cost the worker memory and time. What they cost depends on the decoder:

- a baseline JPEG (what cameras write) is decoded at 1/2, 1/4 or 1/8 scale straight away (draft mode):
  libjpeg still reads every byte, but never holds the full-size image; memory is that of the small copy;
- a progressive JPEG (how many web images are saved) is decoded at reduced scale too, but libjpeg keeps
  every DCT coefficient of the whole image until the last scan: about 3 bytes per pixel (6 without
  colour subsampling), so 25 MP cost 75–150 MB;
- PNG and WebP have no reduced-scale decoding: every pixel is decoded, 3–4 bytes each (more with
  16-bit channels), so 16 MP cost about 64 MB before the image can be shrunk.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

# 50 MP takes the full-resolution modes of today's phones (8160×6120 is 49.9 MP) and no more.
MAX_JPEG_PIXELS = 50_000_000
MAX_PROGRESSIVE_JPEG_PIXELS = 25_000_000
MAX_OTHER_PIXELS = 16_000_000
# The largest budget: nothing above it is ever decoded, whatever the format.
MAX_PIXELS = MAX_JPEG_PIXELS


@dataclass(frozen=True)
class PixelBudget:
    """The most pixels accepted for one kind of photo, and how to name that kind in a message."""

    max_pixels: int
    kind: str
    advice: str


JPEG = PixelBudget(MAX_JPEG_PIXELS, "JPEG photos", "Send a smaller copy of the photo.")
PROGRESSIVE_JPEG = PixelBudget(
    MAX_PROGRESSIVE_JPEG_PIXELS,
    "progressive JPEGs (a way web images are often saved, which takes far more memory to read)",
    f"Send the photo as your camera saved it (JPEG photos are accepted up to {MAX_JPEG_PIXELS // 1_000_000} "
    "megapixels), or a smaller copy.",
)
OTHER = PixelBudget(
    MAX_OTHER_PIXELS,
    "{fmt} photos",
    f"Send a smaller copy of the photo, or the JPEG straight from your camera (accepted up to "
    f"{MAX_JPEG_PIXELS // 1_000_000} megapixels).",
)


def budget_for(image: Image.Image, fmt: str) -> PixelBudget:
    """The budget for an opened (not yet decoded) image whose format is fmt."""
    if fmt in ("JPEG", "MPO"):
        return PROGRESSIVE_JPEG if image.info.get("progressive") or image.info.get("progression") else JPEG
    return PixelBudget(OTHER.max_pixels, OTHER.kind.format(fmt=fmt), OTHER.advice)


def over_budget_message(size: tuple[int, int], budget: PixelBudget) -> str:
    """What is wrong and what to do, for a photo with more pixels than its budget."""
    width, height = size
    return (
        f"The photo is {width}×{height} pixels ({width * height / 1e6:.0f} megapixels); {budget.kind} are "
        f"accepted up to {budget.max_pixels // 1_000_000} megapixels, far more than posture analysis needs. "
        f"{budget.advice}"
    )

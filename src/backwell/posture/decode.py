"""Safe photo decoding: refuse bad uploads with a clear message, orient, downscale, strip all metadata."""

from __future__ import annotations

import io
import math
import os
from dataclasses import dataclass

from PIL import Image, ImageFile

from backwell.posture.budget import MAX_PIXELS, budget_for, over_budget_message

# A photo for posture needs about 1000 px of height (the model itself looks at ~256 px; the person
# drags points on this photo); bigger ones are scaled down while decoding, to at most MAX_SIDE.
MAX_SIDE = 1280
# A large JPEG is decoded at 1/2, 1/4 or 1/8 scale, the smallest whose long side is still at least this.
DRAFT_MIN_SIDE = 960
MAX_PHOTO_BYTES = 40 * 1024 * 1024
# More pixels per byte than this means the file inflates far beyond any real photo: a decompression bomb.
BOMB_PIXELS_PER_BYTE = 400
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
ORIENTATION_TAG = 0x0112
# EXIF orientation → the transposition that shows the photo upright (as ImageOps.exif_transpose does).
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# Modes Pillow resizes exactly (alpha premultiplied); others are made RGB first.
RESIZABLE_MODES = ("RGB", "RGBA", "L", "LA")

# Pillow's own bomb guard (it warns above MAX_IMAGE_PIXELS, raises at twice that), set explicitly as a
# backstop above our largest budget, so that our own check, which can say what is wrong, speaks first.
Image.MAX_IMAGE_PIXELS = 4 * MAX_PIXELS

EXTENSION_FORMATS = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".jfif": "JPEG",
    ".png": "PNG",
    ".apng": "PNG",
    ".webp": "WEBP",
    ".gif": "GIF",
}
MIME_FORMATS = {
    "image/jpeg": "JPEG",
    "image/jpg": "JPEG",
    "image/pjpeg": "JPEG",
    "image/png": "PNG",
    "image/apng": "PNG",
    "image/webp": "WEBP",
    "image/gif": "GIF",
}
AGAIN = "Please choose a JPEG or PNG photo straight from your camera and try again."


class InputRefused(ValueError):
    """An upload backwell will not analyse; str(exc) says what is wrong and what to do."""


@dataclass(frozen=True)
class DecodedPhoto:
    """An upright RGB photo, at most MAX_SIDE px on its long side, with no metadata at all."""

    image: Image.Image
    original_size: tuple[int, int]
    source_format: str

    def jpeg_bytes(self, quality: int = 88) -> bytes:
        """The clean photo to store: re-encoded from pixels, so no EXIF, GPS, XMP or ICC text survives."""
        out = io.BytesIO()
        self.image.save(out, "JPEG", quality=quality, optimize=False)
        return out.getvalue()


def _claimed_format(filename: str | None, content_type: str | None) -> tuple[str | None, str]:
    """The format a file's name or declared type claims, and how it claimed it (for the message)."""
    if content_type:
        base = content_type.split(";")[0].strip().lower()
        if base in MIME_FORMATS:
            return MIME_FORMATS[base], f"declared as {base}"
        if base and base not in ("application/octet-stream", "binary/octet-stream"):
            return base, f"declared as {base}"
    if filename:
        ext = os.path.splitext(filename)[1].lower()
        if ext in EXTENSION_FORMATS:
            return EXTENSION_FORMATS[ext], f"named {os.path.basename(filename)}"
        if ext:
            return ext, f"named {os.path.basename(filename)}"
    return None, ""


def _refuse_mismatch(actual: str, filename: str | None, content_type: str | None) -> None:
    for claimed, how in (_claimed_format(None, content_type), _claimed_format(filename, None)):
        if claimed is not None and claimed != actual:
            raise InputRefused(
                f"The file is {how} but it contains a {actual} image. Files whose content does not match "
                f"their type are refused. {AGAIN}"
            )


def decode_photo(
    data: bytes, *, filename: str | None = None, content_type: str | None = None, max_side: int = MAX_SIDE
) -> DecodedPhoto:
    """Check and decode an uploaded photo; raise InputRefused with a clear message for anything unsafe."""
    image, fmt = _open_checked(data, filename, content_type)
    return _decode(image, fmt, max_side)


def check_photo(data: bytes, *, filename: str | None = None, content_type: str | None = None) -> None:
    """Every refusal decode_photo would make before decoding, from the file's header alone.

    A request with several photos checks them all first, so a bad fifth photo costs nothing.
    """
    image, _ = _open_checked(data, filename, content_type)
    image.close()


def _open_checked(data: bytes, filename: str | None, content_type: str | None) -> tuple[Image.Image, str]:
    """The opened (header read, no pixel decoded) image and its format, or InputRefused."""
    if not data:
        raise InputRefused(f"The file is empty (0 bytes): the upload did not arrive. {AGAIN}")
    if len(data) > MAX_PHOTO_BYTES:
        raise InputRefused(
            f"The file is {len(data) / 1024 / 1024:.0f} MB; photos up to {MAX_PHOTO_BYTES // 1024 // 1024} MB "
            "are accepted. Send the photo at your camera's normal size."
        )
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        # Someone switched Pillow to accept broken files; truncated uploads must still be refused.
        raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES is on; backwell needs it off")
    # Pillow raises DecompressionBombError above 2 × MAX_IMAGE_PIXELS and warns above it; the warning is
    # only an exception where warnings are made errors (it is caught for that case). The warning filters
    # are not changed here: they are process-wide and a web server decodes in several threads. Our own
    # checks below refuse every size Pillow would warn about, before any pixel is decoded.
    try:
        image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputRefused(BOMB_MESSAGE) from None
    except Exception:
        raise InputRefused(f"This file is not a photo backwell can read. {AGAIN}") from None
    try:
        return image, _checked_format(image, len(data), filename, content_type)
    except InputRefused:
        image.close()
        raise


BOMB_MESSAGE = (
    "This file claims far more pixels than its size allows; files built to exhaust memory "
    f"(decompression bombs) are refused. {AGAIN}"
)


def _checked_format(image: Image.Image, nbytes: int, filename: str | None, content_type: str | None) -> str:
    fmt = image.format or "unknown"
    width, height = image.size
    if width * height / nbytes > BOMB_PIXELS_PER_BYTE:
        raise InputRefused(BOMB_MESSAGE)
    if fmt == "MPO":
        # Many phone cameras write MPO: a JPEG followed by extra images (a depth map, a preview).
        # The first image is the photo; the rest is never decoded.
        fmt = "JPEG"
    elif getattr(image, "is_animated", False) or getattr(image, "n_frames", 1) > 1:
        raise InputRefused(
            f"This {fmt} is an animation; backwell needs a still photo. Take a photo (or a short video) instead."
        )
    if fmt not in ACCEPTED_FORMATS:
        raise InputRefused(f"{fmt} files are not accepted; photos in JPEG, PNG or WebP are. {AGAIN}")
    _refuse_mismatch(fmt, filename, content_type)
    if width < 64 or height < 64:
        raise InputRefused(
            f"The photo is only {width}×{height} pixels; a person standing needs far more. {AGAIN}"
        )
    budget = budget_for(image, fmt)
    if width * height > budget.max_pixels:
        raise InputRefused(over_budget_message(image.size, budget))
    return fmt


def _draft(image: Image.Image, max_side: int) -> None:
    """Let libjpeg decode at 1/2, 1/4 or 1/8 scale straight away (the smallest scale still at least the
    target size): a 24 MP photo never exists in memory at full size."""
    width, height = image.size
    target = min(max_side, DRAFT_MIN_SIDE)
    if max(width, height) >= 2 * target:
        scale = target / max(width, height)
        image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))


def _decode(image: Image.Image, fmt: str, max_side: int) -> DecodedPhoto:
    original_size = image.size
    try:
        if fmt == "JPEG":
            _draft(image, max_side)
        image.load()
        orientation = image.getexif().get(ORIENTATION_TAG, 1)
        # Shrink first, then convert and turn: each step after the first works on the small image.
        if image.mode not in RESIZABLE_MODES:
            image = _to_rgb(image)
        if max(image.size) > max_side:
            image.thumbnail((max_side, max_side), Image.Resampling.BILINEAR, reducing_gap=2.0)
        if image.mode != "RGB":
            image = _to_rgb(image)
        if orientation in UPRIGHT:
            image = image.transpose(UPRIGHT[orientation])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputRefused(BOMB_MESSAGE) from None
    except Exception:
        raise InputRefused(
            f"The photo could not be read completely: it is truncated or damaged (often an upload that "
            f"stopped early). {AGAIN}"
        ) from None
    # A fresh image from the pixels alone: nothing from the file (EXIF, GPS, XMP, ICC, text chunks,
    # comments) can travel further. Wide-gamut photos lose their colour profile and look slightly duller.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    return DecodedPhoto(clean, original_size, fmt)


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB on white: transparent areas become white, not whatever colour hides behind the alpha."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    if image.mode.startswith("I"):
        # 16-bit grey (PNG): keep the top 8 bits; a plain conversion would clip every value above 255,
        # turning the photo white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    return image.convert("RGB")

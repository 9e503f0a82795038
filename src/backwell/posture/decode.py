"""Safe photo decoding: refuse bad uploads with a clear message, orient, downscale, strip all metadata."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

from PIL import Image, ImageFile, ImageOps

# A photo for posture needs about 1000 px of height; bigger ones are scaled down while decoding.
MAX_SIDE = 1280
MAX_PHOTO_BYTES = 40 * 1024 * 1024
# 100 megapixels and more is refused outright: no phone photo of a standing person needs it.
MAX_PIXELS = 100_000_000
# More pixels per byte than this means the file inflates far beyond any real photo: a decompression bomb.
BOMB_PIXELS_PER_BYTE = 400
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
ORIENTATION_TAG = 0x0112

# Pillow's own bomb guard (it warns above MAX_IMAGE_PIXELS, raises at twice that), set explicitly as a
# backstop above our limit, so that our own check, which can say what is wrong, speaks first.
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
    # check below refuses every size Pillow would warn about, before any pixel is decoded.
    try:
        image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputRefused(_too_big_message(None, len(data))) from None
    except Exception:
        raise InputRefused(f"This file is not a photo backwell can read. {AGAIN}") from None
    return _decode_opened(image, data, filename, content_type, max_side)


def _too_big_message(size: tuple[int, int] | None, nbytes: int) -> str:
    if size is None or size[0] * size[1] / max(nbytes, 1) > BOMB_PIXELS_PER_BYTE:
        return (
            "This file claims far more pixels than its size allows; files built to exhaust memory "
            f"(decompression bombs) are refused. {AGAIN}"
        )
    megapixels = size[0] * size[1] / 1e6
    return (
        f"The photo is {size[0]}×{size[1]} pixels ({megapixels:.0f} megapixels); photos under "
        f"{MAX_PIXELS // 1_000_000} megapixels are accepted. Use your camera's normal photo mode, "
        "or resize the photo."
    )


def _decode_opened(
    image: Image.Image, data: bytes, filename: str | None, content_type: str | None, max_side: int
) -> DecodedPhoto:
    fmt = image.format or "unknown"
    width, height = image.size
    if width * height >= MAX_PIXELS or width * height / len(data) > BOMB_PIXELS_PER_BYTE:
        raise InputRefused(_too_big_message(image.size, len(data)))
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
    try:
        if fmt == "JPEG" and max(width, height) > max_side:
            # Let libjpeg decode at 1/2, 1/4 or 1/8 scale straight away (the largest scale still at least
            # the target size): a 24 MP photo never exists in memory at full size.
            scale = max_side / max(width, height)
            image.draft("RGB", (round(width * scale), round(height * scale)))
        image.load()
        if image.getexif().get(ORIENTATION_TAG, 1) != 1:
            image = ImageOps.exif_transpose(image)
        if image.mode != "RGB":
            image = _to_rgb(image)
        if max(image.size) > max_side:
            image.thumbnail((max_side, max_side), Image.Resampling.BILINEAR, reducing_gap=2.0)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputRefused(_too_big_message(None, len(data))) from None
    except Exception:
        raise InputRefused(
            f"The photo could not be read completely: it is truncated or damaged (often an upload that "
            f"stopped early). {AGAIN}"
        ) from None
    # A fresh image from the pixels alone: nothing from the file (EXIF, GPS, XMP, ICC, text chunks,
    # comments) can travel further. Wide-gamut photos lose their colour profile and look slightly duller.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    return DecodedPhoto(clean, (width, height), fmt)


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB on white: transparent areas become white, not whatever colour hides behind the alpha."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")

"""Files a person (or an attacker) might upload that posture analysis must refuse."""

from __future__ import annotations

import io
import struct
import tempfile
import zlib
from pathlib import Path

from PIL import Image


def png_bytes(width: int = 200, height: int = 300) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (120, 140, 160)).save(out, "PNG")
    return out.getvalue()


def truncated_jpeg(photo: bytes) -> bytes:
    """A real photo cut off half-way, as when an upload stops early."""
    return photo[: len(photo) // 2]


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def decompression_bomb_png() -> bytes:
    """A few hundred bytes that claim 30000×30000 pixels (900 megapixels)."""
    header = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    row = b"\x00" + b"\x00" * 3 * 30000
    compressed = zlib.compress(row * 4, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", compressed)
        + _png_chunk(b"IEND", b"")
    )


def hundred_megapixel_jpeg() -> bytes:
    """A JPEG whose header says 10000×10000 (100 MP), with enough bytes that it is not a bomb."""
    out = io.BytesIO()
    Image.new("RGB", (100, 100), (90, 90, 90)).save(out, "JPEG")
    data = bytearray(out.getvalue())
    sof = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, 10000, 10000)
    # Real detail would make a 100 MP photo tens of MB; 300 kB of padding keeps it out of the bomb ratio.
    return bytes(data) + b"\x00" * 300_000


def animated_png() -> bytes:
    frames = [Image.new("RGB", (200, 300), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    out = io.BytesIO()
    frames[0].save(out, "PNG", save_all=True, append_images=frames[1:], duration=200, loop=0)
    return out.getvalue()


def long_video(seconds: float = 20.0, fps: float = 2.0) -> bytes:
    """An MP4 longer than the core accepts (tiny frames, so it is quick to make)."""
    import cv2
    import numpy as np

    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "long.mp4")
        writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*"mp4v"), fps, (64, 64))
        for i in range(int(seconds * fps)):
            writer.write(np.full((64, 64, 3), i % 255, dtype=np.uint8))
        writer.release()
        return Path(path).read_bytes()

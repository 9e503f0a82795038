"""Large uploads for the resource-bound tests: files whose headers claim many pixels (built without ever
holding those pixels in memory), and videos of a chosen frame size and rate."""

from __future__ import annotations

import io
import os
import struct
import tempfile
import zlib
from pathlib import Path

import numpy as np
from PIL import Image


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_claiming(width: int, height: int, nbytes: int = 360_000) -> bytes:
    """A PNG whose header says width×height RGB pixels, nbytes long like the probe's 360 KB 9990×9990 file.

    Its compressed data is noise: any attempt to decode it fails, so a refusal that succeeds can only
    have come from the header.
    """
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", os.urandom(nbytes))
        + _png_chunk(b"IEND", b"")
    )


def jpeg_claiming(width: int, height: int, *, progressive: bool = False, nbytes: int = 400_000) -> bytes:
    """A small real JPEG whose frame header is changed to say width×height, padded to nbytes."""
    out = io.BytesIO()
    Image.new("RGB", (100, 100), (90, 90, 90)).save(out, "JPEG", progressive=progressive)
    data = bytearray(out.getvalue())
    frame = data.find(b"\xff\xc2" if progressive else b"\xff\xc0")
    struct.pack_into(">HH", data, frame + 5, height, width)
    return bytes(data) + b"\x00" * max(0, nbytes - len(data))


def video(width: int, height: int, fps: float, seconds: float = 1.0) -> bytes:
    """An MP4 of flat grey frames."""
    import cv2

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "clip.mp4"
        writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (width, height))
        for i in range(max(1, int(seconds * fps))):
            writer.write(np.full((height, width, 3), i % 255, dtype=np.uint8))
        writer.release()
        return path.read_bytes()

"""Upload safety: every bad file of issue 6 is refused with its message; good ones are oriented, shrunk, stripped."""

from __future__ import annotations

import io
import os
import struct
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from backwell.posture.decode import MAX_SIDE, InputRefused, decode_photo
from backwell.posture.video import read_video

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg(size: tuple[int, int] = (300, 400), **save: object) -> bytes:
    rng = np.random.default_rng(1)
    image = Image.fromarray(rng.integers(0, 255, (size[1], size[0], 3), dtype=np.uint8))
    out = io.BytesIO()
    image.save(out, "JPEG", **save)
    return out.getvalue()


def png(size: tuple[int, int] = (300, 400)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (90, 120, 150)).save(out, "PNG")
    return out.getvalue()


def refused(data: bytes, **claims: str) -> str:
    with pytest.raises(InputRefused) as caught:
        decode_photo(data, **claims)
    return str(caught.value)


@pytest.fixture
def private_tmp(monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty temporary directory used as the process's temp dir, to see whether anything is left."""
    path = Path(tempfile.mkdtemp(prefix="backwell-test-"))
    monkeypatch.setattr(tempfile, "tempdir", str(path))
    yield path
    for leftover in path.iterdir():
        leftover.unlink()
    path.rmdir()


def test_zero_bytes_is_refused_as_empty(private_tmp: Path) -> None:
    assert "empty (0 bytes)" in refused(b"")
    assert list(private_tmp.iterdir()) == []


def test_a_text_file_is_not_a_photo() -> None:
    assert "not a photo backwell can read" in refused(b"name,age\nana,34\n" * 20, filename="notes.jpg")


def test_a_truncated_jpeg_is_refused_as_damaged() -> None:
    data = jpeg()
    assert "truncated or damaged" in refused(data[: len(data) // 2])


def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")  # 144 megapixels squeezed into a few kB
    assert len(out.getvalue()) < 100_000
    assert "decompression bombs" in refused(out.getvalue())


def _claim_size(data: bytes, width: int, height: int) -> bytes:
    """The same JPEG with its frame header (SOF0) claiming another size."""
    at = data.index(b"\xff\xc0")
    return data[: at + 5] + struct.pack(">HH", height, width) + data[at + 9 :]


def test_a_100_megapixel_photo_is_refused_with_its_size() -> None:
    # A real 100 MP JPEG is 20–40 MB; the claimed size is what must be refused, before any decoding.
    data = _claim_size(jpeg(), 12000, 9000) + os.urandom(400_000)
    message = refused(data)
    assert "12000×9000 pixels (108 megapixels)" in message
    assert "JPEG photos are accepted up to 50 megapixels" in message


def test_a_file_claiming_a_billion_pixels_is_stopped_by_pillows_own_guard_with_our_message() -> None:
    assert "decompression bombs" in refused(_claim_size(jpeg(), 32000, 32000))


@pytest.mark.parametrize("fmt", ["PNG", "GIF"])
def test_an_animation_is_refused(fmt: str) -> None:
    frames = [Image.new("RGB", (200, 200), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    out = io.BytesIO()
    frames[0].save(out, fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert "is an animation; backwell needs a still photo" in refused(out.getvalue())


def test_a_file_whose_name_claims_another_type_is_refused() -> None:
    message = refused(png(), filename="me.jpg")
    assert "named me.jpg but it contains a PNG image" in message


def test_a_file_whose_declared_type_is_wrong_is_refused() -> None:
    assert "declared as image/png but it contains a JPEG image" in refused(jpeg(), content_type="image/png")


def test_an_unsupported_format_says_which_formats_are_accepted() -> None:
    out = io.BytesIO()
    Image.new("RGB", (200, 200)).save(out, "BMP")
    assert "BMP files are not accepted; photos in JPEG, PNG or WebP are" in refused(out.getvalue())


def test_a_large_photo_is_downscaled_while_decoding(photos: Path) -> None:
    data = (photos / "4d-humans/pexels-anete-lusina-4793258.jpg").read_bytes()
    photo = decode_photo(data, filename="big.jpg", content_type="image/jpeg")
    assert photo.original_size == (4016, 6016)
    assert max(photo.image.size) == MAX_SIDE
    assert photo.image.size[0] == pytest.approx(4016 * MAX_SIDE / 6016, abs=1)


def test_exif_orientation_is_applied() -> None:
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # stored sideways: rotate 90° clockwise to view
    photo = decode_photo(jpeg((400, 300), exif=exif.tobytes()))
    assert photo.image.size == (300, 400)


def test_gps_and_all_other_metadata_are_stripped() -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x0131] = "SecretApp 1.0"  # software
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 22.0, 7.5), 3: "E", 4: (4.0, 53.0, 40.2)})
    source = jpeg(exif=exif.tobytes(), icc_profile=b"\x00" * 128, comment=b"home address")
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(GPS_IFD)  # the test photo really has GPS

    clean_bytes = decode_photo(source).jpeg_bytes()
    clean = Image.open(io.BytesIO(clean_bytes))
    assert len(clean.getexif()) == 0
    assert not clean.getexif().get_ifd(GPS_IFD)
    assert "icc_profile" not in clean.info and "exif" not in clean.info and "comment" not in clean.info
    for secret in (b"Exif\x00\x00", b"PhoneMaker", b"SecretApp", b"home address"):
        assert secret not in clean_bytes


def test_a_transparent_png_is_flattened_on_white() -> None:
    image = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    photo = decode_photo(out.getvalue(), filename="x.png")
    assert photo.image.mode == "RGB" and photo.image.getpixel((50, 50)) == (255, 255, 255)


def _video(path: Path, seconds: float, fps: float = 4.0) -> bytes:
    import cv2

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (160, 120))
    for i in range(int(seconds * fps)):
        writer.write(np.full((120, 160, 3), i % 255, dtype=np.uint8))
    writer.release()
    return path.read_bytes()


def test_a_video_longer_than_15_seconds_is_refused_and_nothing_is_left_behind(private_tmp: Path) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        data = _video(Path(workdir) / "long.mp4", seconds=16)
    with pytest.raises(InputRefused, match=r"16 seconds long; up to 15 seconds are accepted"):
        read_video(data, filename="long.mp4")
    assert list(private_tmp.iterdir()) == []


def test_a_short_video_gives_evenly_spaced_frames(private_tmp: Path) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        data = _video(Path(workdir) / "short.mp4", seconds=5)
    video = read_video(data, filename="short.mp4", content_type="video/mp4", max_frames=5)
    assert len(video.frames) == 5
    assert video.times_s == pytest.approx([0.0, 1.25, 2.5, 3.5, 4.75], abs=0.26)
    assert video.frames[0].shape == (120, 160, 3)
    assert list(private_tmp.iterdir()) == []


def test_an_unreadable_video_is_refused_and_nothing_is_left_behind(private_tmp: Path) -> None:
    data = b"\x00\x00\x00\x18ftypmp42" + os.urandom(5000)
    with pytest.raises(InputRefused, match="damaged"):
        read_video(data, filename="clip.mp4")
    assert list(private_tmp.iterdir()) == []


def test_a_video_named_as_a_photo_is_refused(private_tmp: Path) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        data = _video(Path(workdir) / "short.mp4", seconds=1)
    with pytest.raises(InputRefused, match="named clip.png but it contains a MP4 video"):
        read_video(data, filename="clip.png")


def test_an_empty_video_upload_is_refused() -> None:
    with pytest.raises(InputRefused, match=r"empty \(0 bytes\)"):
        read_video(b"", filename="clip.mp4")


def test_a_phone_mpo_photo_is_read_as_its_first_image() -> None:
    # MPO (a JPEG followed by a depth map or preview) is what many phone cameras save: not an animation.
    first = Image.new("RGB", (300, 400), (200, 30, 30))
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[Image.new("RGB", (300, 400), (0, 0, 0))])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    photo = decode_photo(out.getvalue(), filename="IMG_0001.JPG", content_type="image/jpeg")
    red, green, blue = photo.image.getpixel((150, 200))
    assert red > 180 and green < 60 and blue < 60

"""Bounded resources for uploads (issue 13): pixel budgets checked from the header, reduced-scale decoding."""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Literal

import pytest
from PIL import Image, ImageFile

from backwell.posture import analysis
from backwell.posture.analysis import Upload, analyze_photos
from backwell.posture.decode import MAX_SIDE, InputRefused, check_photo, decode_photo
from backwell.posture.video import read_video

from .large_uploads import jpeg_claiming, png_claiming, video

ORIENTATION = 0x0112
RED = (230, 20, 20)


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The size of every image whose pixels Pillow decodes during the test (the decoder keeps working)."""
    sizes: list[tuple[int, int]] = []
    load = ImageFile.ImageFile.load

    def recording_load(self: ImageFile.ImageFile) -> object:
        pending = bool(self.tile)  # load() decodes once; later calls return the pixels already there
        result = load(self)
        if pending:
            sizes.append(self.size)
        return result

    monkeypatch.setattr(ImageFile.ImageFile, "load", recording_load)
    return sizes


@pytest.fixture
def no_decoding(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Decoding any pixel fails (and is recorded): a refusal must come from the header alone."""
    attempts: list[str] = []

    def forbidden(self: ImageFile.ImageFile) -> object:
        attempts.append(f"{self.format} {self.size}")
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", forbidden)
    return attempts


def refused(data: bytes, filename: str | None = None, content_type: str | None = None) -> str:
    with pytest.raises(InputRefused) as caught:
        decode_photo(data, filename=filename, content_type=content_type)
    return str(caught.value)


def test_the_probes_9990_square_png_is_refused_from_its_header_without_decoding(
    no_decoding: list[str],
) -> None:
    data = png_claiming(9990, 9990)
    assert len(data) < 400_000  # small enough to pass the byte limit and the bomb ratio

    message = refused(data, filename="me.png", content_type="image/png")

    assert no_decoding == []
    assert "The photo is 9990×9990 pixels (100 megapixels)" in message
    assert "PNG photos are accepted up to 16 megapixels" in message
    assert "Send a smaller copy of the photo" in message


@pytest.mark.parametrize(
    ("data", "limit"),
    [
        (png_claiming(4001, 4000), "PNG photos are accepted up to 16 megapixels"),
        (jpeg_claiming(5001, 5000, progressive=True), "progressive JPEGs"),
        (jpeg_claiming(8200, 6200), "JPEG photos are accepted up to 50 megapixels"),
    ],
    ids=["png", "progressive jpeg", "jpeg"],
)
def test_each_kind_of_photo_is_refused_just_above_its_budget(
    data: bytes, limit: str, no_decoding: list[str]
) -> None:
    assert limit in refused(data)
    assert no_decoding == []


@pytest.mark.parametrize(
    "data",
    [png_claiming(4000, 4000), jpeg_claiming(5000, 5000, progressive=True), jpeg_claiming(8160, 6120)],
    ids=["16 MP png", "25 MP progressive jpeg", "50 MP phone jpeg"],
)
def test_photos_at_their_budget_pass_the_header_check_without_decoding(
    data: bytes, no_decoding: list[str]
) -> None:
    check_photo(data)  # raises InputRefused when refused
    assert no_decoding == []


def test_a_24_megapixel_jpeg_is_decoded_at_a_quarter_of_its_size(
    photos: Path, decoded: list[tuple[int, int]]
) -> None:
    data = (photos / "4d-humans/pexels-anete-lusina-4793258.jpg").read_bytes()

    photo = decode_photo(data)

    assert photo.original_size == (4016, 6016)
    assert decoded == [(1004, 1504)]  # the full 4016×6016 never existed in memory
    assert photo.image.size == (854, MAX_SIDE)


def _camera_jpeg(size: tuple[int, int], orientation: int = 1) -> bytes:
    """A baseline JPEG as a camera writes it, with a red square in its stored top-left corner."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    image.paste(RED, (0, 0, size[0] // 10, size[0] // 10))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def _is_red(pixel: object) -> bool:
    assert isinstance(pixel, tuple)
    red, green, blue = pixel
    return red > 180 and green < 80 and blue < 80


def test_a_12_megapixel_camera_jpeg_is_decoded_at_a_quarter_and_kept_at_that_size(
    decoded: list[tuple[int, int]],
) -> None:
    photo = decode_photo(_camera_jpeg((3000, 4000)))

    assert decoded == [(750, 1000)]
    assert photo.image.size == (750, 1000)
    assert _is_red(photo.image.getpixel((10, 10)))


def test_exif_orientation_is_still_honoured_when_decoding_at_reduced_scale(
    decoded: list[tuple[int, int]],
) -> None:
    # Stored sideways (4000×3000) with orientation 6: turned 90° clockwise it is an upright 3000×4000 photo,
    # and the stored top-left corner becomes the top-right one.
    photo = decode_photo(_camera_jpeg((4000, 3000), orientation=6))

    assert decoded == [(1000, 750)]
    assert photo.image.size == (750, 1000)
    assert _is_red(photo.image.getpixel((740, 10)))
    assert not _is_red(photo.image.getpixel((10, 10)))


def test_several_photos_are_all_checked_before_any_is_decoded_or_measured(
    monkeypatch: pytest.MonkeyPatch, no_decoding: list[str]
) -> None:
    measured: list[object] = []
    monkeypatch.setattr(analysis.model, "detect", lambda image: measured.append(image))
    uploads = [Upload(_camera_jpeg((600, 800)), "1.jpg", "image/jpeg")] * 4 + [
        Upload(png_claiming(9990, 9990), "5.png", "image/png")
    ]

    with pytest.raises(InputRefused, match=r"^Photo 5 of 5: The photo is 9990×9990 pixels"):
        analyze_photos(uploads, "front")

    assert no_decoding == [] and measured == []


def test_an_8k_video_is_refused_from_its_header(monkeypatch: pytest.MonkeyPatch) -> None:
    # An 8K test video would take seconds to write; a 4K budget scaled down to 160×120 tests the same check.
    monkeypatch.setattr("backwell.posture.video.MAX_VIDEO_FRAME_PIXELS", 160 * 120)
    read_video(video(160, 120, fps=4), filename="ok.mp4", max_frames=1)

    with pytest.raises(InputRefused, match=r"frames are 176×120 pixels; videos up to 4K \(4096×2160\)"):
        read_video(video(176, 120, fps=4), filename="big.mp4", max_frames=1)


def test_a_slow_motion_video_is_refused_with_its_frame_rate() -> None:
    read_video(video(64, 64, fps=60), filename="normal.mp4", max_frames=1)

    with pytest.raises(InputRefused, match=r"recorded at 240 frames a second \(slow motion\); up to 60"):
        read_video(video(64, 64, fps=240), filename="slow.mp4", max_frames=1)


def test_a_16_bit_grey_png_keeps_its_tones() -> None:
    # A dark-to-light gradient over the full 16-bit range, as scanners and some editors save it.
    image = Image.linear_gradient("L").resize((300, 400)).convert("I").point(lambda v: v * 257)
    image = image.convert("I;16")
    out = io.BytesIO()
    image.save(out, "PNG")
    assert Image.open(io.BytesIO(out.getvalue())).mode == "I;16"

    photo = decode_photo(out.getvalue())

    top, bottom = photo.image.getpixel((150, 5)), photo.image.getpixel((150, 395))
    assert top == pytest.approx((3, 3, 3), abs=4) and bottom == pytest.approx((250, 250, 250), abs=6)


@pytest.mark.parametrize("pillow_warning", ["ignore", "error"])
def test_pillows_own_bomb_warning_never_replaces_a_clear_message(
    pillow_warning: Literal["ignore", "error"],
) -> None:
    # 300 MP lies between Pillow's warning (200 MP here) and its error (400 MP); a server run with
    # warnings made errors sees the warning as an exception.
    data = jpeg_claiming(20000, 15000, nbytes=800_000)
    with warnings.catch_warnings():
        warnings.simplefilter(pillow_warning, Image.DecompressionBombWarning)
        message = refused(data)
    if pillow_warning == "error":
        assert "decompression bombs) are refused" in message
    else:
        assert "20000×15000 pixels (300 megapixels); JPEG photos are accepted up to 50 megapixels" in message

"""Uploading posture photos through the web form: what is stored, what is refused, and what is left behind."""

from __future__ import annotations

import html
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import ExifTags, Image, ImageFile

from backwell.posture.decode import decode_photo
from backwell.posture.video import read_video
from backwell.web.photos.models import PostureAnalysisRecord, PosturePhoto, PostureVideoJob
from backwell.web.photos.services import photo_preference_set
from backwell.web.photos.views import MAX_REQUEST_BYTES
from tests.posture.large_uploads import png_claiming
from tests.web.factories import UserFactory

from . import bad_uploads
from .conftest import files_under

pytestmark = [pytest.mark.django_db, pytest.mark.vision]


def _upload(
    client: Client, name: str, data: bytes, content_type: str, view: str = "front", field: str = "chosen"
):
    return client.post(
        "/photos/", {"view": view, field: SimpleUploadedFile(name, data, content_type=content_type)}
    )


def _page_text(response) -> str:
    return html.unescape(response.content.decode())


def _photo_with_location(photo: bytes) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretPhoneMaker"
    exif[ExifTags.Base.GPSInfo] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    out = io.BytesIO()
    with Image.open(io.BytesIO(photo)) as image:
        image.save(out, "JPEG", exif=exif, quality=92, comment=b"taken at 12 Home Street")
    data = out.getvalue()
    assert b"SecretPhoneMaker" in data and b"Home Street" in data
    return data


def test_a_front_photo_is_analysed_and_stored_privately_without_location_or_camera_details(
    client: Client, front_photo: bytes, private_root: Path, settings
) -> None:
    me = UserFactory()
    client.force_login(me)

    response = _upload(
        client, "IMG_0042.jpg", _photo_with_location(front_photo), "image/jpeg", field="camera"
    )

    record = PostureAnalysisRecord.objects.get(user=me)
    assert response.status_code == 302
    assert response["Location"] == f"/photos/analysis/{record.pk}/"
    photo = record.photo
    assert photo is not None and (photo.width, photo.height) == (720, 1280)
    stored = photo.path
    assert stored.is_file()
    # Under PRIVATE_ROOT/<pk>/, with a random name, and nowhere under the public media folder.
    assert stored.parent.parent == private_root / str(me.pk)
    assert "IMG_0042" not in stored.name
    assert not files_under(Path(settings.MEDIA_ROOT))
    data = stored.read_bytes()
    assert b"SecretPhoneMaker" not in data and b"Home Street" not in data
    with Image.open(stored) as image:
        exif = image.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.Base.Make not in exif
        assert "exif" not in image.info and "comment" not in image.info
    assert set(record.measures) >= {"shoulder_obliquity_deg", "pelvic_obliquity_deg"}
    assert record.landmarks["left_shoulder"]["x"] > 0


def test_several_photos_are_measured_together(client: Client, front_photo: bytes) -> None:
    me = UserFactory()
    client.force_login(me)
    files = [SimpleUploadedFile(f"p{i}.jpg", front_photo, content_type="image/jpeg") for i in range(2)]

    response = client.post("/photos/", {"view": "front", "chosen": files})

    assert response.status_code == 302
    record = PostureAnalysisRecord.objects.get(user=me)
    assert record.source == "photos" and record.frames == 2


def test_keeping_only_measures_writes_no_file_but_shows_the_photo_once(
    client: Client, front_photo: bytes, private_root: Path
) -> None:
    me = UserFactory()
    photo_preference_set(user=me, measures_only=True)
    client.force_login(me)

    response = _upload(client, "front.jpg", front_photo, "image/jpeg")

    assert response.status_code == 200
    record = PostureAnalysisRecord.objects.get(user=me)
    assert record.photo is None and record.measures
    assert PosturePhoto.objects.count() == 0
    assert files_under(private_root) == []
    assert 'src="data:image/jpeg;base64,' in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    # Coming back later shows the points without any photo.
    later = client.get(f"/photos/analysis/{record.pk}/")
    assert "data:image/jpeg" not in later.content.decode() and "/photos/photo/" not in later.content.decode()


def test_turning_measures_only_on_deletes_the_photos_already_kept(
    client: Client, front_photo: bytes, private_root: Path, django_capture_on_commit_callbacks
) -> None:
    me = UserFactory()
    client.force_login(me)
    _upload(client, "front.jpg", front_photo, "image/jpeg")
    assert len(files_under(private_root)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/photos/preference/", {"measures_only": "on"})

    assert response.status_code == 302
    assert files_under(private_root) == []
    assert PostureAnalysisRecord.objects.get(user=me).measures  # the measures stay


BAD_PHOTOS = {
    "not an image": ("notes.jpg", lambda photo: b"this is a shopping list, not a photo", "image/jpeg"),
    "truncated": ("front.jpg", bad_uploads.truncated_jpeg, "image/jpeg"),
    "decompression bomb": ("bomb.png", lambda photo: bad_uploads.decompression_bomb_png(), "image/png"),
    "100 megapixels": ("huge.jpg", lambda photo: bad_uploads.hundred_megapixel_jpeg(), "image/jpeg"),
    "animated png": ("moving.png", lambda photo: bad_uploads.animated_png(), "image/png"),
    "zero bytes": ("empty.jpg", lambda photo: b"", "image/jpeg"),
    "wrong claimed type": ("front.jpg", lambda photo: bad_uploads.png_bytes(), "image/jpeg"),
}


@pytest.mark.parametrize("case", sorted(BAD_PHOTOS))
def test_a_bad_photo_is_refused_with_the_reason_and_leaves_nothing_behind(
    client: Client, front_photo: bytes, private_root: Path, case: str
) -> None:
    name, make, content_type = BAD_PHOTOS[case]
    data = make(front_photo)
    with pytest.raises(ValueError) as refused:
        decode_photo(data, filename=name, content_type=content_type)
    me = UserFactory()
    client.force_login(me)

    response = _upload(client, name, data, content_type)

    assert response.status_code == 400
    assert str(refused.value) in _page_text(response)
    assert PostureAnalysisRecord.objects.count() == 0 and PosturePhoto.objects.count() == 0
    assert files_under(private_root) == []


@pytest.fixture
def no_decoding(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Decoding any pixel fails (and is recorded): a refusal must come from the header alone."""
    attempts: list[tuple[int, int]] = []

    def forbidden(self: ImageFile.ImageFile) -> object:
        attempts.append(self.size)
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", forbidden)
    return attempts


def test_a_photo_with_too_many_pixels_is_refused_with_the_limit_before_it_is_decoded(
    client: Client, private_root: Path, no_decoding: list[tuple[int, int]]
) -> None:
    client.force_login(UserFactory())

    response = _upload(client, "scan.png", png_claiming(9990, 9990), "image/png")

    assert response.status_code == 400
    text = _page_text(response)
    assert (
        "The photo is 9990×9990 pixels (100 megapixels); PNG photos are accepted up to 16 megapixels" in text
    )
    assert "Send a smaller copy of the photo" in text
    assert no_decoding == []
    assert PostureAnalysisRecord.objects.count() == 0 and PosturePhoto.objects.count() == 0
    assert files_under(private_root) == []


def test_one_oversized_photo_among_five_refuses_the_request_before_any_is_measured(
    client: Client, front_photo: bytes, private_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    measured: list[object] = []
    monkeypatch.setattr("backwell.posture.analysis.model.detect", lambda image: measured.append(image))
    client.force_login(UserFactory())
    files = [SimpleUploadedFile(f"p{i}.jpg", front_photo, content_type="image/jpeg") for i in range(4)]
    files.append(SimpleUploadedFile("p5.png", png_claiming(9990, 9990), content_type="image/png"))

    response = client.post("/photos/", {"view": "front", "chosen": files})

    assert response.status_code == 400
    assert "Photo 5 of 5: The photo is 9990×9990 pixels" in _page_text(response)
    assert measured == []
    assert PostureAnalysisRecord.objects.count() == 0 and PosturePhoto.objects.count() == 0
    assert files_under(private_root) == []


def test_a_video_that_is_too_long_is_refused_in_the_form_and_leaves_nothing_behind(
    client: Client, private_root: Path
) -> None:
    video = bad_uploads.long_video()
    with pytest.raises(ValueError) as refused:
        read_video(video, filename="walk.mp4", content_type="video/mp4", max_frames=1)
    client.force_login(UserFactory())

    response = _upload(client, "walk.mp4", video, "video/mp4")

    assert response.status_code == 400
    assert "20 seconds long" in str(refused.value)
    assert str(refused.value) in _page_text(response)
    assert PostureVideoJob.objects.count() == 0 and PostureAnalysisRecord.objects.count() == 0
    assert files_under(private_root) == []


def test_an_upload_larger_than_the_limit_is_answered_with_a_clear_message_before_it_is_read(
    client: Client, private_root: Path
) -> None:
    client.force_login(UserFactory())
    oversized = MAX_REQUEST_BYTES + 1

    response = client.generic(
        "POST", "/photos/", b"", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(oversized)
    )

    assert response.status_code == 413
    text = _page_text(response)
    assert f"up to {MAX_REQUEST_BYTES // (1024 * 1024)} MB can be sent at once" in text
    assert files_under(private_root) == []


def test_sending_the_form_with_no_file_asks_for_a_photo(client: Client) -> None:
    client.force_login(UserFactory())

    response = client.post("/photos/", {"view": "front"})

    assert response.status_code == 400
    assert "No photo arrived" in _page_text(response)


def test_a_photo_with_nobody_in_it_is_refused_with_what_to_fix(client: Client, private_root: Path) -> None:
    client.force_login(UserFactory())

    response = _upload(client, "wall.png", bad_uploads.png_bytes(400, 600), "image/png")

    assert response.status_code == 400
    assert "No person" in _page_text(response) or "no person" in _page_text(response)
    assert PostureAnalysisRecord.objects.count() == 0
    assert files_under(private_root) == []


def test_the_capture_page_offers_the_phone_camera_and_several_photos_or_a_video(client: Client) -> None:
    client.force_login(UserFactory())

    page = client.get("/photos/").content.decode()

    assert 'accept="image/*" capture="environment"' in page
    assert 'accept="image/*,video/*"' in page and "multiple" in page
    assert "2 to 3 metres" in page and "hip height" in page
    assert "cannot be measured from photos" in page


def test_coming_from_the_assessment_leads_back_to_it_after_the_review(
    client: Client, front_photo: bytes
) -> None:
    me = UserFactory()
    client.force_login(me)
    step = "/assessment/7/tests/"
    assert f'value="{step}"' in client.get(f"/photos/?next={step}").content.decode()

    response = client.post(
        "/photos/",
        {"view": "front", "next": step, "chosen": SimpleUploadedFile("f.jpg", front_photo, "image/jpeg")},
    )

    record = PostureAnalysisRecord.objects.get(user=me)
    assert response["Location"] == f"/photos/analysis/{record.pk}/?next=%2Fassessment%2F7%2Ftests%2F"
    review = client.get(response["Location"]).content.decode()
    assert f'<a class="button secondary" href="{step}">Back to the assessment</a>' in review
    assert f'name="next" value="{step}"' in review


def test_a_video_sent_together_with_photos_is_refused(
    client: Client, front_photo: bytes, private_root: Path
) -> None:
    client.force_login(UserFactory())
    video = bad_uploads.long_video(seconds=3.0)

    response = client.post(
        "/photos/",
        {
            "view": "front",
            "chosen": [
                SimpleUploadedFile("f.jpg", front_photo, "image/jpeg"),
                SimpleUploadedFile("v.mp4", video, "video/mp4"),
            ],
        },
    )

    assert response.status_code == 400
    assert "Send one video on its own" in _page_text(response)
    assert files_under(private_root) == [] and PostureVideoJob.objects.count() == 0


def test_the_honest_note_links_to_the_self_tests_of_the_assessment_in_progress(client: Client) -> None:
    from tests.web.factories import AssessmentFactory

    me = UserFactory()
    client.force_login(me)
    assert 'href="/assessment/">Go to the self-tests' in client.get("/photos/").content.decode()
    assessment = AssessmentFactory(user=me, step="tests")

    page = client.get("/photos/").content.decode()

    assert f'href="/assessment/{assessment.pk}/tests/">Go to the self-tests' in page

"""The camera coach in a real browser: a real squat video as the camera, reps counted in the page, no image sent."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Request, expect

from backwell.bench.coach import CHROMIUM, SQUAT_CLIP, clip_to_y4m, fake_camera_args
from backwell.engine.knowledge import load as load_knowledge
from backwell.web.programs.models import Program
from tests.web.assessment.test_wizard import _started, _walk
from tests.web.factories import DEFAULT_PASSWORD
from tests.web.programs.conftest import start_program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The clip: a person standing does three squats, the last one not quite back up (knee angles in
# pose_squats.full.json: 171° → 96° → 170°, → 87° → 177°, → 85° → 116°). The chair sit-to-stand
# starts seated, so a rep is counted on sitting down again: at the second and third bottoms, 2 reps.
# Played 3x slower, as this 2-core machine analyses about one frame a second (docs/coach.md "Speed"),
# after 12 s of standing still, so the squats start once the page's model is running.
SQUATS = 2
LEAD_S = 12.0
SLOWDOWN = 3.0
# Markers of image or video data in a request body: data URLs, base64 JPEG/PNG/WebM, raw magic bytes.
IMAGE_MARKERS = [
    b"data:image",
    b"data:video",
    b"/9j/",
    b"iVBORw0KGgo",
    b"GkXfo",
    b"\xff\xd8\xff",
    b"\x89PNG",
    b"\x1aE\xdf\xa3",
]


def _coached_first_item(program: Program) -> None:
    """Today's session starts with the chair sit-to-stand, the coached rep exercise the clip matches."""
    exercise = load_knowledge().exercises["sit_to_stand"]
    day = program.plan["program"]["days"][0]
    first = next(item for item in day["items"] if item["kind"] != "education")
    day["items"].insert(
        0,
        {
            **first,
            "exercise": exercise.slug,
            "name": exercise.name,
            "kind": exercise.kind,
            "position": exercise.position,
            "side": "both",
            "dose": {"sets": 1, "reps": 10, "rest_s": 60},
        },
    )
    program.save(update_fields=["plan"])


def _log_in_and_open_session(page: Page, base_url: str, email: str, query: str = "") -> None:
    page.goto(base_url + "/accounts/login/")
    page.locator("main").get_by_label(re.compile("email", re.I)).fill(email)
    page.get_by_label(re.compile("password", re.I)).first.fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    page.goto(base_url + "/program/session/1/1/" + query)
    # The player sends the rating at once: waiting for its answer keeps that write from still running
    # on the test server when a short test ends and its database is emptied ("database table is locked").
    with page.expect_response(lambda response: response.request.method == "PUT"):
        page.locator("#pain-before").get_by_role("button", name="5", exact=True).click()


@pytest.fixture(scope="module")
def squat_camera(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SQUAT_CLIP.is_file():
        pytest.skip(f"the shared squat clip is missing: {SQUAT_CLIP}")
    target = tmp_path_factory.mktemp("camera") / "squats.y4m"
    return clip_to_y4m(SQUAT_CLIP, target, fps=10, slowdown=SLOWDOWN, lead_s=LEAD_S)


@pytest.fixture
def camera_page(browser_type, squat_camera: Path) -> Iterator[Page]:
    """A page in a Chromium whose camera plays the squat clip (its own launch: the flags are per browser)."""
    browser = browser_type.launch(executable_path=CHROMIUM, args=fake_camera_args(squat_camera))
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()
        browser.close()


def _image_data_in(request: Request) -> str | None:
    kind = (request.headers.get("content-type") or "").lower()
    if kind.startswith(("image/", "video/", "multipart/")):
        return f"{request.method} {request.url} sent {kind}"
    body = request.post_data_buffer or b""
    if len(body) > 8192:
        return f"{request.method} {request.url} sent {len(body)} bytes"
    found = [marker for marker in IMAGE_MARKERS if marker in body]
    return f"{request.method} {request.url} carried {found}" if found else None


def test_the_camera_coach_counts_the_squats_of_a_real_video_and_sends_no_image(
    live_server, camera_page: Page, shoot, axe_check
) -> None:
    program = start_program()
    _coached_first_item(program)
    page = camera_page
    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    _log_in_and_open_session(page, live_server.url, program.user.email)

    step = page.locator("li.step.active")
    expect(step.get_by_role("heading", name=load_knowledge().exercises["sit_to_stand"].name)).to_be_visible()
    panel = step.locator(".coach-panel")
    expect(panel).to_contain_text("The video stays on this device: nothing is recorded or sent.")
    panel.get_by_role("button", name="Use the camera coach").click()
    expect(panel.get_by_text("Camera on")).to_be_visible(timeout=60_000)
    expect(panel.get_by_role("button", name="Stop the camera")).to_be_visible()

    # The clip's reps, one at a time, each also counted into the player's own rep counter.
    count = panel.locator(".coach-count")
    expect(count).to_have_text("1", timeout=120_000)
    expect(count).to_have_text(str(SQUATS), timeout=120_000)
    expect(step.locator(".set-counter")).to_contain_text(f"{SQUATS} of 10 reps")
    # The skeleton is drawn over the preview: the canvas has the video's size and some non-empty pixels.
    drawn = page.evaluate(
        """() => { const c = document.querySelector('li.step.active .coach-canvas');
                   const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i]) { n += 1; } } return n; }"""
    )
    assert drawn > 500, "the pose skeleton should be drawn over the camera preview"
    shoot(page, "coach-camera-on")
    axe_check(page)

    panel.get_by_role("button", name="Stop the camera").click()
    expect(panel.get_by_text("Camera on")).to_be_hidden()
    assert page.evaluate("document.querySelector('li.step.active .coach-video').srcObject") is None

    # The person confirms: the logged item is theirs to send, and nothing sent carried image data.
    step.get_by_role("button", name="Done", exact=True).click()
    expect(page.locator("li.step.active")).not_to_have_id("step-0")
    leaks = [why for why in map(_image_data_in, requests) if why]
    assert not leaks, "requests carried image data:\n" + "\n".join(leaks)
    assert all(r.url.startswith((live_server.url, "data:", "blob:")) for r in requests), (
        "only backwell is asked"
    )
    assert any(r.url.endswith("pose_landmark_lite.tflite") for r in requests), "the default model is lite"
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_without_a_camera_the_coach_is_off_with_a_plain_message_and_the_player_works(
    live_server, page: Page
) -> None:
    program = start_program()
    _coached_first_item(program)
    page.add_init_script("Object.defineProperty(navigator, 'mediaDevices', { value: undefined });")
    _log_in_and_open_session(page, live_server.url, program.user.email)

    panel = page.locator("li.step.active .coach-panel")
    expect(panel.locator(".coach-message")).to_have_text(
        re.compile("gives the page no camera, so the camera coach is off")
    )
    expect(panel.get_by_role("button", name="Use the camera coach")).to_be_hidden()
    page.locator("li.step.active").get_by_role("button", name="+1 rep").click()
    expect(page.locator("li.step.active .set-counter")).to_contain_text("1 of 10 reps")


def test_without_webassembly_the_coach_is_off_with_a_plain_message(live_server, page: Page) -> None:
    program = start_program()
    _coached_first_item(program)
    page.add_init_script("delete window.WebAssembly;")
    _log_in_and_open_session(page, live_server.url, program.user.email)

    panel = page.locator("li.step.active .coach-panel")
    expect(panel.locator(".coach-message")).to_have_text(re.compile("cannot run the pose model"))
    expect(panel.get_by_role("button", name="Use the camera coach")).to_be_hidden()


def test_the_coach_stops_the_plank_stopwatch_when_the_straight_line_breaks(
    live_server, camera_page: Page, client, axe_check
) -> None:
    """The clip's person stands in one straight line from shoulders to heels, as in a plank seen from the
    side, then squats: the line breaks, and the coach stops the running stopwatch and fills the seconds."""
    assessment = _started(client)
    _walk(client, assessment, upto="tests")
    page = camera_page
    page.goto(live_server.url + "/accounts/login/")
    page.locator("main").get_by_label(re.compile("email", re.I)).fill(assessment.user.email)
    page.get_by_label(re.compile("password", re.I)).first.fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    page.goto(f"{live_server.url}/assessment/{assessment.pk}/tests/")

    plank = page.locator("section.self-test", has=page.get_by_role("heading", name="Front plank hold"))
    panel = plank.locator(".coach-panel")
    panel.get_by_role("button", name="Use the camera coach").click()
    expect(panel.get_by_text("Camera on")).to_be_visible(timeout=60_000)
    # The camera loops the clip (about 50 s): if the model starts late under load, the standing part
    # comes round again.
    expect(panel.locator(".coach-reason")).to_have_text("Holding — keep going", timeout=90_000)
    plank.scroll_into_view_if_needed()
    axe_check(page)
    plank.get_by_role("button", name="Start timer").click()

    field = plank.get_by_label("Seconds held")
    expect(panel.locator(".coach-message")).to_contain_text(
        "stopped when the position broke", timeout=120_000
    )
    held = int(field.input_value())
    # Between the start click and the first squat: at most the clip's standing lead, slowed.
    assert 0 <= held <= 60, f"the seconds held until the first squat, not {held}"
    expect(plank.get_by_role("button", name="Start timer")).to_be_enabled()


def test_a_refused_camera_turns_the_coach_off_with_a_plain_message_and_the_player_works(
    live_server, page: Page
) -> None:
    program = start_program()
    _coached_first_item(program)
    page.add_init_script(
        "navigator.mediaDevices.getUserMedia = () =>"
        " Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));"
    )
    _log_in_and_open_session(page, live_server.url, program.user.email)

    step = page.locator("li.step.active")
    step.get_by_role("button", name="Use the camera coach").click()
    expect(step.locator(".coach-message")).to_have_text(
        re.compile("The camera was not allowed, so the camera coach is off")
    )
    expect(step.get_by_role("button", name="Use the camera coach")).to_be_hidden()
    expect(step.get_by_text("Camera on")).to_be_hidden()
    step.get_by_role("button", name="+1 rep").click()
    expect(step.locator(".set-counter")).to_contain_text("1 of 10 reps")

"""The site's frame: home page, health check, security headers."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_home_page_explains_backwell_and_sends_security_headers(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert b"Safety first." in response.content
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_health_check_answers_without_touching_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_page_reads_well_on_phone_and_desktop(live_server, page, shoot, axe_check) -> None:
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", level=1).is_visible()
    axe_check(page)
    shoot(page, "home")


@pytest.mark.django_db
def test_signed_in_person_is_sent_on_to_their_program_or_their_assessment(client: Client) -> None:
    from tests.web.factories import UserFactory
    from tests.web.programs.conftest import start_program

    newcomer = UserFactory()
    client.force_login(newcomer)
    assert b"Continue my assessment" in client.get("/").content
    program = start_program()
    client.force_login(program.user)
    assert "Go to today's session" in client.get("/").content.decode()

"""Comment text is plain: escaped, paragraphs kept, bare links made safe."""

from backwell.web.comments.text import comment_html, website_link


def test_html_in_a_comment_is_shown_as_text() -> None:
    html = comment_html('<script>alert("x")</script> <b>bold</b>')
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;" in html


def test_links_become_nofollow_ugc_links_without_swallowing_punctuation() -> None:
    html = comment_html("See https://example.org/a?b=1&c=2. Thanks")
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">' in html
    assert "</a>. Thanks" in html


def test_a_link_cannot_break_out_of_its_attribute() -> None:
    html = comment_html('https://example.org/"onmouseover="alert(1)')
    assert 'onmouseover="' not in html
    assert "<a" not in comment_html("javascript:alert(1)")


def test_blank_lines_make_paragraphs_and_newlines_breaks() -> None:
    assert comment_html("one\ntwo\n\nthree") == "<p>one<br>two</p><p>three</p>"


def test_only_http_websites_are_linked_from_the_name() -> None:
    assert website_link("Sam", "javascript:alert(1)") == "Sam"
    assert 'rel="nofollow ugc noopener"' in website_link("Sam", "https://sam.example")
    assert "&lt;b&gt;" in website_link("<b>Sam</b>", "")

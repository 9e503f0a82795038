"""Markdown from editors is rendered and then sanitised: formatting stays, scripts never do."""

from backwell.web.content.markup import plain_text, render_markdown


def test_formatting_survives_and_scripts_are_removed() -> None:
    html = render_markdown(
        "## Safe\n\n**bold** and [link](/articles/x/)\n\n<script>alert(1)</script>\n\n"
        '<img src=x onerror="alert(2)">\n\n[bad](javascript:alert(3))'
    )
    assert "<h2>Safe</h2>" in html and "<strong>bold</strong>" in html
    assert 'href="/articles/x/"' in html
    assert "<script" not in html and "alert(1)" not in html
    assert "onerror" not in html and "<img" not in html
    assert "javascript:" not in html


def test_a_top_level_heading_in_the_body_becomes_a_second_level_one() -> None:
    assert render_markdown("# Title inside body") == "<h2>Title inside body</h2>"


def test_tables_render_for_muscle_lists() -> None:
    html = render_markdown("| tight | weak |\n|---|---|\n| hip flexors | glutes |")
    assert "<table>" in html and "<td>hip flexors</td>" in html


def test_plain_text_has_no_markup_or_entities() -> None:
    assert plain_text("**Sit & stand** <b>often</b>") == "Sit & stand often"

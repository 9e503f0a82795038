"""The join link as a QR code, drawn here as inline SVG: nothing is fetched from elsewhere."""

from __future__ import annotations

import io

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, *, title: str) -> SafeString:
    """An accessible SVG (role img, with a title) of `url`; segno escapes the title it writes."""
    code = segno.make(url, error="m")
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        scale=5,
        border=2,
        xmldecl=False,
        svgns=True,
        title=title,
        svgclass="qr",
        lineclass=None,
    )
    svg = out.getvalue().decode("utf-8")
    # segno's output is our own drawing of a URL this site built; the title is escaped by segno.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))

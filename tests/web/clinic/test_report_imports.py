"""Loading the PDF reports must not loosen how photo uploads are decoded."""

from __future__ import annotations

import importlib

from PIL import ImageFile

import backwell.web.clinic.report as report


def test_importing_the_reports_keeps_truncated_images_refused() -> None:
    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as importing WeasyPrint leaves it
    try:
        importlib.reload(report)
        assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False

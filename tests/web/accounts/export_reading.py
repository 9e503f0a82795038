"""Reading a "download my data" ZIP the way a person's program would."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

from django.test import Client


def download(client: Client) -> zipfile.ZipFile:
    response = client.get("/accounts/my-data.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert ".zip" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def data_json(archive: zipfile.ZipFile) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(archive.read("data.json").decode("utf-8"))
    return document


def string_leaves(value: Any) -> Iterator[str]:
    """Every string in a JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from string_leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from string_leaves(item)

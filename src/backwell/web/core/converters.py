"""Path converters for numbers with an upper bound, used by every urls.py instead of <int:…>.

Django's <int:…> takes any run of digits: /program/session/9223372036854775808/1/ reached the
database as a number no integer column can hold and raised OverflowError (a 500). These match only
numbers that can exist, so anything larger is simply a page that is not there (404).
"""

from __future__ import annotations

from django.urls import register_converter
from django.urls.converters import get_converters

# A primary key: the database's 64-bit integer (SQLite INTEGER, PostgreSQL bigint).
MAX_ID = 2**63 - 1
# A week, a day or a position within a day: far above any program's, far below any overflow.
MAX_SMALL = 9_999


class BoundedIntConverter:
    regex = "[0-9]+"
    maximum = MAX_ID

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > self.maximum:
            raise ValueError(f"{number} is larger than {self.maximum}")  # Django answers 404
        return number

    def to_url(self, value: int) -> str:
        if not 0 <= int(value) <= self.maximum:
            raise ValueError(f"{value} is outside 0…{self.maximum}")
        return str(int(value))


class IdConverter(BoundedIntConverter):
    """<id:pk>: a row's primary key."""

    regex = "[0-9]{1,19}"  # 19 digits hold MAX_ID; longer ones never reach int()
    maximum = MAX_ID


class SmallConverter(BoundedIntConverter):
    """<small:week>: a week, a day or an item's position."""

    regex = "[0-9]{1,4}"
    maximum = MAX_SMALL


def register() -> None:
    """Called from the core app's ready(), before any urls.py is read; a second call changes nothing."""
    known = get_converters()
    for name, converter in (("id", IdConverter), ("small", SmallConverter)):
        if name not in known:
            register_converter(converter, name)

"""Field types the API's schemas share."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, Strict

# JSON Schema calls 3.0 an integer and pydantic's lax mode takes `true` as 1: a strict int refuses
# both, so a score is a whole number in the schema and in what is accepted.
WholeNumber = Annotated[int, Strict()]
Pain = Annotated[
    int, Strict(), Field(ge=0, le=10, description="0 (no pain) to 10 (the worst you can imagine)")
]
Week = Annotated[int, Field(ge=1, le=52)]
Day = Annotated[int, Field(ge=1, le=7)]
# A row's number: past 2**62 no table has one, and bigger numbers overflow the databases' integers.
RecordId = Annotated[int, Field(ge=1, le=2**62)]
Index = Annotated[int, Field(ge=0, le=99, description="The item's place in its day, from 0")]


def _no_null_characters(text: str) -> str:
    # PostgreSQL cannot store U+0000 in text, and no person types it: refuse it rather than fail.
    if "\x00" in text:
        raise ValueError("Remove the null character (\\u0000) from this text.")
    return text


# On every text a person writes, beside its max_length.
NoNullCharacters = AfterValidator(_no_null_characters)

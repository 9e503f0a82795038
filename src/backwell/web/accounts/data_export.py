"""The "download my data" archive: data.json, the person's files, and a README explaining both.

The format is described in docs/data-export.md; data.json carries `format_version`.
"""

from __future__ import annotations

import json
import logging
import tempfile
import zipfile
from typing import IO, Any

from . import data_registry
from .models import User
from .selectors import EXPORT_FORMAT_VERSION, account_export

logger = logging.getLogger(__name__)

# Up to this size the archive is built in memory; beyond it (many photos) in a temporary file.
IN_MEMORY_BYTES = 16 * 2**20

README = """\
Your data from backwell
=======================

This archive holds everything backwell keeps about you, as it was on {exported_at}.

data.json
    Every record of yours, machine-readable (JSON, UTF-8). Export format version {version}.
    Sections:
{sections}
    Dates are ISO 8601 (YYYY-MM-DD); times are ISO 8601 in UTC. "id" numbers only link records
    inside this file (for example a posture analysis to the photo it was made from).

{files}
Nothing else is kept about you: no tracking, no advertising profile. The format is described in
backwell's documentation (docs/data-export.md), so another program can read this file.
"""

# Keys of data.json that describe the export itself rather than hold records.
METADATA_KEYS = frozenset({"format", "format_version", "exported_at", "files_missing"})

SECTION_NOTES = {
    "account": "your email address, name, sign-up and consent times, pending email changes",
    "assessments": "your assessments: every answer and the program advice they produced",
    "programs": "your programs, changes to them, and every session and exercise you logged",
    "tracking": "daily and weekly check-ins (with notes), endurance re-tests, calendar feed",
    "posture": "your photo choice, photos (the files are in photos/), analyses and video jobs",
    "comments": "comments you wrote under articles with your account's email address",
    "newsletter": "your newsletter subscription, the consent you gave, and issues sent to you",
    "apps": "apps you allowed to use your data (their permissions and times, not their keys)",
}


def _readme(document: dict[str, Any], files: list[data_registry.ExportFile], missing: list[str]) -> str:
    sections = "\n".join(
        f"    - {name}: {SECTION_NOTES.get(name, 'records of this part of backwell')}"
        for name in document
        if name not in METADATA_KEYS
    )
    if files:
        folders = sorted({file.archive_name.split("/", 1)[0] for file in files})
        lines = [f"{folder}/\n    Your files, as stored: {len(files)} in all." for folder in folders]
        file_text = "\n".join(lines) + "\n"
    else:
        file_text = "There are no files (photos) in your account.\n"
    if missing:
        file_text += (
            f"\n{len(missing)} file(s) listed in data.json could not be read and are not in this archive "
            "(see files_missing in data.json).\n"
        )
    return README.format(
        exported_at=document["exported_at"], version=EXPORT_FORMAT_VERSION, sections=sections, files=file_text
    )


def account_archive(*, user: User) -> IO[bytes]:
    """The person's whole download as a ZIP, in a file object positioned at its start."""
    document = account_export(user=user)
    files: list[data_registry.ExportFile] = []
    for section, lister in sorted(data_registry.file_listers().items()):
        for file in lister(user):
            if not file.archive_name.startswith(f"{section}/"):
                raise ValueError(f"{section} listed {file.archive_name!r} outside its folder")
            files.append(file)
    # Returned open: the response streams it and closes it when sent.
    archive = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115
    missing: list[str] = []
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in files:
            try:
                # Photos are JPEGs already: compressing them again costs time and saves nothing.
                zipped.write(file.path, file.archive_name, compress_type=zipfile.ZIP_STORED)
            except OSError:
                logger.warning("a file of a person could not be read for their data download")
                missing.append(file.archive_name)
        document["files_missing"] = missing
        text = json.dumps(document, indent=2, ensure_ascii=False, default=str)
        zipped.writestr("data.json", text, compress_type=zipfile.ZIP_DEFLATED)
        readme = _readme(document, [f for f in files if f.archive_name not in missing], missing)
        zipped.writestr("README.txt", readme, compress_type=zipfile.ZIP_DEFLATED)
    archive.seek(0)
    return archive

"""What identifies the running code, for caches whose entries outlive a restart."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import backwell


@lru_cache(maxsize=1)
def release() -> str:
    """What identifies this code: the version and the newest file of the package (code, templates,
    static files, knowledge base), so pages drawn by an earlier release are never served by a later one.

    Bytecode caches are left out: Python writes them as modules are first imported, so two workers
    could otherwise see different newest files and keep replacing each other's stored pages.
    """
    root = Path(backwell.__file__).parent
    newest = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = [name for name in dirs if name != "__pycache__"]
        for name in files:
            if not name.endswith((".pyc", ".pyo")):
                newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime_ns)
    return f"{getattr(backwell, '__version__', '0')}:{newest}"

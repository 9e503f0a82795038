"""Limit/offset pages for every list: `{"items": […], "count": n}` with `limit` (1–100) and `offset`."""

from __future__ import annotations

from ninja.pagination import LimitOffsetPagination, paginate

__all__ = ["LimitOffsetPagination", "paged"]

# Every list operation is decorated with this, so the parameters and the envelope are the same.
paged = paginate(LimitOffsetPagination)

"""The typed REST API at /api/v1/ (django-ninja, OpenAPI 3.1): one router per area, over the same
services and selectors as the pages; OAuth 2 (django-oauth-toolkit) for apps."""

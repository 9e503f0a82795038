"""backwell's test suite: a package, so tests import shared factories as tests.web.factories."""

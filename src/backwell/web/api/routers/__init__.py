"""One router per area of the API; `core.ROUTERS` mounts them."""

"""The site's frame: base layout, home page, health check and security headers."""

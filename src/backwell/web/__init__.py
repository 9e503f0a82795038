"""The Django web application around the engine."""

"""Posture photos in the web app: upload, overlay, correction and private serving."""

"""Posture from photos: landmarks (MediaPipe adapter), pure geometry measures, quality checks, overlay.

Layers, each in its own module:

- ``decode``: safe upload decoding (refusals with messages, EXIF orientation, downscale, metadata strip);
  ``video``: short videos checked and sampled with OpenCV.
- ``landmarks``: the only module that imports MediaPipe; pixel landmarks keyed by lower-case names.
- ``measures``: pure geometry on pixel landmarks (sign conventions of the contract's ids.md), with
  uncertainty, frame aggregation and plain readings; ``points`` holds names and the JSON form.
- ``quality``: what is wrong with a photo and what to do; ``overlay``: the photo with the analysis drawn.
- ``analysis``: the service for the web step and the command line (bytes in, JSON-ready result out).
"""

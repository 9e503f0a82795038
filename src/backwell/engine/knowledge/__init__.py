"""The curated knowledge base: data files, typed loader and validation."""

from .loader import KnowledgeError, Problem, build, load
from .model import KnowledgeBase

__all__ = ["KnowledgeBase", "KnowledgeError", "Problem", "build", "load"]

"""diemtin: ingest, extract, understand, search and brief Vietnamese news."""

from diemtin.errors import DiemtinError
from diemtin.models import Article, Mention, RawDocument, Story
from diemtin.nlp import analyze
from diemtin.store import open_store
from diemtin.text import fold, normalize

__version__ = "0.1.0"

__all__ = [
    "Article",
    "DiemtinError",
    "Mention",
    "RawDocument",
    "Story",
    "__version__",
    "analyze",
    "fold",
    "normalize",
    "open_store",
]

"""Linking articles: signatures, near-duplicates, republication chains, stories.

See ``docs/link.md``. Every function is pure; the candidate and story indexes are
objects the caller owns and persists.
"""

from diemtin.link.candidates import CandidateIndex, LSHOptions
from diemtin.link.duplicates import (
    DuplicateGroup,
    DuplicateOptions,
    LinkOptions,
    Publication,
    Republication,
    duplicate_groups,
    republication_counts,
)
from diemtin.link.inputs import story_input
from diemtin.link.signatures import SignatureOptions, minhash, prepare_text, shingle_texts
from diemtin.link.stories import StoryIndex, StoryInput, StoryOptions, assign

__all__ = [
    "CandidateIndex", "DuplicateGroup", "DuplicateOptions", "LSHOptions", "LinkOptions",
    "Publication", "Republication", "SignatureOptions", "StoryIndex", "StoryInput",
    "StoryOptions", "assign", "duplicate_groups", "minhash", "prepare_text",
    "republication_counts", "shingle_texts", "story_input",
]

# The same functions over a store (``diemtin link``, ``duplicates``, ``stories``): they
# live in ``diemtin.flow`` because link's steps know no store (design.md); importing
# them here on first use keeps that direction and avoids an import cycle.
_STORE_FUNCTIONS = frozenset({
    "all_duplicate_groups", "duplicates_of", "get_story", "link_store", "list_stories",
    "republications",
})


def __getattr__(name: str) -> object:
    if name in _STORE_FUNCTIONS:
        from diemtin import flow

        return getattr(flow, name)
    raise AttributeError(f"module 'diemtin.link' has no attribute {name!r}")

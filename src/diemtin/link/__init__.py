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

"""Vietnamese text primitives: normalization, search keys, tokens."""

from diemtin.text.fold import fold
from diemtin.text.normalize import clean_characters, normalize, place_tone

__all__ = ["clean_characters", "fold", "normalize", "place_tone"]

"""Vietnamese text primitives: normalization, search keys, tokens."""

from diemtin.text.fold import fold
from diemtin.text.legacy import detect_legacy, tcvn3_to_unicode, vni_to_unicode
from diemtin.text.normalize import clean_characters, normalize, place_tone, place_tones
from diemtin.text.segment import is_known_word, segment, word_spans
from diemtin.text.sentences import split_sentences

__all__ = [
    "clean_characters", "detect_legacy", "fold", "is_known_word", "normalize", "place_tone",
    "place_tones", "segment", "split_sentences", "tcvn3_to_unicode", "vni_to_unicode", "word_spans",
]

"""The font embedded in PDF and DOCX output: Noto Sans (full Vietnamese coverage), else
DejaVu Sans, from the system's font packages (``fonts-noto-core``, ``fonts-dejavu-core``)."""

from __future__ import annotations

from pathlib import Path

from diemtin.errors import DiemtinError

FAMILY = "Noto Sans"
_CANDIDATES = {
    "regular": ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
                "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    "bold": ("/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
             "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}


class FontMissing(DiemtinError):
    """No font with Vietnamese letters is installed."""


def font_file(weight: str = "regular") -> Path:
    """The TrueType file of ``weight`` (``regular`` or ``bold``).

    Raises:
        FontMissing: neither Noto Sans nor DejaVu Sans is installed.
    """
    for candidate in _CANDIDATES[weight]:
        if Path(candidate).is_file():
            return Path(candidate)
    raise FontMissing("no font with Vietnamese letters found; install fonts-noto-core "
                      "(apt-get install fonts-noto-core), see docs/install.md")

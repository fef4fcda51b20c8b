"""``python -m diemtin``: the same as the ``diemtin`` command."""

from diemtin.cli import main

main()

"""HTML to Article: boilerplate removal, metadata, dates, legacy Vietnamese encodings.

>>> from diemtin.extract import extract
>>> page = ("<html lang='vi'><head><title>Mưa lớn ở Lào Cai - Báo Tây Bắc</title></head><body>"
...         "<nav><a href='/'>Trang chủ</a></nav><article><h1>Mưa lớn ở Lào Cai</h1>"
...         "<p>Mưa lớn kéo dài từ đêm qua khiến nhiều tuyến đường ở Lào Cai bị sạt lở, "
...         "giao thông qua đèo bị chia cắt.</p></article></body></html>")
>>> article = extract(page, url="https://baotaybac.vn/mua-lon.html")
>>> article.title, article.body[0][:23]
('Mưa lớn ở Lào Cai', 'Mưa lớn kéo dài từ đêm ')
"""

from diemtin.extract._core import extract, extract_raw
from diemtin.extract._options import ExtractOptions

__all__ = ["ExtractOptions", "extract", "extract_raw"]

"""Small hand-written name lists that help the segmenter group proper names.

The treebank the segmenter learns from holds only 1,400 sentences, so most place names
in news are unseen there. These lists are general knowledge, not learned: provinces
and large cities of Vietnam (before and after the 1 July 2025 merger), regions, and
countries and foreign places whose Vietnamese names have several syllables. Person
names are grouped through surnames: a capitalized run that starts with a common
Vietnamese family name is a strong hint of one word ("Nguyễn Văn An").

All entries are keys: lower-case, old-style tone marks, syllables joined by one space.
"""

from __future__ import annotations

from typing import Final

_SURNAMES = """
    nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh đoàn
    lâm mai trịnh đào cao lương lưu tạ hà tô châu quách la thái tăng triệu kiều khúc lã
    lại mạc nghiêm phùng tôn từ vương chu giang hứa âu diệp khổng thân đàm đồng tống
    bạch lục hầu ninh nông lò quàng sầm mẫn thạch kha doãn
"""
SURNAMES: Final = frozenset(_SURNAMES.split())

_PLACES = """
an giang|bà rịa|vũng tàu|bà rịa vũng tàu|bạc liêu|bắc giang|bắc kạn|bắc ninh|bến tre|
bình dương|bình định|bình phước|bình thuận|cà mau|cao bằng|cần thơ|đà nẵng|đắk lắk|
đắk nông|điện biên|đồng nai|đồng tháp|gia lai|hà giang|hà nam|hà nội|hà tĩnh|hải dương|
hải phòng|hậu giang|hòa bình|hưng yên|khánh hòa|kiên giang|kon tum|lai châu|lạng sơn|
lào cai|lâm đồng|long an|nam định|nghệ an|ninh bình|ninh thuận|phú thọ|phú yên|
quảng bình|quảng nam|quảng ngãi|quảng ninh|quảng trị|sóc trăng|sơn la|tây ninh|
thái bình|thái nguyên|thanh hóa|thừa thiên|thừa thiên huế|tiền giang|trà vinh|
tuyên quang|vĩnh long|vĩnh phúc|yên bái|hồ chí minh|sài gòn|chợ lớn|gia định|
việt nam|tây nguyên|nam bộ|bắc bộ|trung bộ|đông nam bộ|tây nam bộ|tây bắc|đông bắc|
bắc trung bộ|nam trung bộ|đồng bằng|cửu long|sông hồng|hồng hà|mê kông|mê công|
nha trang|đà lạt|hạ long|buôn ma thuột|plei ku|quy nhơn|qui nhơn|phan thiết|biên hòa|
thủ đức|hội an|sa pa|điện biên phủ|mỹ tho|rạch giá|long xuyên|châu đốc|cam ranh|
móng cái|cẩm phả|uông bí|việt trì|hoàng sa|trường sa|phú quốc|côn đảo|cửa lò|sầm sơn|
tam kỳ|đồng hới|đông hà|tuy hòa|phan rang|bảo lộc|sóc sơn|gia lâm|đông anh|cầu giấy|
hoàn kiếm|ba đình|đống đa|hai bà trưng|thanh xuân|hoàng mai|long biên|tây hồ|hà đông|
bình thạnh|gò vấp|tân bình|tân phú|phú nhuận|bình tân|củ chi|hóc môn|nhà bè|cần giờ|
bình chánh|thủ dầu một|dĩ an|thuận an|vị thanh|cao lãnh|sa đéc|bến cát|
trung quốc|hàn quốc|nhật bản|hoa kỳ|ấn độ|thái lan|triều tiên|đài loan|hồng kông|
bồ đào nha|tây ban nha|thụy điển|thụy sĩ|na uy|đan mạch|phần lan|ba lan|hà lan|
ai cập|thổ nhĩ kỳ|hy lạp|mông cổ|bắc kinh|thượng hải|quảng châu|quảng tây|vân nam|
tân cương|tây tạng|hương cảng|ma cao|đông nam á|châu á|châu âu|châu phi|châu mỹ|
bắc mỹ|nam mỹ|trung đông|liên hợp quốc|liên xô|đông dương|biển đông|thái bình dương|
đại tây dương|ấn độ dương|nam phi|tân gia ba|ăng ghê|mát xcơ va|pa ri|luân đôn|
oa sinh tơn|niu oóc|xít ni|ca na đa|ô xtrây li a|in đô nê xi a|ma lai xi a|
phi líp pin|xin ga po|cam pu chia|ả rập|ả rập xê út|i ran|i rắc|u crai na
"""

PLACES: Final = frozenset(
    entry.strip() for entry in _PLACES.replace("\n", "").split("|") if entry.strip()
)

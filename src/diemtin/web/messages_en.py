"""The English texts of the pages, by their Vietnamese text (see :mod:`diemtin.web.i18n`).

Keys are exactly the Vietnamese texts the templates and page code pass to ``_``; ``{n}``
fields are filled after the lookup. ``tests/web/test_i18n.py`` checks that every text of
the templates has an entry here.
"""

from __future__ import annotations

from collections.abc import Mapping

ENGLISH: Mapping[str, str] = {
    # header, footer, navigation
    "Tìm tin": "Search news",
    "Tìm": "Search",
    "Bỏ qua dấu": "Ignore diacritics",
    'Tìm mọi cách viết: "Đảng" cũng ra "đang", "Đặng"':
        'Match every spelling: "Đảng" also finds "đang", "Đặng"',
    "Trang": "Pages",
    "Dòng sự kiện": "Stories",
    "Nhân vật": "People",
    "Tổ chức": "Organizations",
    "Địa danh": "Places",
    "Báo": "Outlets",
    "Xu hướng": "Trends",
    "Bộ sưu tập": "Collections",
    "Thỏa thuận": "Agreements",
    "Bản điểm tin": "Briefings",
    "Đổi": "Switch",
    "Quản trị": "Administration",
    "Nhật ký": "Audit log",
    "Đăng xuất": "Log out",
    "diemtin — theo dõi báo chí Việt Nam": "diemtin — following the Vietnamese press",
    "Về trang tìm kiếm": "Back to search",
    # search page
    "Tin mới": "Latest news",
    "Tin mới nhất": "Latest news",
    "Cơ quan báo chí": "Outlets",
    "Tất cả": "All",
    "Từ ngày": "From",
    "Đến trước ngày": "Before",
    "Lọc": "Filter",
    "Tìm kiếm:": "Search:",
    "Xem trang cuối ({n})": "See the last page ({n})",
    "Con số chính xác: /api/v1/count": "The exact number: /api/v1/count",
    "ít nhất {n}": "at least {n}",
    "kết quả cho": "results for",
    "{n} bài trong kho": "{n} articles stored",
    "Sắp xếp": "Order",
    "Sắp xếp:": "Order:",
    "liên quan nhất": "most relevant",
    "mới nhất": "newest",
    "Tải toàn bộ kết quả:": "Download every result:",
    "và {n} bài đăng lại": "and {n} republications",
    "bản gốc": "original",
    "Không tìm thấy bài nào. Thử bỏ bớt từ, hoặc gõ không dấu.":
        "No article found. Try fewer words, or type without diacritics.",
    "Trang kết quả": "Result pages",
    "Trang trước": "Previous page",
    "Trang sau": "Next page",
    "Trang {page} / {pages}": "Page {page} of {pages}",
    "Thời gian": "Time",
    "Theo:": "By:",
    "ngày": "day",
    "tuần": "week",
    "tháng": "month",
    "Chủ đề": "Topics",
    # article page
    "Chú thích ảnh": "Photo captions",
    "Nguồn:": "Source:",
    "Thuộc dòng sự kiện:": "Part of the story:",
    "{n} bài": "{n} articles",
    "Cùng nội dung ({n} bài)": "Same content ({n} articles)",
    "đăng lại": "republished",
    "Mã bài:": "Article id:",
    "Phân tích tự động": "Automatic analysis",
    "Tóm tắt": "Summary",
    "Từ khóa": "Keywords",
    # entity and outlet pages
    "Nhân vật được nhắc đến nhiều nhất": "Most mentioned people",
    "Tổ chức được nhắc đến nhiều nhất": "Most mentioned organizations",
    "Địa danh được nhắc đến nhiều nhất": "Most mentioned places",
    "Tên": "Name",
    "Số bài": "Articles",
    "Chưa có dữ liệu: hãy chạy “diemtin reanalyze” để phân tích các bài trong kho.":
        "No data yet: run “diemtin reanalyze” to analyze the stored articles.",
    "Được nhắc đến trong {n} bài": "Mentioned in {n} articles",
    "Tìm các bài này": "Search these articles",
    "Chức danh": "Titles",
    "Người": "Person",
    "Lần đầu": "First seen",
    "Lần cuối": "Last seen",
    "Thường được nhắc cùng": "Often mentioned with",
    "Bài mới nhất": "Latest articles",
    "Số bài theo thời gian": "Articles over time",
    "Bảng số liệu": "Data table",
    "Kỳ": "Period",
    "Cơ quan": "Outlet",
    "Kho chưa có bài nào.": "The store has no article yet.",
    "Xem các bài": "See the articles",
    "Chuyên mục": "Sections",
    "Không có thông tin chuyên mục.": "No section information.",
    "Chưa có bài nào được phân loại chủ đề.": "No article has been given a topic yet.",
    "Số bài nhắc đến {name} theo thời gian": "Articles mentioning {name} over time",
    "Số bài của {name} theo thời gian": "Articles of {name} over time",
    # trends
    "Khung thời gian:": "Window:",
    "24 giờ": "24 hours",
    "7 ngày": "7 days",
    "Tính đến {at}, so với {n} khung liền trước; tối thiểu {m} bài trong khung.":
        "Up to {at}, against the {n} windows before; at least {m} articles in the window.",
    "Kho chưa có bài nào có ngày đăng.": "The store has no dated article yet.",
    "Từ / thực thể": "Term / entity",
    "Trong khung": "In the window",
    "Nền": "Baseline",
    "Điểm": "Score",
    "Không có từ nào tăng vượt nền trong khung này.":
        "No term rose above its baseline in this window.",
    "Tỷ trọng đưa tin theo cơ quan báo chí": "Share of voice by outlet",
    "Truy vấn": "Query",
    "Đếm": "Count",
    "Truy vấn chưa đúng:": "The query is not valid:",
    "{n} bài khớp (đếm đủ, không giới hạn)": "{n} matching articles (exact count, no cap)",
    "Tỷ trọng": "Share",
    # stories
    "Các bài viết về cùng một sự kiện, gộp qua nhiều báo và nhiều ngày":
        "Articles about one event, gathered across outlets and days",
    "{n} dòng sự kiện": "{n} stories",
    "Chỉ hiện sự kiện có từ 2 bài": "Only stories of 2 articles or more",
    "Hiện cả sự kiện một bài": "Also show one-article stories",
    "Được đưa tin nhiều nhất": "Most covered",
    "{n} báo": "{n} outlets",
    "{n} bài đăng lại": "{n} republications",
    "đưa tin đầu tiên:": "first reported by:",
    "Không rõ ngày": "Date unknown",
    "Chưa có dòng sự kiện nào. Chạy “diemtin link” để gộp các bài đã lưu.":
        "No story yet. Run “diemtin link” to gather the stored articles.",
    "đang cập nhật": "ongoing",
    "đã khép lại": "closed",
    "Đưa tin đầu tiên:": "First reported by:",
    "Diễn biến": "Timeline",
    "từ": "from",
    "Mã dòng sự kiện:": "Story id:",
    "Nhân vật, tổ chức, địa danh chính": "Main people, organizations and places",
    "Báo đưa tin": "Outlets reporting",
    # error pages (titles and default explanations: web.messages)
    "Yêu cầu chưa đúng": "Bad request",
    "Không tìm thấy": "Not found",
    "Không hỗ trợ thao tác này": "Method not allowed",
    "Dữ liệu chưa đúng": "Invalid data",
    "Lỗi máy chủ": "Server error",
    "Lỗi": "Error",
    "Yêu cầu có tham số chưa đúng.": "The request has an invalid parameter.",
    "Không có trang nào ở địa chỉ này. Hãy kiểm tra lại đường dẫn.":
        "There is no page at this address. Check the link.",
    "Địa chỉ này không nhận thao tác đó (chỉ xem được bằng trình duyệt).":
        "This address does not take that method (it is for reading in a browser).",
    "Dữ liệu gửi lên chưa đúng.": "The data sent is not valid.",
    "Máy chủ gặp lỗi ngoài dự kiến; lỗi đã được ghi vào nhật ký. Hãy thử lại sau.":
        "The server hit an unexpected error; it was logged. Please try again later.",
    "Không có trang {page}: tìm kiếm này không có kết quả nào.":
        "There is no page {page}: this search has no results.",
    "Không có trang {page}: tìm kiếm này có {total} kết quả, chỉ đủ {pages} trang.":
        "There is no page {page}: this search has {total} results, {pages} pages only.",
    "Thứ tự sắp xếp phải là “relevance” (liên quan nhất) hoặc “date” (mới nhất) "
    "(nhận được “{sort}”).":
        "The order must be “relevance” or “date” (got “{sort}”).",
}

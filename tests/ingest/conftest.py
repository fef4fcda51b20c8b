"""A real HTTP server on 127.0.0.1 playing a small Vietnamese news site.

It serves article pages, RSS/Atom feeds, sitemaps (plain, gzip, index, news), a
robots.txt, and misbehaving URLs: 429 with Retry-After, 503 then 200, slow and
trickling responses, huge bodies, redirect chains and loops, a redirect to a private
address, ETag/304. Every request is counted per path. The articles are invented.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

import pytest


@dataclass(frozen=True)
class Reply:
    """What the server answers to one request."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds before the status line."""
    chunk_delay: float = 0.0
    """Seconds between 1 KiB chunks of the body."""
    declared_length: int | None = None


Handler = Callable[[Message, int], Reply]
"""Makes a reply from the request headers and how many times the path was asked."""


@dataclass(frozen=True)
class Story:
    slug: str
    section: str
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    published: str


STORIES = (
    Story("khanh-thanh-cau-coc-leu", "thoi-su", "Khánh thành cầu Cốc Lếu mới nối đôi bờ sông Hồng",
          "Sáng 13/10, UBND tỉnh Lào Cai tổ chức lễ khánh thành cầu Cốc Lếu mới sau 26 tháng thi "
          "công, rút ngắn thời gian đi lại giữa hai phường trung tâm.",
          ("Cây cầu dài 420 m, rộng 24 m với bốn làn xe, có tổng mức đầu tư hơn 600 tỷ đồng từ "
           "ngân sách tỉnh và nguồn vốn vay ưu đãi.",
           "Phát biểu tại buổi lễ, ông Hoàng Văn Thịnh, Phó Chủ tịch UBND tỉnh, cho biết công "
           "trình sẽ giảm tải cho cầu cũ vốn thường xuyên ùn tắc vào giờ cao điểm.",
           "Người dân hai bên bờ sông đã có mặt từ sớm để chứng kiến những chiếc xe đầu tiên lăn "
           "bánh qua cầu trong tiếng trống hội rộn ràng."),
          "2026-10-13T08:15:00+07:00"),
    Story("mua-lon-sat-lo-bat-xat", "xa-hoi", "Mưa lớn gây sạt lở nhiều tuyến đường ở Bát Xát",
          "Mưa lớn kéo dài từ đêm 14/10 khiến hàng chục điểm trên các tuyến đường liên xã ở huyện "
          "Bát Xát bị sạt lở, giao thông bị chia cắt.",
          ("Tại xã Y Tý, khối đất đá hơn 2.000 m3 đổ xuống mặt đường, cô lập ba thôn vùng cao.",
           "Lực lượng chức năng đã huy động máy xúc khắc phục, dự kiến thông xe tạm trong ngày.",
           "Trung tâm Khí tượng Thủy văn tỉnh cảnh báo mưa còn tiếp diễn đến hết ngày 16/10, "
           "nguy cơ lũ quét ở các suối nhỏ."),
          "2026-10-15T06:40:00+07:00"),
    Story("hoi-cho-nong-san-sa-pa", "kinh-te", "Hội chợ nông sản Sa Pa thu hút hơn 200 gian hàng",
          "Chiều 17/10, Hội chợ nông sản và sản phẩm OCOP vùng Tây Bắc khai mạc tại thị xã Sa Pa "
          "với hơn 200 gian hàng của 12 tỉnh tham gia.",
          ("Các sản phẩm được giới thiệu gồm chè shan tuyết, mật ong bạc hà, gạo Séng Cù và "
           "nhiều loại dược liệu quý.",
           "Bà Lò Thị Mai, chủ một hợp tác xã ở Mường Khương, cho biết ngày đầu đã bán hết ba "
           "tạ gạo đặc sản.",
           "Hội chợ kéo dài đến hết ngày 21/10, mở cửa miễn phí cho du khách."),
          "2026-10-17T15:00:00+07:00"),
    Story("giai-chay-dinh-fansipan", "the-thao",
          "Gần 3.000 vận động viên dự giải chạy địa hình Fansipan",
          "Giải chạy địa hình chinh phục Fansipan năm nay quy tụ gần 3.000 vận động viên trong và "
          "ngoài nước ở bốn cự ly từ 10 km đến 100 km.",
          ("Ban tổ chức bố trí 18 trạm tiếp nước và 6 đội cứu hộ trên toàn tuyến.",
           "Vận động viên Trần Minh Khôi về nhất cự ly 100 km với thời gian 14 giờ 32 phút.",
           "Đây là năm thứ tư liên tiếp giải được tổ chức vào mùa lúa chín."),
          "2026-10-19T18:30:00+07:00"),
)


def page_html(story: Story, base: str, *, number: int | None = None) -> bytes:
    """An article page in the shape of a provincial outlet's site."""
    title = story.title if number is None else f"{story.title} (kỳ {number})"
    body = "".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    if number is not None:
        body += f"<p>Đây là bài thứ {number} trong loạt bài phản ánh của phóng viên thường trú.</p>"
    slug = story.slug if number is None else f"{story.slug}-{number}"
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{escape(title)} - Báo Vùng Cao</title>
<meta property="og:title" content="{escape(title)}">
<meta property="og:site_name" content="Báo Vùng Cao">
<meta property="article:published_time" content="{story.published}">
<link rel="canonical" href="{base}/{story.section}/{slug}.html">
</head><body>
<header><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a>
<a href="/xa-hoi">Xã hội</a></header>
<main><article>
<h1>{escape(title)}</h1>
<p class="sapo">{escape(story.lead)}</p>
<div class="content">{body}</div>
<p class="author">Minh Hà</p>
</article>
<aside><h3>Tin liên quan</h3><a href="/khac.html">Một tin khác</a></aside></main>
<footer>Báo Vùng Cao - Cơ quan của Đảng bộ tỉnh</footer>
</body></html>""".encode()


def rss(base: str, links: list[str], *, title: str = "Báo Vùng Cao - Thời sự") -> bytes:
    items = "".join(
        f"<item><title>Tin {i}</title><link>{escape(link)}</link>"
        f"<pubDate>Tue, 13 Oct 2026 0{i % 10}:00:00 +0700</pubDate></item>"
        for i, link in enumerate(links))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{escape(title)}</title><link>{base}/</link>{items}</channel></rss>").encode()


def atom(links: list[str]) -> bytes:
    entries = "".join(
        f'<entry><title>Tin {i}</title><link rel="alternate" type="text/html" href="{link}"/>'
        f"<id>{link}</id><updated>2026-10-13T0{i % 10}:00:00+07:00</updated></entry>"
        for i, link in enumerate(links))
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Báo Vùng Cao</title>{entries}</feed>").encode()


def urlset(links: list[str], *, news: bool = False) -> bytes:
    def one(i: int, link: str) -> str:
        extra = (f"<news:news><news:publication>"
                 f"<news:name>Báo Vùng Cao</news:name><news:language>vi</news:language>"
                 f"</news:publication><news:publication_date>2026-10-1{i % 10}T08:00:00+07:00"
                 f"</news:publication_date><news:title>Tin {i}</news:title></news:news>"
                 if news else f"<lastmod>2026-10-1{i % 10}</lastmod>")
        return f"<url><loc>{escape(link)}</loc>{extra}</url>"

    return ('<?xml version="1.0" encoding="UTF-8"?><urlset '
            'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            + "".join(one(i, link) for i, link in enumerate(links)) + "</urlset>").encode()


def sitemap_index(links: list[str]) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
            'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<sitemap><loc>{link}</loc></sitemap>" for link in links)
            + "</sitemapindex>").encode()


class NewsServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 with routes and per-path request counts."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda *_args: None  # type: ignore[method-assign]
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,),
                                        daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, reply: Reply | Handler) -> None:
        self.routes[path] = reply if callable(reply) else (lambda _h, _n, r=reply: r)

    def page(self, path: str, story: Story, **kwargs: int) -> None:
        self.route(path, Reply(body=page_html(story, self.base, **kwargs),
                               headers={"Content-Type": "text/html; charset=utf-8"}))

    def _record(self, path: str, headers: Message) -> int:
        with self._lock:
            self.hits[path] += 1
            self.requests.append((path, dict(headers.items())))
            return self.hits[path]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # no 40 ms stalls between headers and body

            def do_GET(self) -> None:
                count = server._record(self.path, self.headers)
                handler = server.routes.get(self.path)
                reply = handler(self.headers, count) if handler else Reply(404, b"not found")
                time.sleep(reply.delay)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._send(reply)

            def _send(self, reply: Reply) -> None:
                self.send_response(reply.status)
                length = reply.declared_length
                self.send_header("Content-Length", str(len(reply.body) if length is None
                                                       else length))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if not reply.chunk_delay:
                    self.wfile.write(reply.body)
                    return
                for start in range(0, len(reply.body), 1024):
                    self.wfile.write(reply.body[start:start + 1024])
                    self.wfile.flush()
                    time.sleep(reply.chunk_delay)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return _Handler

    def __enter__(self) -> NewsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def install_site(server: NewsServer) -> None:
    """The news site: four article pages, feeds, sitemaps and robots.txt."""
    base = server.base
    links = []
    for story in STORIES:
        path = f"/{story.section}/{story.slug}.html"
        server.page(path, story)
        links.append(base + path)
    server.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n\n"
                                           b"User-agent: BadBot\nDisallow: /\n",
                                      headers={"Content-Type": "text/plain"}))
    server.page("/private/noi-bo.html", STORIES[0])
    xml = {"Content-Type": "application/xml"}
    server.route("/rss/home.rss", Reply(body=rss(base, links[:3]),
                                        headers={"Content-Type": "application/rss+xml"}))
    server.route("/atom.xml", Reply(body=atom(links[1:]), headers=xml))
    server.route("/sitemap-news.xml", Reply(body=urlset(links, news=True), headers=xml))
    server.route("/sitemap-1.xml.gz", Reply(body=gzip.compress(urlset(links[:2])),
                                            headers={"Content-Type": "application/gzip"}))
    server.route("/sitemap-2.xml", Reply(body=urlset(links[2:]), headers=xml))
    server.route("/sitemap.xml", Reply(body=sitemap_index(
        [base + "/sitemap-1.xml.gz", base + "/sitemap-2.xml"]), headers=xml))


@pytest.fixture
def site() -> Iterator[NewsServer]:
    """The news site, running for one test."""
    with NewsServer() as server:
        install_site(server)
        yield server

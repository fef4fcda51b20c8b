"""Sources: files, URLs (polite, SSRF-safe fetching), RSS/Atom feeds, sitemaps, WARC.

Each source yields articles or raw pages and nothing else: ``diemtin.flow`` alone wires
them to extraction, analysis and the store.
"""

from diemtin.ingest.feeds import Feed, FeedEntry, parse_feed
from diemtin.ingest.files import FileOptions, discover, read_items
from diemtin.ingest.http import Fetcher, FetchOptions, FetchResult, default_user_agent
from diemtin.ingest.records import article_from_record, article_from_text_dump
from diemtin.ingest.sitemaps import Sitemap, SitemapEntry, parse_sitemap
from diemtin.ingest.textdump import parse_text_dump
from diemtin.ingest.warc import read_warc

__all__ = [
    "Feed", "FeedEntry", "FetchOptions", "FetchResult", "Fetcher", "FileOptions", "Sitemap",
    "SitemapEntry", "article_from_record", "article_from_text_dump", "default_user_agent",
    "discover", "parse_feed", "parse_sitemap", "parse_text_dump", "read_items", "read_warc",
]

"""Export articles as JSONL, CSV or Parquet, streaming in constant memory."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

from diemtin.errors import InputError
from diemtin.models import Article, to_dict

FORMATS = ("jsonl", "csv", "parquet")
_LIST_FIELDS = ("body", "captions", "tags", "images")


def export_articles(articles: Iterable[Article], stream: IO[bytes], *, fmt: str,
                    batch_size: int = 1000) -> int:
    """Write every article to ``stream`` in ``fmt``; return how many were written.

    In CSV, list fields are JSON arrays. Parquet needs ``pip install diemtin[parquet]``.
    """
    if fmt == "jsonl":
        return _write_jsonl(articles, stream)
    if fmt == "csv":
        return _write_csv(articles, stream)
    if fmt == "parquet":
        return _write_parquet(articles, stream, batch_size)
    raise InputError(f"format must be one of {', '.join(FORMATS)}; got {fmt!r}")


def _write_jsonl(articles: Iterable[Article], stream: IO[bytes]) -> int:
    count = 0
    for article in articles:
        stream.write(json.dumps(to_dict(article), ensure_ascii=False).encode("utf-8") + b"\n")
        count += 1
    return count


def _flat(article: Article) -> dict[str, Any]:
    row = to_dict(article)
    for name in _LIST_FIELDS:
        row[name] = json.dumps(row[name], ensure_ascii=False)
    return row


def _write_csv(articles: Iterable[Article], stream: IO[bytes]) -> int:
    import io

    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    writer: csv.DictWriter[str] | None = None
    count = 0
    for article in articles:
        row = _flat(article)
        if writer is None:
            writer = csv.DictWriter(text, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
        count += 1
    text.detach()
    return count


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(islice(iterator, size)):
        yield batch


def _write_parquet(articles: Iterable[Article], stream: IO[bytes], batch_size: int) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise InputError("Parquet export needs pyarrow: pip install 'diemtin[parquet]'") from error
    text_fields = ("id", "url", "outlet", "title", "lead", "author", "section", "published",
                   "fetched_at", "ingested_at", "language", "dateline", "source")
    schema = pa.schema([(name, pa.string()) for name in text_fields]
                       + [(name, pa.list_(pa.string())) for name in _LIST_FIELDS])
    count = 0
    with pq.ParquetWriter(stream, schema) as writer:
        for batch in _batches(articles, batch_size):
            rows = [to_dict(article) for article in batch]
            columns = {name: [row[name] for row in rows] for name in schema.names}
            writer.write_table(pa.table(columns, schema=schema))
            count += len(batch)
    return count

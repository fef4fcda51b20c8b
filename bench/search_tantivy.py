"""Tantivy (tantivy-py, MIT) with diemtin's matching rules, for ``bench/search.py``.

One pre-tokenized field per text holds, at each word's position, its folded key and
(when it differs) its exact key, so a term or phrase typed with any mix of marks is one
Tantivy term or phrase query: the rules without expansion or checks. The day is a fast
field, so counts by day are one aggregation.

Run through ``python bench/search.py --engines tantivy`` (``pip install tantivy``).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from diemtin.search import parse_query
from diemtin.search.keys import day_index, outlet_key, words
from diemtin.search.query import And, Node, Not, Or, Term
from diemtin.search.rules import index_keys, term_keys


def _tokens(tantivy: Any, exact_text: str, folded_text: str) -> Any:
    """Both keys of every word at the word's position."""
    tokens = []
    for position, (exact, folded) in enumerate(zip(words(exact_text), words(folded_text),
                                                   strict=True)):
        tokens.append(tantivy.Token(folded, position, 0, 0))
        if exact != folded:
            tokens.append(tantivy.Token(exact, position, 0, 0))
    return tantivy.PreTokenizedString(folded_text, tokens)


def _schema(tantivy: Any) -> Any:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title", stored=True, tokenizer_name="raw")
    builder.add_text_field("t_words", tokenizer_name="raw", index_option="position")
    builder.add_text_field("b_words", tokenizer_name="raw", index_option="position")
    builder.add_text_field("outlet", tokenizer_name="raw", fast=True)
    builder.add_unsigned_field("day", fast=True, indexed=True)
    return builder.build()


def build(jsonl: Path, directory: Path) -> tuple[Any, float]:
    """Index the JSONL articles; return the index and articles per second."""
    import tantivy

    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    index = tantivy.Index(_schema(tantivy), path=str(directory))
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    began = time.perf_counter()
    count = 0
    with jsonl.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            keys = index_keys(record["title"], "\n".join([record["lead"], *record["body"]]))
            document = tantivy.Document()
            document.add_text("title", record["title"])
            document.add_pre_tokenized_text("t_words", _tokens(tantivy, keys.exact_title,
                                                               keys.folded_title))
            document.add_pre_tokenized_text("b_words", _tokens(tantivy, keys.exact_text,
                                                               keys.folded_text))
            document.add_text("outlet", outlet_key(record["outlet"]) or "")
            document.add_unsigned("day", day_index(datetime.fromisoformat(record["published"])))
            writer.add_document(document)
            count += 1
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index, count / (time.perf_counter() - began)


class Compiler:
    """diemtin's query tree as Tantivy queries, term by term with the rules."""

    def __init__(self, tantivy: Any, index: Any) -> None:
        self.tantivy = tantivy
        self.schema = index.schema

    def term(self, term: Term, *, fold: bool) -> Any:
        keys = term_keys(term, fold_all=fold).keys
        fields = ["t_words"] if term.field == "title" else ["t_words", "b_words"]
        query = self.tantivy.Query
        if len(keys) == 1:
            parts = [query.term_query(self.schema, field, keys[0]) for field in fields]
        else:
            parts = [query.phrase_query(self.schema, field, list(keys)) for field in fields]
        return parts[0] if len(parts) == 1 else query.boolean_query(
            [(self.tantivy.Occur.Should, part) for part in parts])

    def node(self, node: Node, *, fold: bool) -> Any:
        occur, query = self.tantivy.Occur, self.tantivy.Query
        if isinstance(node, Term):
            return self.term(node, fold=fold)
        if isinstance(node, Or):
            return query.boolean_query([(occur.Should, self.node(item, fold=fold))
                                        for item in node.items])
        if isinstance(node, Not):
            raise ValueError("NOT needs a positive word beside it")
        assert isinstance(node, And)
        return query.boolean_query([
            (occur.MustNot, self.node(item.item, fold=fold)) if isinstance(item, Not)
            else (occur.Must, self.node(item, fold=fold)) for item in node.items])

    def filtered(self, text: str, outlet: str | None, since: str | None) -> Any:
        occur, query = self.tantivy.Occur, self.tantivy.Query
        parsed = parse_query(text)
        assert parsed.node is not None
        clauses = [(occur.Must, self.node(parsed.node, fold=parsed.fold))]
        if outlet:
            clauses.append((occur.Must, query.term_query(self.schema, "outlet",
                                                         outlet_key(outlet))))
        if since:
            first = day_index(datetime.fromisoformat(since + "T00:00:00+07:00"))
            clauses.append((occur.Must, query.range_query(
                self.schema, "day", self.tantivy.FieldType.Unsigned, first, 1 << 40)))
        return query.boolean_query(clauses)


def runners(index: Any) -> tuple[Callable[[str], object], Callable[[str], object]]:
    """Search (20 newest matches, with titles) and count-by-day functions over ``index``."""
    import tantivy

    compiler = Compiler(tantivy, index)
    searcher = index.searcher()

    def search(text: str) -> object:
        words_, *rest = text.split("|")
        query = compiler.filtered(words_, rest[0] if rest else None, rest[1] if rest else None)
        result = searcher.search(query, limit=20, order_by_field="day")
        return [(searcher.doc(address)["title"], result.count) for _, address in result.hits]

    def count(text: str) -> object:
        query = compiler.filtered(text, None, None)
        return searcher.aggregate(query, {"by_day": {"terms": {"field": "day",
                                                               "size": 100_000}}})

    return search, count


def size_of(directory: Path) -> int:
    """Bytes on disk of the index."""
    return sum(path.stat().st_size for path in directory.rglob("*") if path.is_file())

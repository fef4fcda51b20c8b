"""Tests of the component registry and pipeline building: snapshot, errors, pickling."""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

from diemtin.nlp import AnalyzeOptions, Doc, PipelineError, Registry, build_pipeline
from diemtin.nlp.pipeline import DEFAULT_COMPONENTS, check_requirements, stale_components
from diemtin.nlp.registry import default_registry
from diemtin.nlp.summary import SummaryOptions

SNAPSHOT = Path(__file__).with_name("registry_snapshot.json")


def test_registry_matches_snapshot() -> None:
    """Names, versions, requires and assigns change only on purpose (bump the version)."""
    described = [{key: entry[key] for key in ("name", "version", "requires", "assigns")}
                 for entry in default_registry().describe()]
    assert described == json.loads(SNAPSHOT.read_text(encoding="utf-8")), (
        "the registry changed: if on purpose, update tests/nlp/registry_snapshot.json"
    )


def test_every_default_component_is_registered() -> None:
    assert set(DEFAULT_COMPONENTS) == set(default_registry().names())


@pytest.mark.parametrize("name", DEFAULT_COMPONENTS)
def test_component_pickles(name: str) -> None:
    component = default_registry().create(name)
    copy = pickle.loads(pickle.dumps(component))
    assert copy == component
    assert (copy.name, copy.version) == (component.name, component.version)
    assert component.version.startswith(name + ".v")


def test_pipeline_pickles_and_runs_after_unpickling() -> None:
    pipeline = build_pipeline(AnalyzeOptions(components=("dates",)))
    copy = pickle.loads(pickle.dumps(pipeline))
    doc = copy(Doc("Hôm qua trời mưa."))
    assert doc.dates and doc.dates[0].text == "Hôm qua"
    assert doc.versions == (("dates", "dates.v1"),)


def test_missing_requirement_is_rejected_at_build_time() -> None:
    with pytest.raises(PipelineError, match=r"'summary' requires .*keywords"):
        build_pipeline(AnalyzeOptions(components=("sentences", "words", "summary")))


def test_requirement_must_come_before() -> None:
    with pytest.raises(PipelineError, match="'keywords' requires words"):
        build_pipeline(AnalyzeOptions(components=("keywords", "words")))


def test_places_require_entities_only_when_they_use_them() -> None:
    from diemtin.nlp.places import PlaceOptions

    with pytest.raises(PipelineError, match=r"mentions\.loc"):
        build_pipeline(AnalyzeOptions(components=("places",)))
    options = AnalyzeOptions(components=("places",),
                             config=(("places", PlaceOptions(use_entities=False)),))
    assert build_pipeline(options).names == ("places",)


def test_unknown_component_names_the_known_ones() -> None:
    with pytest.raises(PipelineError, match="unknown component 'sentiment'; known: coref, dates"):
        build_pipeline(AnalyzeOptions(components=("sentiment",)))


def test_wrong_options_type_is_rejected() -> None:
    with pytest.raises(PipelineError, match="must be DateOptions; got SummaryOptions"):
        default_registry().create("dates", SummaryOptions())


def test_options_for_a_component_not_in_the_pipeline_are_rejected() -> None:
    with pytest.raises(PipelineError, match="not in the pipeline"):
        build_pipeline(AnalyzeOptions(components=("dates",),
                                      config=(("summary", SummaryOptions()),)))


def test_component_listed_twice_is_rejected() -> None:
    with pytest.raises(PipelineError, match="twice"):
        build_pipeline(AnalyzeOptions(components=("dates", "dates")))


def test_duplicate_registration_is_rejected() -> None:
    registry = Registry()
    registry.register("x", lambda options: default_registry().create("dates"),
                      options_type=SummaryOptions)
    with pytest.raises(PipelineError, match="already registered"):
        registry.register("x", lambda options: default_registry().create("dates"),
                          options_type=SummaryOptions)


@dataclass(frozen=True, slots=True)
class _FakeWordsOptions:
    pass


@dataclass(frozen=True, slots=True)
class _FakeWords:
    """A stand-in segmenter: one word per whitespace-separated token."""

    options: _FakeWordsOptions = _FakeWordsOptions()
    name: ClassVar[str] = "words"
    version: ClassVar[str] = "fakewords.v1"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ("words",)

    def __call__(self, doc: Doc) -> Doc:
        spans: list[tuple[int, int]] = []
        start = None
        for i, char in enumerate(doc.text + " "):
            if char.isspace():
                if start is not None:
                    spans.append((start, i))
                start = None
            elif start is None:
                start = i
        return doc.with_layers(self.name, self.version, words=tuple(spans))


def test_custom_registry_with_a_stand_in_component() -> None:
    registry = default_registry()
    custom = Registry()
    custom.register("words", lambda options: _FakeWords(), options_type=_FakeWordsOptions)
    custom.register("topic", lambda options: registry.create("topic", options),
                    options_type=registry.options_type("topic"))
    pipeline = build_pipeline(AnalyzeOptions(components=("words", "topic")), registry=custom)
    doc = pipeline(Doc("Đội tuyển bóng đá thắng trận chung kết, cầu thủ ghi bàn."))
    assert doc.topic is not None and doc.topic.label == "thể thao"
    assert dict(doc.versions) == {"words": "fakewords.v1", "topic": "topic.v1"}


def test_check_requirements_accepts_the_default_order() -> None:
    check_requirements(build_pipeline().components)


def test_stale_components() -> None:
    stored = {"dates": ("dates.v1", []), "topic": ("topic.v0", None)}
    versions = {"dates": "dates.v1", "topic": "topic.v1", "summary": "summary.v1"}
    assert stale_components(stored, versions) == ["topic", "summary"]

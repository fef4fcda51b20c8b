"""Build a pipeline of registered components and run it over a Doc.

:func:`build_pipeline` creates the components named in :class:`AnalyzeOptions` from a
registry, in order, and refuses a pipeline in which a component requires a capability
("words", "mentions.loc" ...) that no earlier component assigns: the mistake shows when
the pipeline is built, not halfway through a batch. A :class:`Pipeline` is a frozen
tuple of frozen components, so it pickles and can be shipped to worker processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from diemtin.nlp.doc import Doc
from diemtin.nlp.registry import Component, PipelineError, Registry, default_registry

DEFAULT_COMPONENTS: tuple[str, ...] = (
    "sentences", "words", "entities", "coref", "dates", "places", "keywords", "topic", "summary",
)
"""The components :func:`diemtin.nlp.analyze` runs by default, in order."""

MAX_ANALYZED_CHARS = 100_000
"""Characters of a text the pipeline analyzes by default (about 15,000 words, several
times a long article): past it, a document costs no more time or memory. The stored
text is kept whole; only its analysis stops."""


@dataclass(frozen=True, slots=True)
class AnalyzeOptions:
    """What analysis runs and how each component is configured.

    Attributes:
        components: Registry names, in the order they run.
        config: ``(name, options)`` pairs: the options dataclass of a component (for
            example ``("summary", SummaryOptions(max_sentences=2))``); components not
            listed use their defaults.
        max_chars: Characters analyzed from the start of each text (title, lead, then
            body); the rest is stored and searchable but not analyzed. The cut falls at
            the last line or word break before the limit, so no mention is split.

    >>> from diemtin.nlp.summary import SummaryOptions
    >>> AnalyzeOptions(config=(("summary", SummaryOptions(max_sentences=1)),)).options_for(
    ...     "summary").max_sentences
    1
    """

    components: tuple[str, ...] = DEFAULT_COMPONENTS
    config: tuple[tuple[str, object], ...] = ()
    max_chars: int = MAX_ANALYZED_CHARS

    def options_for(self, name: str) -> object | None:
        """The options given for component ``name``, or None for its defaults."""
        for key, value in self.config:
            if key == name:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Pipeline:
    """Components run in order; each returns a new Doc.

    Only the first ``max_chars`` characters of a Doc's text are analyzed (see
    :attr:`AnalyzeOptions.max_chars`): time and memory stay bounded on any input.
    """

    components: tuple[Component, ...]
    max_chars: int = MAX_ANALYZED_CHARS

    def __call__(self, doc: Doc) -> Doc:
        """Run every component over ``doc`` (cut to ``max_chars``)."""
        doc = limit_text(doc, self.max_chars)
        for component in self.components:
            doc = component(doc)
        return doc

    @property
    def names(self) -> tuple[str, ...]:
        """Component names, in order."""
        return tuple(component.name for component in self.components)

    @property
    def versions(self) -> dict[str, str]:
        """``{name: version}`` of every component: what a stored annotation must match."""
        return {component.name: component.version for component in self.components}


def check_requirements(components: Iterable[Component]) -> None:
    """Raise when a component requires a capability no earlier component assigns.

    Raises:
        PipelineError: naming the component, the missing capability and who assigns it.
    """
    assigned: set[str] = set()
    for component in components:
        missing = [need for need in component.requires if need not in assigned]
        if missing:
            raise PipelineError(
                f"component {component.name!r} requires {', '.join(missing)}, which no "
                "earlier component assigns; add the component that assigns it before "
                f"{component.name!r} (assigned so far: {', '.join(sorted(assigned)) or 'none'})"
            )
        assigned.update(component.assigns)


def build_pipeline(options: AnalyzeOptions | None = None, *,
                   registry: Registry | None = None) -> Pipeline:
    """Create the components of ``options`` and check their requirements.

    Args:
        options: Which components, in which order, with which options.
        registry: Where to find the factories; the built-ins by default.

    Raises:
        PipelineError: an unknown component, options of the wrong type, a component
            listed twice, or a missing requirement.
    """
    opts = options or AnalyzeOptions()
    reg = registry or default_registry()
    _check_config(opts.config, opts.components)
    seen: set[str] = set()
    for name in opts.components:
        if name in seen:
            raise PipelineError(f"component {name!r} is listed twice")
        seen.add(name)
    components = tuple(reg.create(name, opts.options_for(name)) for name in opts.components)
    check_requirements(components)
    if opts.max_chars < 1:
        raise PipelineError(f"max_chars must be 1 or more; got {opts.max_chars}")
    return Pipeline(components, max_chars=opts.max_chars)


def limit_text(doc: Doc, max_chars: int) -> Doc:
    r"""``doc`` with its text cut to at most ``max_chars`` characters, at a break.

    The cut falls at the last line break in the second half of the allowed text, else at
    the last space there, else at ``max_chars``; offsets into the cut text are offsets
    into the whole text.

    >>> limit_text(Doc("Mưa lớn.\nLào Cai ngập.", title_end=8, lead_end=8), 12).text
    'Mưa lớn.'
    """
    text = doc.text
    if len(text) <= max_chars:
        return doc
    cut = text.rfind("\n", max_chars // 2, max_chars)
    if cut < 0:
        cut = text.rfind(" ", max_chars // 2, max_chars)
    if cut < 0:
        cut = max_chars
    return replace(doc, text=text[:cut], title_end=min(doc.title_end, cut),
                   lead_end=min(doc.lead_end, cut))


def _check_config(config: Iterable[tuple[str, object]], names: Iterable[str]) -> None:
    wanted = set(names)
    for key, _ in config:
        if key not in wanted:
            raise PipelineError(
                f"options given for component {key!r}, which is not in the pipeline "
                f"({', '.join(wanted)})"
            )


def stale_components(stored: Mapping[str, tuple[str, object]],
                     versions: Mapping[str, str]) -> list[str]:
    """Names whose stored annotation is missing or of another version than ``versions``."""
    return [name for name, version in versions.items()
            if name not in stored or stored[name][0] != version]

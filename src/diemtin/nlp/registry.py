"""The component registry: an explicit map from component name to factory.

Nothing registers itself on import (see ``design.md``): :func:`default_registry` builds
a :class:`Registry` and fills it with one call to
:func:`diemtin.nlp.components.register_builtins`. A factory takes the component's
options (a frozen dataclass, or None for the defaults) and returns a component: any
object with ``name``, ``version``, ``requires``, ``assigns`` and ``__call__(doc) -> doc``.

``requires`` and ``assigns`` name capabilities ("words", "sentences", "mentions.loc",
"dates" ...); :func:`diemtin.nlp.pipeline.build_pipeline` checks that every capability
a component requires is assigned by a component that runs before it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, is_dataclass
from typing import Any, Protocol

from diemtin.errors import InputError
from diemtin.nlp.doc import Doc


class PipelineError(InputError):
    """An unknown component, options of the wrong type, or a missing requirement."""


class Component(Protocol):
    """What the pipeline runs: a named, versioned step from Doc to Doc."""

    @property
    def name(self) -> str:
        """The registry name ("dates")."""
        ...

    @property
    def version(self) -> str:
        """Name and version of the output ("dates.v1"); bump it when output changes."""
        ...

    @property
    def requires(self) -> tuple[str, ...]:
        """Capabilities that must be assigned before this component runs."""
        ...

    @property
    def assigns(self) -> tuple[str, ...]:
        """Capabilities this component adds to the Doc."""
        ...

    def __call__(self, doc: Doc) -> Doc:
        """Return a copy of ``doc`` with this component's layers set."""
        ...


Factory = Callable[[Any], Component]
"""Builds a component from its options (None means the defaults)."""


@dataclass(frozen=True, slots=True)
class Registration:
    """One registered component: its factory and the type of its options."""

    name: str
    factory: Factory
    options_type: type


class Registry:
    """Component factories by name.

    >>> registry = default_registry()
    >>> registry.create("dates").version
    'dates.v1'
    """

    def __init__(self) -> None:
        self._entries: dict[str, Registration] = {}

    def register(self, name: str, factory: Factory, *, options_type: type) -> None:
        """Add a factory under ``name``.

        Raises:
            PipelineError: ``name`` is already registered.
        """
        if name in self._entries:
            raise PipelineError(f"component {name!r} is already registered")
        self._entries[name] = Registration(name, factory, options_type)

    def names(self) -> tuple[str, ...]:
        """Registered names, sorted."""
        return tuple(sorted(self._entries))

    def options_type(self, name: str) -> type:
        """The options dataclass of component ``name``."""
        return self._entry(name).options_type

    def create(self, name: str, options: object | None = None) -> Component:
        """Build component ``name`` with ``options`` (its defaults when None).

        Raises:
            PipelineError: unknown name, or options of another type than registered.
        """
        entry = self._entry(name)
        if options is not None and not isinstance(options, entry.options_type):
            raise PipelineError(
                f"options of component {name!r} must be {entry.options_type.__name__}; "
                f"got {type(options).__name__}"
            )
        return entry.factory(options)

    def describe(self) -> list[dict[str, Any]]:
        """Name, version, requires, assigns and default options of every component."""
        out: list[dict[str, Any]] = []
        for name in self.names():
            component = self.create(name)
            defaults = self._entry(name).options_type()
            out.append({
                "name": name,
                "version": component.version,
                "requires": list(component.requires),
                "assigns": list(component.assigns),
                "options": _defaults(defaults),
            })
        return out

    def _entry(self, name: str) -> Registration:
        try:
            return self._entries[name]
        except KeyError:
            known = ", ".join(self.names())
            raise PipelineError(f"unknown component {name!r}; known: {known}") from None


def _defaults(options: object) -> dict[str, Any]:
    if is_dataclass(options) and not isinstance(options, type):
        return asdict(options)
    return {}


def default_registry() -> Registry:
    """A registry holding the built-in components."""
    from diemtin.nlp.components import register_builtins

    registry = Registry()
    register_builtins(registry)
    return registry

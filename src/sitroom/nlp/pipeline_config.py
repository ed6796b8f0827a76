"""A pipeline described by configuration: which spaCy model, which components in which order
with which settings, and what must be imported to register them.

Each supported language has one in ``sitroom/nlp/lang/<code>/pipeline.toml``. A user's own
pipeline file may ``extends = "en"`` (or another file) and add components, or replace one by
giving its name. The loaded :class:`PipelineConfig` is plain data: it is pickled to process and
Dask workers, which build the same pipeline from it, so a user's component runs everywhere.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from sitroom.errors import ConfigError
from sitroom.nlp.lang import DEFAULT_LANGUAGE, language_dir, supported_languages

_PLACES = ("before", "after", "first", "last")
_COMPONENT_KEYS = {"name", "factory", "config", "patterns", *_PLACES}
_TOP_KEYS = {"lang", "model", "tokenizer", "imports", "components", "extends"}


@dataclass(frozen=True)
class ComponentSpec:
    """One component: the spaCy factory, its name in the pipeline, where it goes and how."""

    name: str
    factory: str
    config: dict[str, Any]
    #: One of before/after/first/last, or empty: last, or for a replacement the replaced one's
    place: dict[str, str | bool]
    patterns: str | None = None


@dataclass(frozen=True)
class PipelineConfig:
    """A whole pipeline, resolved (no ``extends`` left), with file imports as absolute paths."""

    lang: str
    model: str
    tokenizer: str | None
    imports: tuple[str, ...]
    components: tuple[ComponentSpec, ...]
    source: str

    @classmethod
    def load(cls, name_or_path: str | Path = DEFAULT_LANGUAGE) -> PipelineConfig:
        """The pipeline of a language code ("en") or of a TOML file."""
        return _resolve(name_or_path, seen=())

    def with_model(self, model: str) -> PipelineConfig:
        """The same pipeline on another spaCy model (for model comparisons)."""
        return replace(self, model=model)

    @cached_property
    def key(self) -> str:
        """A string that is equal for equal configurations (workers cache pipelines by it)."""
        return json.dumps(
            [self.model, self.tokenizer, self.imports, [vars(c) for c in self.components]],
            sort_keys=True,
            default=str,
        )

    def import_modules(self) -> None:
        """Import the modules (or files) that register this pipeline's factories."""
        for target in self.imports:
            _import(target, self.source)

    def call(self, target: str) -> Callable[..., Any]:
        """The function a "module:function" setting names."""
        module_name, _, attribute = target.partition(":")
        module = _import(module_name, self.source)
        try:
            return getattr(module, attribute)
        except AttributeError:
            raise ConfigError(f"{module_name} has no {attribute!r}", source=self.source) from None


@cache
def language_config(code: str) -> PipelineConfig:
    """The pipeline of a supported language, read once per process (each document of a stream
    routed by its language asks for it)."""
    return PipelineConfig.load(code)


def _resolve(name_or_path: str | Path, seen: tuple[str, ...]) -> PipelineConfig:
    path, settings = _read(name_or_path)
    source = str(path)
    if source in seen:
        raise ConfigError("a pipeline file extends itself", source=source)
    unknown = sorted(settings.keys() - _TOP_KEYS)
    if unknown:
        raise ConfigError(f"unknown pipeline setting {unknown[0]!r}", source=source)
    imports = tuple(_absolute(item, path) for item in settings.get("imports", []))
    components = [_component(item, source) for item in settings.get("components", [])]
    if "extends" in settings:
        base = _resolve(settings["extends"], (*seen, source))
        return PipelineConfig(
            lang=settings.get("lang", base.lang),
            model=settings.get("model", base.model),
            tokenizer=settings.get("tokenizer", base.tokenizer),
            imports=(*base.imports, *imports),
            components=_merged(base.components, components),
            source=source,
        )
    if "model" not in settings:
        raise ConfigError("a pipeline names its spaCy model (model = ...)", source=source)
    return PipelineConfig(
        lang=settings.get("lang", DEFAULT_LANGUAGE),
        model=settings["model"],
        tokenizer=settings.get("tokenizer"),
        imports=imports,
        components=tuple(components),
        source=source,
    )


def _read(name_or_path: str | Path) -> tuple[Path, dict[str, Any]]:
    text = str(name_or_path)
    directory = language_dir(text) if isinstance(name_or_path, str) else None
    if directory is not None:
        path = Path(str(directory.joinpath("pipeline.toml")))
    else:
        path = Path(text).expanduser()
        if not path.is_file():
            languages = ", ".join(supported_languages())
            raise ConfigError(
                f"no pipeline {text!r}: name a language ({languages}) or a pipeline .toml file"
            )
    try:
        return path.resolve(), tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", source=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read it: {exc}", source=str(path)) from None


def _component(item: Any, source: str) -> ComponentSpec:
    if not isinstance(item, dict) or "name" not in item:
        raise ConfigError("every [[components]] entry needs a name", source=source)
    unknown = sorted(item.keys() - _COMPONENT_KEYS)
    if unknown:
        raise ConfigError(f"component {item['name']!r}: unknown key {unknown[0]!r}", source=source)
    place = {key: item[key] for key in _PLACES if key in item}
    if len(place) > 1:
        raise ConfigError(
            f"component {item['name']!r}: give one of before, after, first, last", source=source
        )
    return ComponentSpec(
        name=item["name"],
        factory=item.get("factory", item["name"]),
        config=dict(item.get("config", {})),
        place=place,
        patterns=item.get("patterns"),
    )


def _merged(
    base: tuple[ComponentSpec, ...], extra: list[ComponentSpec]
) -> tuple[ComponentSpec, ...]:
    """The base's components with each extra one replacing the base's of the same name (in its
    place) or, for a new name, added at the place it asks for."""
    merged = list(base)
    for component in extra:
        names = [c.name for c in merged]
        if component.name in names:
            index = names.index(component.name)
            merged[index] = replace(component, place=component.place or merged[index].place)
        else:
            merged.append(component)
    return tuple(merged)


def _absolute(target: str, config_path: Path) -> str:
    """A ``.py`` import relative to the pipeline file made absolute; a module name unchanged."""
    if target.endswith(".py"):
        return str((config_path.parent / target).resolve())
    return target


def _import(target: str, source: str) -> Any:
    if target.endswith(".py"):
        # one module per file: two pipelines' "components.py" in two folders stay apart
        digest = hashlib.sha1(target.encode("utf-8")).hexdigest()[:8]
        name = f"sitroom_user_{Path(target).stem}_{digest}"
        if name in sys.modules:
            return sys.modules[name]
        spec = importlib.util.spec_from_file_location(name, target)
        if spec is None or spec.loader is None or not Path(target).is_file():
            raise ConfigError(f"cannot import {target}: no such file", source=source)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module
    try:
        return importlib.import_module(target)
    except ImportError as exc:
        raise ConfigError(f"cannot import {target}: {exc}", source=source) from None

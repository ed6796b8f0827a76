"""``sitroom.toml``: defaults for the command line's options, written once per project.

A team that always works on one database, or a user who wants two workers, writes it in a
``sitroom.toml`` in the working directory (or in the file ``SITROOM_CONFIG`` names)::

    db = "postgresql://me@localhost/news"  # every command that takes --db

    [ingest]
    workers = 2

    [serve]
    port = 8080

    [eval.places]
    demonyms = "all"

A top-level key is the option of that name on every command that has it; a table is one
command's (``[eval.places]`` a subcommand's). Keys are option names without the dashes
(``read-token-required`` or ``read_token_required``). Precedence is click's: a flag on the
command line, then the option's environment variable (``SITROOM_DB`` for ``--db``), then this
file, then the built-in default. An unknown key is an error, not a silent no-op.

``[[alerts]]`` tables are alert rules, not options (:mod:`sitroom.alerts`)::

    [[alerts]]
    name = "deaths in Kharkiv"
    kind = "figure"
    measure = "killed"
    place = "Kharkiv"
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from sitroom.errors import ConfigError

CONFIG_FILE = "sitroom.toml"
CONFIG_ENV = "SITROOM_CONFIG"
#: Sections that are not command options: read by the feature they configure.
SECTIONS = ("alerts",)


def config_path() -> Path | None:
    """The settings file in use: ``$SITROOM_CONFIG`` (which must exist), else ``sitroom.toml``
    in the working directory when there is one."""
    named = os.environ.get(CONFIG_ENV)
    if named:
        path = Path(named)
        if not path.is_file():
            raise ConfigError(f"{CONFIG_ENV} names {named!r}, which is not a file")
        return path
    local = Path(CONFIG_FILE)
    return local if local.is_file() else None


def read_settings(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", source=str(path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read it: {exc.strerror or exc}", source=str(path)) from None


def default_map(settings: dict[str, Any], group: Any, source: str) -> dict[str, Any]:
    """The settings as click's ``default_map`` for ``group``'s commands (nested for subgroups).
    ``group`` is the command-line group (typer's, which carries its own copy of click).

    Raises ConfigError for a key no command takes, naming the file and the key."""
    settings = {key: value for key, value in settings.items() if key not in SECTIONS}
    shared = {_name(k): v for k, v in settings.items() if not isinstance(v, dict)}
    unused = sorted(k for k in shared if not _taken_below(k, group))
    if unused:
        raise ConfigError(f"no command takes the option {unused[0]!r}", source=source)
    return _commands_map(settings, group, source)


def _commands_map(settings: dict[str, Any], group: Any, source: str) -> dict[str, Any]:
    shared = {_name(k): v for k, v in settings.items() if not isinstance(v, dict)}
    tables = {k: v for k, v in settings.items() if isinstance(v, dict)}
    unknown = sorted(tables.keys() - group.commands.keys())
    if unknown:
        raise ConfigError(f"[{unknown[0]}] names no command", source=source)
    result: dict[str, Any] = {}
    for name, command in group.commands.items():
        own = {**shared, **tables.get(name, {})}
        if _is_group(command):
            mapped = _commands_map(own, command, f"{source} [{name}]")
        else:
            mapped = _options_map(own, tables.get(name, {}), command, f"{source} [{name}]")
        if mapped:
            result[name] = mapped
    return result


def _options_map(
    settings: dict[str, Any], own: dict[str, Any], command: Any, source: str
) -> dict[str, Any]:
    """The settings a command takes; a key of its own table that it does not take is an error."""
    params = {p.name for p in command.params if p.name}
    for key in own:
        if _name(key) not in params or isinstance(own[key], dict):
            takes = ", ".join(sorted(params - {"help"}))
            raise ConfigError(f"no option {key!r} (it takes: {takes})", source=source)
    return {_name(k): v for k, v in settings.items() if _name(k) in params}


def _taken_below(key: str, group: Any) -> bool:
    return any(
        _taken_below(key, command)
        if _is_group(command)
        else any(p.name == key for p in command.params)
        for command in group.commands.values()
    )


def _is_group(command: Any) -> bool:
    return isinstance(getattr(command, "commands", None), dict)


def _name(key: str) -> str:
    return key.replace("-", "_")

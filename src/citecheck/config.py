"""Settings: named defaults, read from ``[tool.citecheck]`` or ``citecheck.toml``, flags last.

Every bound of a run (timeouts, body cap, redirect limit, concurrency, politeness, flake
rule, cache TTL) is a named default here, reused by the CLI, the config files and the
library, so there is one place to read what citecheck will do.
"""

from __future__ import annotations

import fnmatch
import math
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from citecheck import __version__
from citecheck.errors import ConfigError, InputError

DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 20.0
DEFAULT_DEADLINE = 45.0  # total seconds for one URL, retries and redirects included
DEFAULT_MAX_BYTES = 1024 * 1024  # body bytes read per response, after decompression
DEFAULT_MAX_REDIRECTS = 10
DEFAULT_CONCURRENCY = 64
DEFAULT_PER_HOST = 2
DEFAULT_HOST_DELAY = 0.05  # seconds between request starts on one host
DEFAULT_RETRIES = 2  # retries after the first attempt, for transient failures only
DEFAULT_BACKOFF = 0.5  # first backoff in seconds; doubles per retry, with full jitter
DEFAULT_MAX_RETRY_AFTER = 30.0  # a longer Retry-After is not waited for
DEFAULT_CACHE_TTL = 86_400.0  # one day
DEFAULT_FLAKE_RUNS = 3
DEFAULT_FLAKE_DAYS = 3.0
DEFAULT_ARCHIVE_TTL = 7 * 86_400.0  # archive lookups are reused for a week
DEFAULT_ARCHIVE_PER_MINUTE = 24  # CDX and availability calls, as the archive asks
DEFAULT_SAVES_PER_MINUTE = 6
DEFAULT_ARCHIVE_SKIP_DAYS = 30.0  # a page archived this recently is not saved again
DEFAULT_SAVE_POLL_INTERVAL = 5.0  # seconds between Save Page Now job status checks
DEFAULT_DOI_TTL = 30 * 86_400.0  # registered DOI records are reused for 30 days
DEFAULT_NOTICE_TTL = 7 * 86_400.0  # a record older than a week is re-read for new notices
# Documents larger than this are refused before they are read (a PDF-to-Markdown paper is
# well under 5 MB). Bibliographies expand about 25-fold in memory once parsed, so their
# cap is lower.
DEFAULT_MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_BIBLIOGRAPHY_BYTES = 10 * 1024 * 1024
MAX_CONFIG_BYTES = 1024 * 1024  # a pyproject.toml is a few kB
DEFAULT_USER_AGENT = (
    f"Mozilla/5.0 (compatible; citecheck/{__version__}; "
    "+https://github.com/citecheck/citecheck) citation source verification"
)
# Hosts that exist as long as the internet does: if none of them resolves, the network
# is down. Spread over operators and countries so that one outage or one national
# filter does not look like "offline".
DEFAULT_PROBE_HOSTS = (
    "web.archive.org",
    "www.wikipedia.org",
    "www.google.com",
    "www.baidu.com",
    "www.cloudflare.com",
    "yandex.ru",
)


@dataclass(frozen=True, slots=True)
class Settings:
    """Every option of a verification run, with its default."""

    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    deadline: float = DEFAULT_DEADLINE
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    concurrency: int = DEFAULT_CONCURRENCY
    per_host: int = DEFAULT_PER_HOST
    host_delay: float = DEFAULT_HOST_DELAY
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    cache_ttl: float = DEFAULT_CACHE_TTL
    flake_runs: int = DEFAULT_FLAKE_RUNS
    flake_days: float = DEFAULT_FLAKE_DAYS
    user_agent: str = DEFAULT_USER_AGENT
    exclude: tuple[str, ...] = ()
    probe_hosts: tuple[str, ...] = DEFAULT_PROBE_HOSTS
    allow_private: bool = True
    archive_lookups: bool = True
    archive_ttl: float = DEFAULT_ARCHIVE_TTL
    archive_per_minute: int = DEFAULT_ARCHIVE_PER_MINUTE
    saves_per_minute: int = DEFAULT_SAVES_PER_MINUTE
    archive_skip_days: float = DEFAULT_ARCHIVE_SKIP_DAYS
    save_poll_interval: float = DEFAULT_SAVE_POLL_INTERVAL
    state: str | None = None
    doi_checks: bool = True  # resolve cited DOIs, match their records, flag retractions
    doi_suggestions: bool = True  # propose DOIs for articles and chapters cited without one
    contact_email: str | None = None  # Crossref's polite pool (--mailto, CITECHECK_CONTACT_EMAIL)
    doi_ttl: float = DEFAULT_DOI_TTL
    notice_ttl: float = DEFAULT_NOTICE_TTL
    fail_on_correction: bool = False  # a correction is reported; with this it fails the run
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES
    max_bibliography_bytes: int = DEFAULT_MAX_BIBLIOGRAPHY_BYTES
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        _check_types(self)
        _check_ranges(self)

    def excluded(self, url: str) -> bool:
        """Whether ``url`` matches one of the exclude patterns (globs or substrings)."""
        return any(fnmatch.fnmatch(url, p) or (p in url and "*" not in p) for p in self.exclude)

    def with_overrides(self, **overrides: Any) -> Settings:
        """These settings with the given options replaced (``None`` values ignored)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, **_coerced(given))


_FIELDS = {f.name: f for f in fields(Settings) if f.name != "extra"}


def load_settings(config: str | Path | None = None, start: str | Path = ".") -> Settings:
    """Settings from ``config``, else from ``citecheck.toml`` or ``pyproject.toml``'s
    ``[tool.citecheck]`` in ``start`` or its parents; defaults when there is none."""
    path = Path(config) if config else _find_config(Path(start).resolve())
    if path is None:
        return Settings()
    table = _read_table(path)
    unknown = sorted(set(table) - {k.replace("_", "-") for k in _FIELDS} - set(_FIELDS))
    if unknown:
        raise ConfigError(f"{path}: unknown option(s) {', '.join(unknown)}")
    values = {key.replace("-", "_"): value for key, value in table.items()}
    try:
        return Settings(**_coerced(values))
    except (ConfigError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def _find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        own = folder / "citecheck.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "citecheck" in _load_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def _load_toml(path: Path) -> dict[str, Any]:
    """The TOML at ``path``; a pipe or device is refused unopened, a huge file unread."""
    from citecheck.files import read_bounded

    try:
        data = read_bounded(path, MAX_CONFIG_BYTES, "max configuration size")
        return tomllib.loads(data.decode("utf-8"))
    except InputError as exc:
        raise ConfigError(f"{path}: cannot read configuration ({exc.reason})") from exc
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration ({exc})") from exc


def _read_table(path: Path) -> dict[str, Any]:
    data = _load_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("citecheck", {})
    else:
        table = data.get("tool", {}).get("citecheck", data)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.citecheck] must be a table")
    return table


def _coerced(values: dict[str, Any]) -> dict[str, Any]:
    """Values converted to each option's type, or ConfigError naming the option."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        spec = _FIELDS.get(key)
        if spec is None:
            raise ConfigError(f"unknown option {key}")
        out[key] = _coerce(key, str(spec.type), value)
    return out


def _coerce(key: str, kind: str, value: Any) -> Any:
    """``value`` as an option of type ``kind``; nothing is truncated or turned into text."""
    if kind == "float" and _is_number(value):
        return float(value)
    if kind == "int" and _is_number(value) and float(value).is_integer():
        return int(value)
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind.startswith("tuple") and isinstance(value, str):
        return (value,)
    sequence = isinstance(value, list | tuple)
    if kind.startswith("tuple") and sequence and all(isinstance(v, str) for v in value):
        return tuple(value)
    if kind.startswith("str") and (isinstance(value, str) or (value is None and "None" in kind)):
        return value
    raise ConfigError(f"option {key}: {value!r} is not {_KIND_NAMES.get(kind, kind)}")


_KIND_NAMES = {
    "float": "a number",
    "int": "a whole number",
    "bool": "true or false",
    "str": "a string",
    "str | None": "a string",
    "tuple[str, ...]": "a string or a list of strings",
}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# (lowest, highest) of every numeric option. The lowest is exclusive for options that
# must be positive (a zero timeout or cap makes every check fail) and inclusive for the
# rest; the highest catches typos and values that would switch a safety bound off.
_POSITIVE, _NON_NEGATIVE = "positive", "non-negative"
_YEAR = 365 * 86_400.0
_RANGES: dict[str, tuple[str, float]] = {
    "connect_timeout": (_POSITIVE, 600.0),
    "read_timeout": (_POSITIVE, 600.0),
    "deadline": (_POSITIVE, 3600.0),
    "max_bytes": (_POSITIVE, 1024**3),
    "max_redirects": (_NON_NEGATIVE, 100),
    "concurrency": (_POSITIVE, 1024),
    "per_host": (_POSITIVE, 64),
    "host_delay": (_NON_NEGATIVE, 60.0),
    "retries": (_NON_NEGATIVE, 20),
    "backoff": (_NON_NEGATIVE, 60.0),
    "max_retry_after": (_NON_NEGATIVE, 3600.0),
    "cache_ttl": (_NON_NEGATIVE, 10 * _YEAR),
    "flake_runs": (_POSITIVE, 100),
    "flake_days": (_NON_NEGATIVE, 3650.0),
    "archive_ttl": (_NON_NEGATIVE, 10 * _YEAR),
    "archive_per_minute": (_POSITIVE, 600),
    "saves_per_minute": (_POSITIVE, 60),
    "archive_skip_days": (_NON_NEGATIVE, 3650.0),
    "save_poll_interval": (_POSITIVE, 600.0),
    "max_document_bytes": (_POSITIVE, 1024**3),
    "max_bibliography_bytes": (_POSITIVE, 1024**3),
    "doi_ttl": (_NON_NEGATIVE, 10 * _YEAR),
    "notice_ttl": (_NON_NEGATIVE, 10 * _YEAR),
}


def _check_types(settings: Settings) -> None:
    """Each option holds a value of its type (Settings built in code skip ``_coerce``)."""
    for name, spec in _FIELDS.items():
        value = getattr(settings, name)
        kind = str(spec.type)
        if kind == "float" and _is_number(value):
            continue
        if kind == "int" and _is_number(value) and isinstance(value, int):
            continue
        if kind in ("float", "int") or _coerce(name, kind, value) != value:
            raise ConfigError(f"option {name}: {value!r} is not {_KIND_NAMES.get(kind, kind)}")


def _check_ranges(settings: Settings) -> None:
    for name, (lowest, highest) in _RANGES.items():
        value = getattr(settings, name)
        if not math.isfinite(value):
            raise ConfigError(f"option {name} must be a finite number, not {value}")
        if lowest == _POSITIVE and value <= 0:
            raise ConfigError(f"option {name} must be greater than 0")
        if value < 0:
            raise ConfigError(f"option {name} must not be negative")
        if value > highest:
            raise ConfigError(f"option {name} must be at most {_shown(highest)}, not {value}")


def _shown(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)

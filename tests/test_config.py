"""Settings from pyproject.toml / citecheck.toml, validated, with flags on top."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.config import DEFAULT_CONCURRENCY, Settings, load_settings
from citecheck.errors import ConfigError


def test_defaults_without_a_config_file(tmp_path: Path) -> None:
    """No configuration anywhere: the documented defaults."""
    settings = load_settings(start=tmp_path)
    assert settings == Settings()
    assert settings.concurrency == DEFAULT_CONCURRENCY
    assert (settings.per_host, settings.flake_runs, settings.flake_days) == (2, 3, 3.0)


def test_pyproject_table_is_found_from_a_subfolder(tmp_path: Path) -> None:
    """[tool.citecheck] in a parent pyproject.toml applies, with dashed or underscored keys."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "thesis"\n\n[tool.citecheck]\nconcurrency = 8\n'
        'per-host = 1\nexclude = ["*.example.org/*"]\nflake_runs = 2\n',
        encoding="utf-8",
    )
    (tmp_path / "chapters").mkdir()
    settings = load_settings(start=tmp_path / "chapters")
    assert (settings.concurrency, settings.per_host, settings.flake_runs) == (8, 1, 2)
    assert settings.excluded("https://www.example.org/a")
    assert not settings.excluded("https://example.com/a")


def test_citecheck_toml_wins_over_pyproject(tmp_path: Path) -> None:
    """A citecheck.toml next to pyproject.toml is the one read."""
    (tmp_path / "pyproject.toml").write_text("[tool.citecheck]\nconcurrency = 8\n", "utf-8")
    (tmp_path / "citecheck.toml").write_text("concurrency = 16\ndeadline = 5\n", "utf-8")
    settings = load_settings(start=tmp_path)
    assert (settings.concurrency, settings.deadline) == (16, 5.0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("concurency = 8\n", "unknown option"),
        ('concurrency = "many"\n', "concurrency"),
        ("concurrency = 0\n", "greater than 0"),
        ("allow_private = 1\n", "true or false"),
        ("concurrency = [\n", "cannot read"),
    ],
)
def test_bad_configuration_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    """Typos, wrong types, impossible values and broken TOML name the problem."""
    path = tmp_path / "citecheck.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(path)


def test_flags_override_files_and_none_means_unset(tmp_path: Path) -> None:
    """with_overrides replaces given options only; None leaves the file's value."""
    (tmp_path / "citecheck.toml").write_text("concurrency = 8\nretries = 4\n", "utf-8")
    settings = load_settings(start=tmp_path).with_overrides(concurrency=32, retries=None)
    assert (settings.concurrency, settings.retries) == (32, 4)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("deadline = nan\n", "deadline must be a finite number"),
        ("deadline = inf\n", "deadline must be a finite number"),
        ("read_timeout = -inf\n", "read_timeout must be a finite number"),
        ("concurrency = 2.7\n", "concurrency: 2.7 is not a whole number"),
        ("retries = true\n", "retries: True is not a whole number"),
        ('deadline = "5"\n', "deadline: '5' is not a number"),
        ('user_agent = ["a", "b"]\n', "user_agent: \\['a', 'b'\\] is not a string"),
        ("user_agent = 7\n", "user_agent: 7 is not a string"),
        ("exclude = [1, 2]\n", "exclude: \\[1, 2\\] is not a string or a list of strings"),
        ("max_bytes = 1e20\n", "max_bytes must be at most 1073741824"),
        ("max_redirects = 1000000000\n", "max_redirects must be at most 100"),
        ("concurrency = 100000\n", "concurrency must be at most 1024"),
        ("max_document_bytes = 0\n", "max_document_bytes must be greater than 0"),
        ("backoff = -1\n", "backoff must not be negative"),
    ],
)
def test_values_of_the_wrong_kind_or_size_are_refused(
    tmp_path: Path, content: str, message: str
) -> None:
    """NaN, infinities, fractions for counts, lists for strings and absurd sizes: one error
    naming the file and the option, never a silent truncation or a bound switched off."""
    path = tmp_path / "citecheck.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        load_settings(path)
    assert str(caught.value).startswith(f"{path}: option ")


def test_whole_numbers_written_as_floats_are_accepted(tmp_path: Path) -> None:
    """``concurrency = 8.0`` and ``max_bytes = 2e6`` mean 8 and 2,000,000: kept as integers."""
    (tmp_path / "citecheck.toml").write_text("concurrency = 8.0\nmax_bytes = 2e6\n", "utf-8")
    settings = load_settings(start=tmp_path)
    assert (settings.concurrency, settings.max_bytes) == (8, 2_000_000)
    assert isinstance(settings.concurrency, int)


@pytest.mark.parametrize(
    "options",
    [
        {"deadline": float("nan")},
        {"deadline": float("inf")},
        {"concurrency": 2.7},
        {"max_redirects": 10**9},
        {"user_agent": ["a", "b"]},
    ],
)
def test_settings_built_in_code_are_checked_too(options: dict[str, object]) -> None:
    """Library callers get the same checks as the config file and the flags."""
    with pytest.raises(ConfigError):
        Settings(**options)  # type: ignore[arg-type]
    with pytest.raises(ConfigError):
        Settings().with_overrides(**options)

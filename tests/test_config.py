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

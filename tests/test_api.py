"""The public library API: names, docstrings, doctests, typing, py.typed."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import pytest

import citecheck
import citecheck.api

TYPING = Path(__file__).parent / "typing" / "client_example.py"


def test_all_is_sorted_and_every_name_resolves_with_a_docstring() -> None:
    """__all__ is sorted; each public name loads and is documented."""
    assert list(citecheck.__all__) == sorted(citecheck.__all__)
    for name in citecheck.__all__:
        value = getattr(citecheck, name)
        assert (value.__doc__ or "").strip(), name


def test_three_line_use_on_a_parsed_text() -> None:
    """parse_text then the exports work from the top-level names alone."""
    doc = citecheck.parse_text(
        "Claim.<sup>1</sup>\n\n<sup>1</sup> Jane Roe, “A Title,” *Site*, May 3, 2014, "
        "<https://example.com/a/b>.\n"
    )
    assert isinstance(doc, citecheck.Document)
    assert doc.citations[0].url == "https://example.com/a/b"
    assert citecheck.to_bibtex(doc).startswith("@online{roe2014,")
    assert '"URL": "https://example.com/a/b"' in citecheck.to_csl_json(doc)


def test_unknown_attribute_is_an_attribute_error() -> None:
    """A name that is not public raises AttributeError, as for any module."""
    with pytest.raises(AttributeError, match="not_a_name"):
        _ = citecheck.not_a_name  # type: ignore[attr-defined]


def test_docstring_examples_run() -> None:
    """The runnable examples in the API docstrings pass (doctest)."""
    failures, tests = doctest.testmod(citecheck.api)
    assert tests >= 2
    assert failures == 0


def test_py_typed_ships_with_the_package() -> None:
    """The installed package carries its py.typed marker."""
    assert (Path(citecheck.__file__).parent / "py.typed").is_file()


def test_client_program_type_checks_strictly() -> None:
    """tests/typing/client_example.py passes mypy --strict against the installed package."""
    package_root = Path(citecheck.__file__).resolve().parents[1]
    env = {"PATH": "/usr/bin:/bin"}
    if "site-packages" not in package_root.parts:
        # An editable install (a source checkout): mypy cannot follow the import hook.
        env["MYPYPATH"] = str(package_root)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(TYPING)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_concurrent_parsing_in_threads_gives_identical_results() -> None:
    """Four threads parsing the sample at once (shared OpenCC converters) agree exactly."""
    from concurrent.futures import ThreadPoolExecutor

    from citecheck.export.parse_json import parse_report
    from evalkit import SAMPLE

    text = SAMPLE.read_text(encoding="utf-8")
    expected = parse_report(citecheck.parse_text(text))
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: parse_report(citecheck.parse_text(text)), range(4)))
    assert all(result == expected for result in results)

"""Pathological-input benchmark: the inputs of issue 11 item 3, at the sizes reported there.

usage: python benchmarks/bench_pathological.py

Prints, for each input, its size, the seconds (wall clock, and CPU time: other work on a
shared machine slows the first, not the second) to parse it and render the JSON contract,
and whether a private-use (placeholder) character reached the output. Asserts nothing
(speed is measured here; tests/test_linear_parsing.py checks that the growth is linear).
Acceptance: each ≤ 2 s (3,000 notes sharing one key ≤ 4 s), no placeholder character.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable


def _note(body: str) -> str:
    return f"Text[^1].\n\n[^1]: {body}\n"


def _notes(bodies: list[str]) -> str:
    refs = "".join(f"T[^{i}].\n" for i in range(1, len(bodies) + 1))
    return refs + "\n" + "".join(f"[^{i}]: {b}\n" for i, b in enumerate(bodies, 1))


INPUTS: dict[str, Callable[[], str]] = {
    "82 URLs run together + op. cit.": lambda: _note("https://e.com/" * 82 + "op. cit."),
    "the same in 150 notes": lambda: _notes(
        [f"https://e{i}.com/" * 82 + "op. cit." for i in range(150)]
    ),
    "32 k backslashes": lambda: _note("\\" * 32_000),
    "32 k unclosed 《": lambda: _note("《" * 32_000),
    "32 k unclosed 〈": lambda: _note("〈" * 32_000),
    "4,000 lines after the last plain note": lambda: (
        "Body.\n\nNotes\n\n1. A note.\n" + "an unnumbered line\n" * 4_000
    ),
    "8,000 Pandoc continuation lines": lambda: _note("start") + "    more\n" * 8_000,
    "16 k notes in Pandoc reference order": lambda: (
        "".join(f"T[^n{i}]. " for i in range(16_000))
        + "\n\n"
        + "".join(f"[^n{i}]: Note {i}.\n" for i in range(16_000))
    ),
    "100 k notes in Pandoc reference order": lambda: (
        "".join(f"T[^n{i}]. " for i in range(100_000))
        + "\n\n"
        + "".join(f"[^n{i}]: Note {i}.\n" for i in range(100_000))
    ),
    "3,000 notes sharing one key": lambda: _notes(
        [f"林宗達，〈標題{i}〉，《刊名》，2014 年。" for i in range(3_000)]
    ),
}


def _cpu_used() -> float:
    """CPU seconds of this process and its finished children (forked parsers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main() -> None:
    """Time each input once (after a warm-up) and print one line per input."""
    from citecheck.api import parse_text
    from citecheck.export.parse_json import render

    parse_text(_note("林宗達，〈標題〉，《刊名》，2014 年。"))  # warm-up: lazy tables
    for name, make in INPUTS.items():
        text = make()
        start, cpu_start = time.perf_counter(), _cpu_used()
        output = render(parse_text(text))
        seconds, cpu = time.perf_counter() - start, _cpu_used() - cpu_start
        leaked = any("\ue000" <= ch <= "\uf8ff" for ch in output)
        print(
            f"{name:40} {len(text.encode()) / 1000:7.0f} kB {seconds:7.2f} s"
            f" ({cpu:.2f} s CPU)  placeholders in output: {'YES' if leaked else 'none'}",
            flush=True,
        )


if __name__ == "__main__":
    main()

"""The ``citecheck`` command line: parse arguments, call the library, render, exit.

Exit codes: 0 success (nothing broken); 1 broken or changed sources found; 2 usage or
input error (one line on stderr, nothing written); 3 offline (no network: no link judged).
Heavy modules are imported inside the commands so that ``citecheck --help`` starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from citecheck import __version__

EXIT_OK, EXIT_BROKEN, EXIT_INPUT, EXIT_OFFLINE = 0, 1, 2, 3
PARSE_FORMATS = ("text", "json", "bibtex", "csl-json")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="citecheck",
        description="Parse footnote citations (zh/en/ru) and verify every cited source.",
        epilog="Exit codes: 0 ok, 1 broken sources found, 2 usage or input error, 3 offline.",
    )
    parser.add_argument("--version", action="version", version=f"citecheck {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser("parse", help="list every footnote and the works it cites")
    parse.add_argument("document", help="Markdown, plain text, DOCX, .bib or CSL-JSON file")
    parse.add_argument("--format", "-f", choices=PARSE_FORMATS, default="text")
    parse.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    parse.set_defaults(handler=_cmd_parse)
    return parser


def _cmd_parse(args: argparse.Namespace) -> int:
    from citecheck.api import parse

    document = parse(args.document)
    renderers: dict[str, Callable[[], str]] = {
        "json": lambda: _render("citecheck.export.parse_json", document),
        "bibtex": lambda: _render("citecheck.export.bibtex", document),
        "csl-json": lambda: _render("citecheck.export.csljson", document),
        "text": lambda: _render("citecheck.report.parse_text", document),
    }
    _emit(renderers[args.format](), args.output)
    return EXIT_OK


def _render(module_name: str, document: object) -> str:
    import importlib

    module = importlib.import_module(module_name)
    text: str = module.render(document)
    return text


def _emit(text: str, output: str | None) -> None:
    """Write to stdout, or atomically to ``output`` (temp file + rename: no half files)."""
    if output is None:
        sys.stdout.write(text)
        return
    target = Path(output)
    fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (see the module docstring)."""
    from citecheck.errors import CitecheckError

    parser = build_parser()
    args = parser.parse_args(argv)
    _quiet_library_logs()
    try:
        code: int = args.handler(args)
    except CitecheckError as exc:
        print(f"citecheck: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("citecheck: interrupted", file=sys.stderr)
        return 130
    return code


def _quiet_library_logs() -> None:
    """Libraries log parse trouble per block; the CLI reports it once, in its own words."""
    import logging

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

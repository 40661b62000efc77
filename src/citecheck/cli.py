"""The ``citecheck`` command line: parse arguments, call the library, render, exit.

Exit codes: 0 success (nothing broken); 1 broken or changed sources found; 2 usage or
input error (one line on stderr, nothing written); 3 offline (no network: no link judged).
Heavy modules are imported inside the commands so that ``citecheck --help`` starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from citecheck import __version__

if TYPE_CHECKING:
    from citecheck.check import Progress
    from citecheck.config import Settings
    from citecheck.models import Document
    from citecheck.status import SkippedDocument
    from citecheck.store import Store

EXIT_OK, EXIT_BROKEN, EXIT_INPUT, EXIT_OFFLINE = 0, 1, 2, 3
# The formats of `parse --format`; each one's render function is in the typed table
# citecheck.report.parse_renderers (a new format: one module, a line there, a name here).
PARSE_FORMATS = ("text", "json", "bibtex", "csl-json", "ris")
VERIFY_FORMATS = ("text", "json", "markdown", "github")


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
    parse.add_argument(
        "document", help="Markdown, plain text, DOCX, ODT, HTML, LaTeX, .bib or CSL-JSON file"
    )
    parse.add_argument("--format", "-f", choices=PARSE_FORMATS, default="text")
    parse.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    parse.add_argument(
        "--config", metavar="FILE", help="citecheck.toml or pyproject.toml ([tool.citecheck])"
    )
    _add_size_options(parse)
    parse.set_defaults(handler=_cmd_parse)

    verify = commands.add_parser(
        "verify",
        help="check every cited URL: live, moved, soft-404, dead, blocked, changed",
        epilog="Exit codes: 0 nothing broken, 1 broken or changed sources, 2 usage or "
        "input error, 3 offline (the network is down; no link was judged).",
    )
    verify.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="documents, directories (searched for .md/.txt/.docx/.odt/.pdf/.html/.tex/.bib) "
        "or globs",
    )
    verify.add_argument("--format", "-f", choices=VERIFY_FORMATS, default="text")
    verify.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    _add_run_options(verify)
    verify.add_argument(
        "--no-archive",
        action="store_true",
        help="do not look up Wayback Machine copies of broken links",
    )
    verify.set_defaults(handler=_cmd_verify)

    archive = commands.add_parser(
        "archive",
        help="save live cited pages to the Wayback Machine (needs archive keys)",
        epilog="Keys: CITECHECK_IA_ACCESS_KEY and CITECHECK_IA_SECRET_KEY "
        "(https://archive.org/account/s3.php). Exit 2 without them.",
    )
    archive.add_argument("paths", nargs="+", metavar="PATH")
    archive.add_argument("--format", "-f", choices=("text", "json"), default="text")
    _add_run_options(archive)
    archive.set_defaults(handler=_cmd_archive)

    fix = commands.add_parser(
        "fix",
        help="write Wayback Machine links after broken or changed sources in the document",
    )
    fix.add_argument("document", help="Markdown or plain-text document")
    mode = fix.add_mutually_exclusive_group()
    mode.add_argument(
        "--dry-run",
        action="store_true",
        default=True,
        help="show a unified diff and change nothing (default)",
    )
    mode.add_argument(
        "--write",
        action="store_true",
        help="write the document (atomically; the original kept as .bak)",
    )
    fix.add_argument(
        "--all",
        action="store_true",
        help="add archive links for every cited source, not only broken ones",
    )
    fix.add_argument(
        "--add-doi",
        action="store_true",
        help="also write the DOIs suggested for articles cited without one",
    )
    _add_run_options(fix)
    fix.set_defaults(handler=_cmd_fix)
    return parser


def _add_run_options(command: argparse.ArgumentParser) -> None:
    """Options shared by the commands that touch the network and the state."""
    command.add_argument(
        "--config", metavar="FILE", help="citecheck.toml or pyproject.toml ([tool.citecheck])"
    )
    command.add_argument("--state", metavar="PATH", help="SQLite state file (default: user cache)")
    command.add_argument("--no-state", action="store_true", help="keep no state between runs")
    command.add_argument(
        "--timeout",
        type=float,
        dest="deadline",
        metavar="SECONDS",
        help="total time allowed per URL, retries included",
    )
    command.add_argument("--concurrency", type=int, metavar="N", help="requests in flight")
    command.add_argument("--per-host", type=int, metavar="N", help="requests in flight per host")
    command.add_argument("--retries", type=int, metavar="N")
    command.add_argument(
        "--exclude",
        action="append",
        metavar="PATTERN",
        help="skip URLs matching this glob or substring (repeatable)",
    )
    command.add_argument(
        "--flake-runs",
        type=int,
        metavar="N",
        help="failed runs before a link is called dead (default 3)",
    )
    command.add_argument(
        "--flake-days",
        type=float,
        metavar="DAYS",
        help="days between counted failed runs (default 3)",
    )
    command.add_argument(
        "--cache-ttl",
        type=float,
        metavar="SECONDS",
        help="reuse successful results younger than this (default 86400)",
    )
    command.add_argument("--user-agent", metavar="UA")
    command.add_argument(
        "--mailto",
        metavar="ADDRESS",
        help="contact address sent to Crossref (its polite pool); "
        "also contact_email in the config or CITECHECK_CONTACT_EMAIL",
    )
    command.add_argument(
        "--no-doi",
        action="store_true",
        help="do not resolve DOIs, check retractions or suggest missing DOIs",
    )
    private = command.add_mutually_exclusive_group()
    private.add_argument(
        "--allow-private",
        action="store_true",
        default=None,
        help="check URLs on private, loopback or link-local addresses",
    )
    private.add_argument(
        "--no-private",
        dest="allow_private",
        action="store_false",
        help="refuse such URLs (SSRF guard; the GitHub Action's default)",
    )
    command.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    _add_size_options(command)


def _add_size_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--max-document-bytes",
        type=int,
        metavar="N",
        help="refuse larger documents (default 50 MB)",
    )
    command.add_argument(
        "--max-bibliography-bytes",
        type=int,
        metavar="N",
        help="refuse larger .bib and CSL-JSON files (default 10 MB)",
    )


def _cmd_parse(args: argparse.Namespace) -> int:
    from citecheck.api import parse
    from citecheck.config import load_settings
    from citecheck.report import parse_renderers

    settings = load_settings(args.config).with_overrides(**_size_overrides(args))
    document = parse(args.document, settings=settings)
    _emit(parse_renderers()[args.format](document), args.output)
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from citecheck.api import verify

    settings = verify_settings(args)
    documents, skipped = read_documents(args.paths, settings)
    with _store(args, settings) as store, _progress(args) as progress:
        report = verify(documents, settings=settings, store=store, progress=progress)
    report = replace(report, skipped=skipped)
    if args.format == "text" and args.output is None and sys.stdout.isatty():
        from citecheck.report.terminal import render as render_terminal

        width = os.get_terminal_size().columns
        _emit(render_terminal(report, width=width, color=True), None)
    else:
        from citecheck.report import verify_renderers

        _emit(verify_renderers()[args.format](report), args.output)
    if report.offline:
        return EXIT_OFFLINE
    return EXIT_BROKEN if report.has_broken or report.skipped else EXIT_OK


def _cmd_archive(args: argparse.Namespace) -> int:
    from citecheck.api import save_live_pages, verify
    from citecheck.archive import KEYS_HELP, keys_from_environment

    keys = keys_from_environment()
    if keys is None:
        print(f"citecheck: error: {KEYS_HELP}", file=sys.stderr)
        return EXIT_INPUT
    settings = _settings(args).with_overrides(archive_lookups=False)
    documents, skipped = read_documents(args.paths, settings)
    with _store(args, settings) as store, _progress(args) as progress:
        report = verify(documents, settings=settings, store=store, progress=progress)
        if report.offline:
            print("citecheck: the network is down; nothing archived", file=sys.stderr)
            return EXIT_OFFLINE
        saved = save_live_pages(report, keys=keys, settings=settings, store=store)
    from citecheck.report import saved_renderers

    _emit(saved_renderers()[args.format](saved), None)
    return EXIT_BROKEN if skipped or any(result.failed for result in saved) else EXIT_OK


def _cmd_fix(args: argparse.Namespace) -> int:
    from citecheck.api import attach_every_archive, parse, snapshots_to_insert, verify
    from citecheck.write import check_writable, plan_change, write_change

    settings = _settings(args)
    document = parse(args.document, settings=settings)
    check_writable(document)  # a PDF, a bibliography: say so before any network work
    with _store(args, settings) as store, _progress(args) as progress:
        report = verify(document, settings=settings, store=store, progress=progress)
        if report.offline:
            print("citecheck: the network is down; nothing to fix", file=sys.stderr)
            return EXIT_OFFLINE
        if args.all:
            report = attach_every_archive(report, settings, store)
    dois: dict[tuple[int, str], str] = {}
    if args.add_doi:
        dois = {
            (note, result.cited_title or ""): result.suggested_doi
            for result in report.dois
            if result.suggested_doi
            for note in result.footnotes
        }
    change = plan_change(document, snapshots_to_insert(report, every_link=args.all), dois)
    what = "archive link(s) and DOI(s)" if args.add_doi else "archive link(s)"
    if not args.write:
        _emit(change.diff, None)
        print(
            f"citecheck: {change.added} {what} would be added; run with --write to apply",
            file=sys.stderr,
        )
        return EXIT_OK
    if change.added:
        backup = write_change(Path(document.path), change)
        print(
            f"citecheck: added {change.added} {what} to {document.path} "
            f"(original kept as {backup})",
            file=sys.stderr,
        )
    else:
        print("citecheck: nothing to add", file=sys.stderr)
    return EXIT_OK


def verify_settings(args: argparse.Namespace) -> Settings:
    """The settings of a ``verify`` run: configuration file, then its flags."""
    settings = _settings(args)
    return settings.with_overrides(archive_lookups=False) if args.no_archive else settings


def _settings(args: argparse.Namespace) -> Settings:
    from citecheck.config import load_settings

    settings = load_settings(args.config)
    return settings.with_overrides(
        deadline=args.deadline,
        concurrency=args.concurrency,
        per_host=args.per_host,
        retries=args.retries,
        exclude=tuple(settings.exclude) + tuple(args.exclude) if args.exclude else None,
        flake_runs=args.flake_runs,
        flake_days=args.flake_days,
        cache_ttl=args.cache_ttl,
        user_agent=args.user_agent,
        allow_private=args.allow_private,
        state=args.state,
        contact_email=args.mailto,
        doi_checks=False if args.no_doi else None,
        **_size_overrides(args),
    )


def _size_overrides(args: argparse.Namespace) -> dict[str, int | None]:
    return {
        "max_document_bytes": args.max_document_bytes,
        "max_bibliography_bytes": args.max_bibliography_bytes,
    }


@contextmanager
def _store(args: argparse.Namespace, settings: Settings) -> Iterator[Store | None]:
    if args.no_state:
        yield None
        return
    from citecheck.store import Store, default_state_path

    with Store(settings.state or default_state_path()) as store:
        if store.warning:
            print(f"citecheck: warning: {store.warning}", file=sys.stderr)
        yield store


@contextmanager
def _progress(args: argparse.Namespace) -> Iterator[Progress | None]:
    """A progress bar on stderr for interactive runs; nothing when piped or --quiet."""
    if args.quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress as Bar

    with Bar(transient=True) as bar:
        task = bar.add_task("checking links", total=None)

        def advance(done: int, total: int, result: object) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def expand_paths(patterns: Sequence[str]) -> tuple[list[Path], list[SkippedDocument]]:
    """Files named, found in folders, or matched by globs, each once in the order given;
    and what was found but cannot be read (a pipe, a device, a glob matching nothing),
    each with why. Missing paths are kept so that reading them reports the error."""
    import glob

    from citecheck.status import SkippedDocument, SkipReason

    found: list[Path] = []
    skipped: list[SkippedDocument] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            files = (p for p in sorted(path.rglob("*")) if not _hidden(p, path))
            documents, passed_over = _sort_files(files, only_documents=True)
        elif any(ch in pattern for ch in "*?["):
            matches = sorted(glob.glob(pattern, recursive=True))
            if not matches:
                message = "no file matches this pattern"
                skipped.append(SkippedDocument(pattern, SkipReason.UNREADABLE, message))
            documents, passed_over = _sort_files(map(Path, matches), only_documents=False)
        else:
            documents, passed_over = [path], []
        found += documents
        skipped += passed_over
    return list(dict.fromkeys(found)), skipped


def _hidden(path: Path, folder: Path) -> bool:
    """.git, .DS_Store, editors' swap files: not the user's documents."""
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def _sort_files(
    paths: Iterable[Path], *, only_documents: bool
) -> tuple[list[Path], list[SkippedDocument]]:
    """The regular files among ``paths`` to read, and the rest named as skipped (folders
    passed over). A pipe, device or socket is skipped unopened: opening a pipe would wait
    for a writer that never comes. With ``only_documents`` (a folder search), only files
    with a document suffix count: the figures, data and ``.bak`` copies beside a paper are
    not documents, and naming each as skipped would fail every run over that folder."""
    import stat

    from citecheck.files import not_regular
    from citecheck.read import document_suffixes
    from citecheck.status import SkippedDocument, SkipReason

    suffixes = document_suffixes()
    documents: list[Path] = []
    skipped: list[SkippedDocument] = []
    for path in paths:
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            message = str(exc.strerror or exc)
            skipped.append(SkippedDocument(str(path), SkipReason.UNREADABLE, message))
            continue
        if stat.S_ISDIR(mode):
            continue
        reason = not_regular(mode)
        if reason is not None:
            skipped.append(SkippedDocument(str(path), SkipReason.UNREADABLE, reason))
        elif not only_documents or path.suffix.lower() in suffixes:
            documents.append(path)
    return documents, skipped


def read_documents(
    patterns: Sequence[str], settings: Settings
) -> tuple[list[Document], tuple[SkippedDocument, ...]]:
    """The documents of a multi-document run, and every file that was not read, with why.

    Each skipped file gets a line on stderr too. When nothing could be read the run cannot
    start: InputError with one line (the file's own error when only one was given).
    """
    from citecheck.api import parse_paths
    from citecheck.errors import InputError

    paths, skipped = expand_paths(patterns)
    documents, unread = parse_paths(paths, settings=settings)
    skipped += unread
    if not documents:
        if len(skipped) == 1:
            raise InputError(skipped[0].path, skipped[0].message)
        names = "; ".join(f"{s.path}: {s.reason.value}" for s in skipped) or "no file given"
        raise InputError(" ".join(patterns), f"no document could be read ({names})")
    for entry in skipped:
        print(f"citecheck: skipped {entry.path}: {entry.message}", file=sys.stderr)
    return documents, tuple(skipped)


def _emit(text: str, output: str | None) -> None:
    """Write to stdout, or atomically to ``output`` (no half files; its mode kept)."""
    if output is None:
        sys.stdout.write(text)
        return
    from citecheck.files import write_atomically

    write_atomically(output, text)


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

"""Inputs, outputs and options that once hung, ate memory or crashed: each ends with one
line and exit 2 (or a named skip), fast, and every write keeps the file's mode."""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from citecheck import annotate
from citecheck.errors import InputError
from clirun import run_process

NOTE = "Claim.<sup>1</sup>\n\n<sup>1</sup> 林宗達，《國際關係理論概要》（台北：晶典文化，2011）。\n"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m citecheck ARGS``; a run that hangs fails the test after 20 s."""
    return run_process(*args, cwd=cwd, timeout=20)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("citecheck: error: ")
    return lines[0]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused_before_it_is_read() -> None:
    """``parse /dev/zero`` once grew to 23.7 GB; now it is one line, exit 2."""
    line = one_error_line(run("parse", "/dev/zero"))
    assert line == "citecheck: error: /dev/zero: is a character device, not a regular file"


@needs_fifo
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    """``parse`` on a FIFO once waited forever for a writer."""
    pipe = tmp_path / "paper.md"
    os.mkfifo(pipe)
    line = one_error_line(run("parse", str(pipe)))
    assert line.endswith("paper.md: is a named pipe (FIFO), not a regular file")
    line = one_error_line(run("verify", str(pipe), "--no-state", "--no-archive"))
    assert line.endswith("paper.md: is a named pipe (FIFO), not a regular file")


@needs_fifo
def test_a_named_pipe_in_a_folder_is_skipped_and_named(tmp_path: Path) -> None:
    """``verify DIR`` once hung on a FIFO named ``*.md``; now it is skipped by name and the
    real documents beside it are verified (this one cites no URL, so no network). A file
    that could not be verified is never a clean pass: exit 1, and the report names it."""
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "paper.md").write_text(NOTE, encoding="utf-8")
    result = run("verify", str(tmp_path), "--no-state", "--no-archive", "--format", "json")
    assert result.returncode == 1, result.stderr
    assert '"reason": "unreadable"' in result.stdout
    assert result.stderr.strip().splitlines() == [
        f"citecheck: skipped {tmp_path / 'pipe.md'}: is a named pipe (FIFO), not a regular file"
    ]
    assert str(tmp_path / "paper.md") in result.stdout


@needs_fifo
def test_a_named_pipe_matched_by_a_glob_is_skipped_and_named(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "paper.md").write_text(NOTE, encoding="utf-8")
    pattern = str(tmp_path / "*.md")
    result = run("verify", pattern, "--no-state", "--no-archive", "--format", "json")
    assert result.returncode == 1, result.stderr  # a file was not verified: not a clean pass
    assert '"reason": "unreadable"' in result.stdout
    assert result.stderr.strip().splitlines() == [
        f"citecheck: skipped {tmp_path / 'pipe.md'}: is a named pipe (FIFO), not a regular file"
    ]


def test_a_document_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    """The size limit comes from the flag or the configuration file, and names itself."""
    paper = tmp_path / "paper.md"
    paper.write_text(NOTE + "x" * 2000 + "\n", encoding="utf-8")
    line = one_error_line(run("parse", str(paper), "--max-document-bytes", "1000"))
    assert line.endswith("over the 1,000 bytes limit of max_document_bytes")
    (tmp_path / "citecheck.toml").write_text("max_document_bytes = 1500\n", encoding="utf-8")
    line = one_error_line(run("parse", "paper.md", cwd=tmp_path))
    assert line.endswith("over the 1,500 bytes limit of max_document_bytes")
    assert run("parse", str(paper), "--max-document-bytes", "5000").returncode == 0


def test_a_bibliography_has_its_own_lower_limit(tmp_path: Path) -> None:
    """A .bib takes ~25 times its size once parsed: its limit is separate (10 MB)."""
    entry = "@book{k%d, title = {T}, year = {2001}}\n"
    bib = tmp_path / "refs.bib"
    bib.write_text("".join(entry % i for i in range(100)), encoding="utf-8")
    line = one_error_line(run("parse", str(bib), "--max-bibliography-bytes", "1000"))
    assert "over the 1,000 bytes limit of max_bibliography_bytes" in line
    assert run("parse", str(bib), "--max-document-bytes", "1000").returncode == 0


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="no /proc here")
def test_the_limit_holds_while_reading_when_the_size_on_disk_lies() -> None:
    """/proc files say they are empty: the bytes are counted as they are read."""
    from citecheck.files import read_bounded

    with pytest.raises(InputError, match="holds more than 10 bytes, the limit of docs"):
        read_bounded(Path("/proc/self/maps"), 10, "docs")


def test_timeout_nan_is_refused() -> None:
    """``--timeout nan`` once passed the ``<= 0`` check and disabled the deadline."""
    line = one_error_line(run("verify", "paper.md", "--timeout", "nan", "--no-state"))
    assert line == "citecheck: error: option deadline must be a finite number, not nan"


def test_output_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text(NOTE, encoding="utf-8")
    target = tmp_path / "missing" / "out.json"
    line = one_error_line(run("parse", str(paper), "-f", "json", "-o", str(target)))
    assert line == f"citecheck: error: {target}: cannot be written (No such file or directory)"


def test_output_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    """A 0644 report stays 0644 (the temporary file's 0600 once survived the rename)."""
    paper = tmp_path / "paper.md"
    paper.write_text(NOTE, encoding="utf-8")
    for mode in (0o644, 0o640):
        target = tmp_path / "out.json"
        target.write_text("old", encoding="utf-8")
        target.chmod(mode)
        assert run("parse", str(paper), "-f", "json", "-o", str(target)).returncode == 0
        assert stat.S_IMODE(target.stat().st_mode) == mode
        assert '"footnotes"' in target.read_text(encoding="utf-8")


def test_a_new_output_file_gets_the_usual_mode(tmp_path: Path) -> None:
    """A new file is created as any other file here would be: 0666 less the umask."""
    from citecheck.files import write_atomically

    before = os.umask(0o027)
    try:
        target = tmp_path / "new.txt"
        write_atomically(target, "text\n")
        assert os.umask(0o027) == 0o027  # the umask is left as it was
    finally:
        os.umask(before)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text(encoding="utf-8") == "text\n"


def test_fix_write_keeps_the_document_mode(tmp_path: Path) -> None:
    """``fix --write`` replaces the document atomically and leaves its mode as it was."""
    paper = tmp_path / "paper.md"
    paper.write_text("A <https://e.com/a>.\n", encoding="utf-8")
    paper.chmod(0o644)
    backup = annotate.write_atomically(paper, "B <https://e.com/a>.\n", "utf-8")
    assert paper.read_text(encoding="utf-8") == "B <https://e.com/a>.\n"
    assert backup.read_text(encoding="utf-8") == "A <https://e.com/a>.\n"
    assert stat.S_IMODE(paper.stat().st_mode) == 0o644


def test_writing_through_a_symlink_updates_the_file_it_points_to(tmp_path: Path) -> None:
    from citecheck.files import write_atomically

    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomically(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"


@needs_fifo
def test_output_to_a_pipe_writes_into_it_and_leaves_it_a_pipe(tmp_path: Path) -> None:
    """``-o /dev/stdout`` or a FIFO is written in place: renaming over it would replace
    the device with a regular file."""
    paper = tmp_path / "paper.md"
    paper.write_text(NOTE, encoding="utf-8")
    pipe = tmp_path / "out.pipe"
    os.mkfifo(pipe)
    received: list[str] = []

    def read_pipe() -> None:
        with open(pipe, encoding="utf-8") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read_pipe, daemon=True)
    reader.start()
    result = run("parse", str(paper), "-f", "json", "-o", str(pipe))
    reader.join(timeout=10)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert len(received) == 1
    assert '"footnotes"' in received[0]


@needs_fifo
def test_a_config_that_is_a_pipe_or_device_is_one_line(tmp_path: Path) -> None:
    """``--config`` on a FIFO once waited for a writer; on /dev/zero it read forever."""
    paper = tmp_path / "paper.md"
    paper.write_text(NOTE, encoding="utf-8")
    pipe = tmp_path / "citecheck.toml"
    os.mkfifo(pipe)
    line = one_error_line(run("parse", str(paper), "--config", str(pipe)))
    assert line == (
        f"citecheck: error: {pipe}: cannot read configuration "
        "(is a named pipe (FIFO), not a regular file)"
    )
    if Path("/dev/zero").exists():
        line = one_error_line(run("parse", str(paper), "--config", "/dev/zero"))
        assert line.endswith("(is a character device, not a regular file)")


def test_a_huge_config_is_not_read_whole(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text(NOTE, encoding="utf-8")
    config = tmp_path / "citecheck.toml"
    config.write_text("# padding\n" * 200_000, encoding="utf-8")
    line = one_error_line(run("parse", str(paper), "--config", str(config)))
    assert "over the 1.0 MB limit of max configuration size" in line

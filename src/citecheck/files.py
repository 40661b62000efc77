"""Safe file access: bounded reads of regular files, and atomic writes that keep the mode.

citecheck runs unattended over whatever a repository holds, so a path that is a named
pipe, a device or a socket is refused before it is opened (opening a FIFO blocks until a
writer comes; ``/dev/zero`` never ends), and a read never takes more than its cap.
Writes go to a temporary file in the target's folder, are flushed to disk and renamed
over the target, so a reader sees the old file or the new one, never half of either;
the new file keeps the old one's permissions (and owner, where the system allows).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

from citecheck.errors import InputError, OutputError

_KINDS = (
    (stat.S_ISDIR, "is a directory, not a file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)
# Opening never waits for a FIFO's writer, even if the path changes after the check.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_CHUNK = 1024 * 1024


def not_regular(mode: int) -> str | None:
    """Why a file of ``mode`` (``st_mode``) cannot be read as one; None if it can."""
    if stat.S_ISREG(mode):
        return None
    return next((reason for test, reason in _KINDS if test(mode)), "is not a regular file")


def check_regular(path: Path, limit: int | None = None, limit_name: str = "this file") -> int:
    """The size of the regular file at ``path``; InputError if it is missing, not a regular
    file, or larger than ``limit`` bytes (``limit_name`` says which limit). Nothing is
    opened."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    reason = not_regular(info.st_mode)
    if reason is not None:
        raise InputError(str(path), reason)
    if limit is not None and info.st_size > limit:
        raise InputError(str(path), too_large(info.st_size, limit, limit_name))
    return info.st_size


def too_large(size: int, limit: int, limit_name: str) -> str:
    """The reason given for a file over its size limit."""
    return f"is {_megabytes(size)}, over the {_megabytes(limit)} limit of {limit_name}"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def read_bounded(path: Path, limit: int, limit_name: str = "this file") -> bytes:
    """The bytes of the regular file at ``path``; InputError if it is not a regular file or
    holds more than ``limit`` bytes (counted while reading: the size on disk can lie)."""
    check_regular(path, limit, limit_name)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    with os.fdopen(fd, "rb") as handle:
        reason = not_regular(os.fstat(fd).st_mode)  # swapped for a FIFO after the check?
        if reason is not None:
            raise InputError(str(path), reason)
        try:
            return _read_at_most(handle, limit, path, limit_name)
        except OSError as exc:
            raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from exc


def _read_at_most(handle: BinaryIO, limit: int, path: Path, limit_name: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := handle.read(min(_CHUNK, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            more = f"holds more than {_megabytes(limit)}, the limit of {limit_name}"
            raise InputError(str(path), more)
    return b"".join(chunks)


def write_atomically(
    path: str | Path, text: str, *, encoding: str = "utf-8", newline: str | None = None
) -> None:
    """Replace ``path`` with ``text`` (temp file, fsync, rename), keeping its mode and owner.

    A path that exists and is a device or a pipe (``-o /dev/stdout``) is written in place,
    since renaming over it would replace the device. OutputError, one line, on failure.
    """
    target = Path(os.path.realpath(path))  # a symlink keeps pointing at the updated file
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(str(path), exc) from exc
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(str(path), "is a directory")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_in_place(path, text, encoding, newline)
        return
    try:
        _replace(target, text, encoding, newline, info)
    except OSError as exc:
        raise OutputError(str(path), exc) from exc


def _write_in_place(path: str | Path, text: str, encoding: str, newline: str | None) -> None:
    try:
        with open(path, "w", encoding=encoding, newline=newline) as handle:
            handle.write(text)
    except OSError as exc:
        raise OutputError(str(path), exc) from exc


def _replace(
    target: Path, text: str, encoding: str, newline: str | None, old: os.stat_result | None
) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            handle.write(text)
            handle.flush()
            _keep_mode_and_owner(handle.fileno(), tmp, old)
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _keep_mode_and_owner(fd: int, tmp: str, old: os.stat_result | None) -> None:
    """The old file's mode and owner on the temporary file; for a new file, the mode any
    file created here would get (mkstemp makes 0600 whatever the umask)."""
    if old is not None and hasattr(os, "fchown"):
        # Only root may give a file away; the mode is kept all the same.
        with contextlib.suppress(OSError):
            os.fchown(fd, old.st_uid, old.st_gid)
    os.chmod(tmp, stat.S_IMODE(old.st_mode) if old is not None else 0o666 & ~_umask())


def _umask() -> int:
    """The process umask, read without changing it where Linux shows it (setting and
    restoring it would race with threads creating files meanwhile)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

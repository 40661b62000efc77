"""Decode a text document's bytes without loss, or say exactly why it cannot be decoded.

Order of evidence: a byte-order mark; UTF-16 without a mark (NUL bytes on one side of
every pair); binary content (NULs and control bytes); strict UTF-8; then the legacy
encodings scholarly files arrive in (Big5/CP950, GB18030, windows-1251), each decoded
strictly and scored on how ordinary the decoded text looks. A file that is UTF-8 up to
a damaged sequence is reported as damaged UTF-8, not silently re-read as something else.
"""

from __future__ import annotations

import codecs
import unicodedata

from citecheck.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Python codec used to decode → the name reported in Document.encoding.
_LEGACY = (
    ("cp950", "big5"),
    ("big5hkscs", "big5-hkscs"),
    ("gb18030", "gb18030"),
    ("cp1251", "windows-1251"),
)
_SAMPLE_BYTES = 64 * 1024  # enough bytes to judge binary or UTF-16 content
_SAMPLE_CHARS = 20_000  # enough decoded text to score an encoding guess


_CODECS = {"big5": "cp950", "big5-hkscs": "big5hkscs", "windows-1251": "cp1251"}


def codec_for(encoding: str) -> str:
    """The Python codec that writes text back in a Document's reported ``encoding``."""
    return _CODECS.get(encoding, encoding)


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """``(text, encoding name)`` for ``data`` read from ``path``; InputError if impossible."""
    if not data:
        return "", "utf-8"
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data, codec, path), codec
    utf16 = _bomless_utf16(data)
    if utf16:
        return _strict(data, utf16, path), utf16
    if _looks_binary(data):
        raise InputError(path, "is a binary file, not a text document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if _is_damaged_utf8(data, exc):
            raise InputError(path, _utf8_damage(data, exc)) from exc
    return _decode_legacy(data, path)


def _strict(data: bytes, codec: str, path: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not valid {codec} at byte {exc.start}") from exc


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text puts a NUL in every other byte."""
    sample = data[:_SAMPLE_BYTES]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > half * 0.3 and even.count(0) < half * 0.05:
        return "utf-16-le"
    if even.count(0) > half * 0.3 and odd.count(0) < half * 0.05:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SAMPLE_BYTES]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32 or b == 127)
    return controls > len(sample) * 0.05


def _is_damaged_utf8(data: bytes, error: UnicodeDecodeError) -> bool:
    """UTF-8 with valid multi-byte characters before the first bad byte, or cut at the end.

    Legacy CJK bytes form a valid two-byte UTF-8 sequence now and then by chance, but
    hardly ever several characters including a three-byte one (all of CJK in UTF-8).
    """
    before = data[: error.start].decode("utf-8")
    wide = [ch for ch in before if not ch.isascii()]
    has_utf8_text = len(wide) >= 2 and any(ord(ch) >= 0x800 for ch in wide)
    cut_at_end = error.end >= len(data) and error.reason == "unexpected end of data"
    return has_utf8_text or (cut_at_end and not wide)


def _utf8_damage(data: bytes, error: UnicodeDecodeError) -> str:
    if error.reason == "unexpected end of data":
        return f"is UTF-8 cut off in the middle of a character at byte {error.start}"
    line = data[: error.start].count(b"\n") + 1
    return f"is not valid UTF-8: damaged bytes at byte {error.start} (line {line})"


def _decode_legacy(data: bytes, path: str) -> tuple[str, str]:
    candidates: list[tuple[float, str, str]] = []
    for codec, name in _LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text[:_SAMPLE_CHARS], name), text, name))
    if candidates:
        _, text, name = max(candidates, key=lambda c: c[0])
        return text, name
    return _decode_other(data, path)


def _decode_other(data: bytes, path: str) -> tuple[str, str]:
    """Any other encoding charset-normalizer can identify with confidence."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(path, "is not text in any encoding citecheck can recognise")
    return str(best), best.encoding


def _plausibility(text: str, encoding: str) -> float:
    """How ordinary ``text`` looks: common characters score, oddities cost."""
    score = 0.0
    for ch in text:
        if ch.isascii():
            continue
        score += _char_score(ch, encoding)
    return score / max(1, len(text))


def _char_score(ch: str, encoding: str) -> float:
    category = unicodedata.category(ch)
    if category in ("Co", "Cn", "Cc", "Cs"):
        return -5.0  # private use, unassigned, control: a wrong guess
    if "\u4e00" <= ch <= "\u9fff":
        return 1.0 if _common_han(ch) else -1.0
    if "\u0400" <= ch <= "\u04ff":
        return 1.0 if encoding == "windows-1251" and "\u0410" <= ch <= "\u044f" else 0.2
    if category.startswith("P") or category == "Zs":
        return 0.5
    return -0.5


def _common_han(ch: str) -> bool:
    """In the common-character range of GB2312 (level 1) or of Big5 (常用字)."""
    try:
        gb = ch.encode("gb2312")
        if 0xB0 <= gb[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = ch.encode("big5")
        return 0xA440 <= int.from_bytes(big5, "big") <= 0xC67E
    except UnicodeEncodeError:
        return False

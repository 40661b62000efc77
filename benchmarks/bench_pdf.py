"""PDF benchmark: pages per second reading the sample PDFs, and bad PDFs' time and memory.

usage: python benchmarks/bench_pdf.py [REPEATS] (default 3)

Prints figures; asserts nothing (speed is measured here, never in unit tests). For each
PDF in references/formats: pages, notes, the best of REPEATS reads (``read``: layout to
footnotes) and of full parses (``parse``: reading plus citation parsing), in seconds and
pages per second. Then each bad PDF (scanned, encrypted, truncated, corrupt, page-tree
bombs) run through ``citecheck parse`` in a fresh process: exit code, wall time and the
process's peak resident memory.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "references" / "formats"
sys.path.insert(0, str(ROOT / "tests"))


def _best(repeats: int, action: object) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def good_pdfs(repeats: int) -> None:
    import pypdfium2 as pdfium

    from citecheck.api import parse
    from citecheck.read import read

    parse(FORMATS / "unseen.xelatex.pdf")  # warm-up: lazy imports, dictionaries
    print(f"{'PDF':<32} {'pages':>5} {'notes':>5} {'read s':>7} {'pages/s':>8} {'parse s':>8}")
    for path in sorted(FORMATS.glob("*.pdf")):
        if path.name == "encrypted.pdf":
            continue
        pages = len(pdfium.PdfDocument(path))
        notes = len(read(path).footnotes)
        reading = _best(repeats, lambda p=path: read(p))
        parsing = _best(repeats, lambda p=path: parse(p))
        print(
            f"{path.name:<32} {pages:>5} {notes:>5} {reading:>7.3f} {pages / reading:>8.1f} "
            f"{parsing:>8.3f}"
        )


def bad_pdfs() -> None:
    from measure import parse_measured
    from pdfkit import image_only_pdf, page_tree_bomb

    sample = (FORMATS / "guo-huang-2014.libreoffice.pdf").read_bytes()
    with tempfile.TemporaryDirectory() as scratch:
        made = {
            "scanned": image_only_pdf(),
            "truncated": sample[: len(sample) // 2],
            "corrupt": b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n",
            "tree bomb (10^6 pages)": page_tree_bomb(1000, 2),
            "flat bomb (10^6 pages)": page_tree_bomb(1_000_000, 1),
        }
        paths = {"encrypted": FORMATS / "encrypted.pdf"}
        for index, (name, data) in enumerate(made.items()):
            path = Path(scratch) / f"bad{index}.pdf"
            path.write_bytes(data)
            paths[name] = path
        print(f"\n{'bad PDF':<24} {'size':>9} {'exit':>4} {'wall s':>7} {'peak MB':>8}  message")
        for name, path in paths.items():
            run = parse_measured(path, timeout=120)
            code, elapsed, peak = run.code, run.seconds, f"{run.peak_mb:.0f}"
            message = run.stderr.strip().split(": ", 3)[-1]
            size = path.stat().st_size
            print(f"{name:<24} {size:>9} {code:>4} {float(elapsed):>7.3f} {peak:>8}  {message}")


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    good_pdfs(repeats)
    bad_pdfs()


if __name__ == "__main__":
    main()

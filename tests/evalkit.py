"""Scoring helpers shared by the accuracy tests: the shared scorer, used as a library.

The scorer (``../shared/eval/score_parse.py``) is the judge for the sample paper; the
held-out Chinese footnotes in ``../shared/eval-data/parsing/`` are scored with the same
field comparison, after turning their gold CSL-JSON items into the scorer's flat form.
Nothing from ``shared/`` is copied into the repository; it is read in place.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EVAL_DATA = SHARED / "eval-data" / "parsing"
SAMPLE = ROOT / "references" / "guo-huang-2014.md"
SAMPLE_GOLD = SHARED / "corpus" / "guo-huang-2014.gold.json"


def scorer() -> ModuleType:
    """The shared scorer module, loaded from its file."""
    spec = importlib.util.spec_from_file_location("score_parse", SHARED / "eval" / "score_parse.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def preview_footnotes(index_md: Path) -> str:
    """The ``### 引注`` preview block of a zotero-chinese style page, as Markdown text."""
    text = index_md.read_text("utf-8")
    start = text.index("### 引注")
    end = text.index("###", start + 5)
    return text[start:end]


def cli_parse_json(document: Path, tmp_path: Path) -> Path:
    """``citecheck parse DOCUMENT --format json`` run as a user would, saved for the scorer."""
    predicted = subprocess.run(
        [sys.executable, "-m", "citecheck", "parse", str(document), "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
    ).stdout
    pred_file = tmp_path / f"{document.name}.pred.json"
    pred_file.write_text(predicted, encoding="utf-8")
    return pred_file


def run_scorer(gold_path: Path, pred_file: Path) -> str:
    """What ``../shared/eval/score_parse.py GOLD PRED`` prints."""
    return subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score_parse.py"), str(gold_path), str(pred_file)],
        check=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
    ).stdout


def natural_key(item_id: str) -> list[Any]:
    """Numeric-aware sort key ("wep.1.10" after "wep.1.9")."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", item_id)]


def gold_for_style(style: str) -> list[dict[str, Any]]:
    """Gold CSL item of each preview footnote, in footnote order (see the data README)."""
    items = json.loads((EVAL_DATA / f"zotero-chinese-styles_{style}_items.json").read_text("utf-8"))
    by_id = {item["id"]: item for item in items}
    cites_file = EVAL_DATA / f"zotero-chinese-styles_{style}_cites.json"
    if cites_file.exists():
        cites = json.loads(cites_file.read_text("utf-8"))
        return [by_id[cite[0]["id"]] for cite in cites]
    return [by_id[i] for i in sorted(by_id, key=natural_key)]


def field_f1(gold_items: list[dict[str, Any]], predicted: dict[str, Any]) -> dict[str, float]:
    """Field precision/recall/F1 of ``predicted`` (parse JSON) against one gold item per note."""
    sp = scorer()
    pred_notes = {f["number"]: f for f in predicted["footnotes"]}
    tp = fp = fn = 0
    for number, gold in enumerate(gold_items, start=1):
        g = sp.fields_of(sp.from_csl(gold))
        cits = [
            sp.fields_of(sp.from_csl(c)) for c in pred_notes.get(number, {}).get("citations", [])
        ]
        pairs, extra = sp.align([g], cits)
        for gf, pf in pairs:
            for k in sp.FIELDS:
                gv, pv = gf.get(k), (pf or {}).get(k)
                if gv is not None and pv == gv:
                    tp += 1
                else:
                    fn += gv is not None
                    fp += pv is not None
        fp += sum(1 for p in extra for k in sp.FIELDS if p.get(k) is not None)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


FORMATS = ROOT / "references" / "formats"
UNSEEN_WATER = ROOT / "tests" / "data" / "unseen-water"


def score_file(document: Path, gold_path: Path, tmp_path: Path) -> dict[str, Any]:
    """Score ``document`` with the shared scorer: notes found, field F1, exact URLs.

    URLs count as right when every note the gold cites a URL in holds that URL (compared
    the scorer's way: fragment dropped, escapes undone); the scorer prints the rest.
    """
    from citecheck.api import parse
    from citecheck.export.parse_json import parse_report

    predicted = parse_report(parse(document))
    pred_file = tmp_path / f"{document.name}.pred.json"
    pred_file.write_text(json.dumps(predicted, ensure_ascii=False), encoding="utf-8")
    out = run_scorer(gold_path, pred_file)
    found = re.search(r"footnotes: gold (\d+), found (\d+)", out)
    f1 = re.search(r"field F1 = ([\d.]+)", out)
    assert found is not None
    assert f1 is not None
    norm_url = scorer().norm_url
    pred_urls = {
        note["number"]: {norm_url(c.get("URL")) for c in note["citations"] if c.get("URL")}
        for note in predicted["footnotes"]
    }
    gold = json.loads(gold_path.read_text("utf-8"))
    wanted: dict[str, set[int]] = {}
    for note in gold["footnotes"]:
        for citation in note["citations"]:
            if citation.get("url"):
                wanted.setdefault(norm_url(citation["url"]), set()).add(note["number"])
    right = sum(all(url in pred_urls.get(n, set()) for n in notes) for url, notes in wanted.items())
    return {
        "gold": int(found.group(1)),
        "found": int(found.group(2)),
        "f1": float(f1.group(1)),
        "urls": (right, len(wanted)),
        "out": out,
    }

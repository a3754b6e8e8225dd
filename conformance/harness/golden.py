"""Goldens: the outcomes real torch produced, committed as conformance/golden/<group>.json.gz
(gzip'd JSON, byte-stable: no timestamps, keys in case order)."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden"

_cache: dict[str, dict] = {}


def path(group: str) -> Path:
    return GOLDEN_DIR / f"{group}.json.gz"


def load(group: str) -> dict:
    """{"meta": {...}, "cases": {case id: outcome}} of a group; empty when never recorded."""
    if group not in _cache:
        p = path(group)
        if p.exists():
            with gzip.open(p, "rt", encoding="utf-8") as f:
                _cache[group] = json.load(f)
        else:
            _cache[group] = {"meta": {}, "cases": {}}
    return _cache[group]


def groups() -> list[str]:
    return sorted(p.name[: -len(".json.gz")] for p in GOLDEN_DIR.glob("*.json.gz"))


def save(group: str, data: dict) -> Path:
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    p = path(group)
    with open(p, "wb") as raw_file:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw_file, mtime=0) as f:
            f.write(text.encode("utf-8"))
    _cache[group] = json.loads(text)
    return p

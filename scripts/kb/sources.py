"""The registry of source documents (``sources/sources.yml``) and their cleaned text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from . import clean

ROOT = Path(__file__).resolve().parents[2]
SOURCES_DIR = ROOT / "sources"


@dataclass
class Source:
    file: Path
    sha256: str
    title: str
    errata_path: Path
    cleaned_path: Path

    @property
    def errata(self) -> dict:
        return clean.load_errata(self.errata_path)


def load_sources(directory: Path = SOURCES_DIR) -> list[Source]:
    data = yaml.safe_load((directory / "sources.yml").read_text(encoding="utf-8"))
    return [
        Source(
            file=directory / s["file"],
            sha256=s["sha256"],
            title=s["title"],
            errata_path=directory / s["errata"],
            cleaned_path=directory / s["cleaned"],
        )
        for s in data["sources"]
    ]


def clean_source(source: Source) -> clean.Cleaned:
    actual = clean.sha256(source.file)
    if actual != source.sha256:
        raise clean.ErrataError(
            f"{source.file.name}: SHA-256 is {actual}, sources.yml records {source.sha256}; "
            "the verbatim source must not be edited"
        )
    return clean.clean_text(source.file.read_text(encoding="utf-8"), source.errata)

"""The registry of source documents (``sources/sources.yml``) and their cleaned text.

``build.py clean`` writes, per source, the cleaned text and a record of the pieces that
repeat an earlier one (``*.duplicates.yml``).  Everything after cleaning reads those files:
nothing re-cleans at render time, and ``check`` only compares them with a fresh cleaning.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..paths import SOURCES, sha256
from . import clean


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

    @property
    def duplicates_path(self) -> Path:
        return self.cleaned_path.with_suffix(".duplicates.yml")

    def recorded_duplicates(self) -> list[dict]:
        """What the last ``build.py clean`` recorded: [{later, earlier, ratio}]."""
        if not self.duplicates_path.exists():
            return []
        return yaml.safe_load(self.duplicates_path.read_text(encoding="utf-8")) or []


def load_sources(directory: Path = SOURCES) -> list[Source]:
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
    actual = sha256(source.file)
    if actual != source.sha256:
        raise clean.ErrataError(
            f"{source.file.name}: SHA-256 is {actual}, sources.yml records {source.sha256}; "
            "the verbatim source must not be edited"
        )
    return clean.clean_text(source.file.read_text(encoding="utf-8"), source.errata)


def duplicates_text(cleaned: clean.Cleaned) -> str:
    """The duplicates record as written by ``build.py clean`` (compared byte for byte by ``check``)."""
    rows = [{"later": later, "earlier": earlier, "ratio": ratio} for later, earlier, ratio in cleaned.duplicates]
    header = "# Written by `python scripts/build.py clean`: pieces whose cleaned text repeats an earlier piece.\n"
    return header + yaml.safe_dump(rows, allow_unicode=True, sort_keys=False)


def outputs(source: Source, cleaned: clean.Cleaned) -> dict[Path, str]:
    """Every file ``build.py clean`` writes for ``source``, with its content."""
    return {source.cleaned_path: cleaned.text, source.duplicates_path: duplicates_text(cleaned)}

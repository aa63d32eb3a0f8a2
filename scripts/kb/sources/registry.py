"""The registry of source documents (``sources/sources.yml``) and their cleaned text.

``build.py clean`` writes, per source, the cleaned text and, for the first source, a record
of the pieces that repeat an earlier one (``*.duplicates.yml``).  Everything after cleaning
reads those files: nothing re-cleans at render time, and ``check`` only compares them with a
fresh cleaning.

Two kinds of entry share the file (issue 25): the first source (five pieces, no ``category``,
cleaned by its own errata table) and documents added by ``build.py add-source`` (``id``,
``category`` and the metadata of the contract), cleaned generically from their original.
The file is validated through ``content.schema.SOURCES_FILE``, like every other YAML file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..content import schema
from ..content.problems import Problem
from ..paths import SOURCES, sha256
from . import clean

REGISTRY_NAME = "sources/sources.yml"


class RegistryError(ValueError):
    """sources/sources.yml has problems; ``str()`` lists them, one ``path:line:col: 中文`` a line."""


@dataclass
class Source:
    file: Path
    sha256: str
    title: str
    errata_path: Path
    cleaned_path: Path
    id: str = ""
    category: str | None = None  # None: the first source (five pieces)
    issuer: str | None = None
    number: str | None = None
    date: str | None = None
    status: str = "现行"
    status_date: str | None = None
    replaced_by: str | None = None
    added: str | None = None
    pages: list[str] = field(default_factory=list)  # docs-relative
    revisions: list[dict] = field(default_factory=list)
    line: int = 0  # where the entry starts in sources.yml

    @property
    def errata(self):
        """The first source's errata table (dict), or an added document's list of fixes."""
        if self.category is None:
            return clean.load_errata(self.errata_path)
        return clean.load_document_errata(self.errata_path)

    @property
    def duplicates_path(self) -> Path:
        return self.cleaned_path.with_suffix(".duplicates.yml")

    def recorded_duplicates(self) -> list[dict]:
        """What the last ``build.py clean`` recorded: [{later, earlier, ratio}]."""
        if self.category is not None or not self.duplicates_path.exists():
            return []
        return yaml.safe_load(self.duplicates_path.read_text(encoding="utf-8")) or []


def _source(directory: Path, s: dict, line: int) -> Source:
    return Source(
        file=directory / s["file"],
        sha256=s["sha256"],
        title=s["title"],
        errata_path=directory / s["errata"],
        cleaned_path=directory / s["cleaned"],
        id=s.get("id") or Path(s["file"]).stem,
        category=s.get("category"),
        issuer=s.get("issuer"),
        number=s.get("number"),
        date=s.get("date"),
        status=s.get("status") or "现行",
        status_date=s.get("status_date"),
        replaced_by=s.get("replaced_by"),
        added=s.get("added"),
        pages=list(s.get("pages") or []),
        revisions=list(s.get("revisions") or []),
        line=line,
    )


def load_registry(directory: Path = SOURCES) -> tuple[list[Source], list[Problem]]:
    """(sources, problems): every problem of sources.yml at once, as ``path:line:col: 中文``."""
    doc, problems = schema.validate_file(directory / "sources.yml", REGISTRY_NAME, schema.SOURCES_FILE)
    if doc is None or problems or not isinstance(doc.data, dict):
        if doc is not None and doc.data is None:
            problems = [Problem(REGISTRY_NAME, 1, 1, "文件是空的：至少要登记一份资料（sources: 列表）")]
        return [], problems
    sources, seen = [], {}
    for n, entry in enumerate(doc.data["sources"]):
        source = _source(directory, entry, doc.where(("sources", n))[0])
        where = doc.where(("sources", n, "id") if "id" in entry else ("sources", n, "file"))
        if source.id in seen:
            problems.append(
                Problem(REGISTRY_NAME, *where, f"资料 id“{source.id}”与第 {seen[source.id]} 行的资料重复，请换一个 id")
            )
        seen.setdefault(source.id, where[0])
        if source.category is not None and "id" not in entry:
            problems.append(
                Problem(REGISTRY_NAME, *where, "用 add-source 添加的资料（写了 category）必须有 id，请补上")
            )
        if not source.file.is_file():
            problems.append(
                Problem(
                    REGISTRY_NAME,
                    *doc.where(("sources", n, "file")),
                    f"找不到原文 sources/{entry['file']}：请放回原文件，或改正文件名",
                )
            )
        sources.append(source)
    return sources, problems


def load_sources(directory: Path = SOURCES) -> list[Source]:
    """Every registered source; raises :class:`RegistryError` when sources.yml has problems."""
    sources, problems = load_registry(directory)
    if problems:
        raise RegistryError("\n".join(str(p) for p in sorted(problems)))
    return sources


def clean_source(source: Source) -> clean.Cleaned:
    actual = sha256(source.file)
    if actual != source.sha256:
        raise clean.ErrataError(
            f"{source.file.name}: SHA-256 is {actual}, sources.yml records {source.sha256}; "
            "the verbatim source must not be edited"
        )
    if source.category is None:
        return clean.clean_text(source.file.read_text(encoding="utf-8"), source.errata)
    return as_cleaned(clean_added(source.file, source.errata))


def clean_added(file: Path, errata: list[dict]) -> clean.CleanedDocument:
    """An added document's original read and cleaned (ReadError, ErrataError as they come)."""
    from .read import document_text, read_document

    text = document_text(read_document(file))
    return clean.clean_document(text, errata, join_lines=file.suffix.lower() in (".txt", ".pdf"))


def as_cleaned(doc: clean.CleanedDocument) -> clean.Cleaned:
    """An added document's cleaned text as ``build.py clean`` handles it: one piece, no duplicates."""
    return clean.Cleaned(pieces=[clean.Piece(label="正文", lines=doc.text[:-1].split("\n"))])


def duplicates_text(cleaned: clean.Cleaned) -> str:
    """The duplicates record as written by ``build.py clean`` (compared byte for byte by ``check``)."""
    rows = [{"later": later, "earlier": earlier, "ratio": ratio} for later, earlier, ratio in cleaned.duplicates]
    header = "# Written by `python scripts/build.py clean`: pieces whose cleaned text repeats an earlier piece.\n"
    return header + yaml.safe_dump(rows, allow_unicode=True, sort_keys=False)


def outputs(source: Source, cleaned: clean.Cleaned) -> dict[Path, str]:
    """Every file ``build.py clean`` writes for ``source``, with its content."""
    if source.category is not None:
        return {source.cleaned_path: cleaned.text}
    return {source.cleaned_path: cleaned.text, source.duplicates_path: duplicates_text(cleaned)}

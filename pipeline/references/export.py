"""Works as CSL-JSON, BibTeX and RIS files (deterministic bytes, one entry per work, keyed by work_id).

CSL-JSON is validated against the CSL-JSON schema shipped in schemas/csl-data.json; BibTeX is
written by bibtexparser and RIS by rispy so quoting and escaping follow those formats' rules.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from functools import cache
from importlib import resources
from importlib.metadata import version
from pathlib import Path

import bibtexparser
import jsonschema
import pyarrow as pa
import rispy
from bibtexparser.bibdatabase import BibDatabase
from bibtexparser.bwriter import BibTexWriter

from pipeline.code_version import code_version_of
from pipeline.common.pruning import keep_newest
from pipeline.common.table_folder import read_table_folder, write_table_folder

BIBTEX_TYPES = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article", "article": "article",
    "book": "book", "chapter": "incollection", "paper-conference": "inproceedings", "report": "techreport",
    "thesis": "phdthesis",
}
RIS_TYPES = {
    "article-journal": "JOUR", "article-magazine": "MGZN", "article-newspaper": "NEWS", "book": "BOOK",
    "chapter": "CHAP", "paper-conference": "CONF", "report": "RPRT", "thesis": "THES", "webpage": "ELEC",
    "post-weblog": "BLOG", "dataset": "DATA", "preprint": "UNPB",
}


CSL_TYPE_ALIASES = {"preprint": "article"}
"""CSL 1.0.2 has no "preprint" type: its "article" type is defined as a preprint or working paper."""


@cache
def csl_schema() -> dict:
    """The CSL-JSON schema shipped in schemas/csl-data.json (package data of ``schemas``)."""
    return json.loads(resources.files("schemas").joinpath("csl-data.json").read_text(encoding="utf-8"))


def _names(work: dict) -> list[dict]:
    return [{key: value for key, value in author.items() if value} for author in work["authors"] or []]


def _date_parts(iso: str) -> dict:
    return {"date-parts": [[int(part) for part in iso.split("-")]]}


ET_AL_NAME = {"literal": "others"}
"""How CSL-JSON says "et al.": pandoc reads BibTeX's ``and others`` as this final name, and
citeproc renders it as "et al." (CSL itself has no field for a truncated author list)."""
RIS_ET_AL_NOTE = "Author list truncated in the source (et al.)."
"""RIS has no tag for a truncated author list; a note keeps the information for a reader."""


def csl_item(work: dict) -> dict:
    """One work as a CSL-JSON item (type "document" when the type is unknown)."""
    csl_type = CSL_TYPE_ALIASES.get(work["type"], work["type"]) if work["type"] else "document"
    item: dict = {"id": work["work_id"], "type": csl_type}
    names = _names(work)
    optional = {
        "author": [*names, ET_AL_NAME] if names and work["et_al"] else names or None,
        "title": work["title"],
        "container-title": work["container_title"],
        "volume": work["volume"],
        "issue": work["issue"],
        "page": work["pages"],
        "DOI": work["doi"],
        "URL": work["url"],
        "publisher": work["publisher"],
        "issued": {"date-parts": [[work["year"]]]} if work["year"] else None,
        "accessed": _date_parts(work["accessed"]) if work["accessed"] else None,
    }
    item.update({key: value for key, value in optional.items() if value})
    return item


_DIGEST_BYTES = 16


class ValidatedItems:
    """Digests of the CSL items that passed validation in the last build, kept in ``directory``.

    Why: validating every work's item took about a second per 5,000 works on every build,
    although a build changes a few. Validity is a pure function of the item and the schema
    (the file is named by the schema's bytes and the jsonschema version), and the schema checks
    each array element on its own (``type`` and ``items`` only), so checking just the unseen
    items accepts and rejects exactly the arrays a full check does. The file holds the current
    build's items only (it does not grow with history); unreadable, it is simply not used.
    """

    def __init__(self, directory: Path) -> None:
        schema = json.dumps(csl_schema(), sort_keys=True).encode() + version("jsonschema").encode()
        self.path = Path(directory) / f"csl-validated-{hashlib.sha256(schema).hexdigest()[:16]}-v1.bin"

    def load(self) -> set[bytes]:
        """The digests stored by the last build (none when the file is missing or unreadable)."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return set()
        return {data[i : i + _DIGEST_BYTES] for i in range(0, len(data) - len(data) % _DIGEST_BYTES, _DIGEST_BYTES)}

    def store(self, digests: list[bytes]) -> None:
        """Replace the stored digests with ``digests`` (atomically; a failed write is skipped)."""
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(b"".join(sorted(set(digests))))
            temporary.replace(self.path)
        except OSError:
            pass  # an unwritable cache folder: the next build validates everything again
        finally:
            temporary.unlink(missing_ok=True)


def _item_digest(item: dict) -> bytes:
    canonical = json.dumps(item, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(canonical, digest_size=_DIGEST_BYTES).digest()


def to_csl_json(works: list[dict], validated: ValidatedItems | None = None) -> bytes:
    """The works as a CSL-JSON array, validated against the CSL schema (``validated``: skip the
    items an earlier build validated; an invalid array raises the error a full check raises)."""
    items = [csl_item(work) for work in works]
    if validated is None:
        jsonschema.validate(items, csl_schema())
    else:
        digests = [_item_digest(item) for item in items]
        known = validated.load()
        unseen = [item for item, digest in zip(items, digests) if digest not in known]
        if unseen and not jsonschema.validators.validator_for(csl_schema())(csl_schema()).is_valid(unseen):
            jsonschema.validate(items, csl_schema())  # raises, naming the first invalid item as a full check does
        validated.store(digests)
    return (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


_LATEX_SPECIALS = re.compile(r"(?<!\\)([&%#_$])")


def _latex_text(value: str | None) -> str | None:
    """Escape characters that LaTeX treats as syntax in free-text fields (UTF-8 letters stay as they are)."""
    return _LATEX_SPECIALS.sub(r"\\\1", value) if value else value


def _bibtex_name(author: dict) -> str:
    if author.get("literal"):
        return "{" + (_latex_text(author["literal"]) or "") + "}"
    return _latex_text(", ".join(part for part in (author.get("family"), author.get("given")) if part)) or ""


def bibtex_entry(work: dict) -> dict:
    """One work as a bibtexparser entry."""
    entry_type = BIBTEX_TYPES.get(work["type"] or "", "misc")
    names = [_bibtex_name(author) for author in _names(work)] + (["others"] if work["et_al"] else [])
    container_field = {"incollection": "booktitle", "inproceedings": "booktitle"}.get(entry_type, "journal")
    fields = {
        "author": " and ".join(names),
        "title": _latex_text(work["title"]),
        container_field: _latex_text(work["container_title"]) if entry_type not in ("book", "techreport") else None,
        "year": str(work["year"]) if work["year"] else None,
        "volume": work["volume"],
        "number": work["issue"],
        "pages": work["pages"].replace("-", "--") if work["pages"] else None,
        "doi": work["doi"],
        "url": work["url"],
        "publisher": _latex_text(work["publisher"]) if entry_type != "techreport" else None,
        "institution": _latex_text(work["publisher"]) if entry_type == "techreport" else None,
        "urldate": work["accessed"],
    }
    return {"ENTRYTYPE": entry_type, "ID": work["work_id"], **{key: value for key, value in fields.items() if value}}


def to_bibtex(works: list[dict]) -> bytes:
    """The works as a BibTeX file."""
    database = BibDatabase()
    database.entries = [bibtex_entry(work) for work in works]
    writer = BibTexWriter()
    writer.order_entries_by = None
    writer.indent = "  "
    return bibtexparser.dumps(database, writer).encode("utf-8")


def ris_entry(work: dict) -> dict:
    """One work as a rispy entry."""
    pages = (work["pages"] or "").split("-", 1)
    names = [a.get("literal") or ", ".join(p for p in (a.get("family"), a.get("given")) if p) for a in _names(work)]
    fields = {
        "type_of_reference": RIS_TYPES.get(work["type"] or "", "GEN"),
        "id": work["work_id"],
        "authors": names or None,
        "title": work["title"],
        "secondary_title": work["container_title"],
        "year": str(work["year"]) if work["year"] else None,
        "volume": work["volume"],
        "number": work["issue"],
        "start_page": pages[0] or None,
        "end_page": pages[1] if len(pages) > 1 else None,
        "doi": work["doi"],
        "urls": [work["url"]] if work["url"] else None,
        "publisher": work["publisher"],
        "access_date": work["accessed"],
        "notes": [RIS_ET_AL_NOTE] if work["et_al"] else None,
    }
    return {key: value for key, value in fields.items() if value}


class _PlainRisWriter(rispy.RisWriter):
    """Standard RIS without rispy's "1." counter lines, which some importers show as junk."""

    def set_header(self, count: int) -> str:
        return ""


def to_ris(works: list[dict]) -> bytes:
    """The works as an RIS file."""
    return rispy.dumps([ris_entry(work) for work in works], implementation=_PlainRisWriter).encode("utf-8")


EXPORT_FILES = ("works.csl.json", "works.bib", "works.ris")
_KEEP_EXPORTS = 2


def export_works(works: pa.Table, cache_dir: Path | None = None) -> dict[str, bytes]:
    """File name -> bytes for the release: works.csl.json, works.bib, works.ris (rows in work_id order).

    ``cache_dir``: the files of the last works tables exported are read back when the works are
    the same (a rebuild in which no reference changed), and which CSL items were validated is
    remembered (``ValidatedItems``); the bytes are those of a fresh export either way.
    """
    if cache_dir is None:
        return _export(works, None)
    folder = Path(cache_dir) / f"works-files-{_works_key(works)}"
    stored = read_table_folder(folder, [], EXPORT_FILES)
    if stored is not None:
        return dict(stored[1])
    files = _export(works, ValidatedItems(cache_dir))
    if write_table_folder(folder, {}, files):
        keep_newest(Path(cache_dir).glob("works-files-*"), _KEEP_EXPORTS, spare=folder)
    return files


def _export(works: pa.Table, validated: ValidatedItems | None) -> dict[str, bytes]:
    rows = sorted(works.to_pylist(), key=lambda work: work["work_id"])
    return {"works.csl.json": to_csl_json(rows, validated), "works.bib": to_bibtex(rows), "works.ris": to_ris(rows)}


def _works_key(works: pa.Table) -> str:
    """Digest of the works' values (Arrow IPC of the rows in work_id order), this module and the
    writers' versions: equal keys mean equal files."""
    digest = hashlib.sha256()
    sink = pa.BufferOutputStream()
    table = works.sort_by("work_id").combine_chunks() if works.num_rows else works
    with pa.ipc.new_stream(sink, table.schema) as stream:
        stream.write_table(table)
    digest.update(sink.getvalue().to_pybytes())
    versions = [version(name) for name in ("bibtexparser", "rispy", "jsonschema", "pyarrow")]
    digest.update(json.dumps([code_version_of("pipeline/references/export.py", "schemas"), versions]).encode())
    return digest.hexdigest()[:24]

"""Reference extraction: parse reference strings into CSL fields, link citations, merge works, export."""

from pipeline.references.export import export_works
from pipeline.references.parse import parse_reference
from pipeline.references.reference_tables import build_reference_tables

__all__ = ["build_reference_tables", "export_works", "parse_reference"]

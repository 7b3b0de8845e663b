"""What each published table and column means, for the dataset card and datapackage.json.

Why a separate module: the pandera schemas say what values are *allowed*; downstream users
also need to know what they *mean*. A ``description`` set on a pandera column wins over the
text here, so the contract can absorb these texts column by column.
"""

from __future__ import annotations

from schemas import TABLE_SCHEMAS

TABLE_DESCRIPTIONS: dict[str, str] = {
    "documents": "One row per input file: kind, title, byline, line counts and parse status.",
    "document_lines": "Every non-blank input line with the role it plays, so nothing is lost.",
    "sources": "Source headers of concept pages: title, domain, publisher, date, authors, fact counts.",
    "facts": "Typed facts and prose statements with provenance and their duplicate cluster.",
    "fact_clusters": "Distinct claims: each cluster groups facts that say the same thing.",
    "fact_cluster_members": "Why each fact is in its cluster: method, score, threshold and model.",
    "fact_conflicts": (
        "Contradictions: pairs of facts that make the same claim except for different values in one slot "
        "(dose, direction, ...)."
    ),
    "perspectives": "Model perspectives on a concept: model, stance, confidence, text.",
    "references": "Reference mentions parsed into CSL bibliographic fields, linked to their work.",
    "works": "Cited works, merged across documents and citation forms.",
    "citations": "In-text citations and fact markers with what they resolve to, or why not.",
    "parse_issues": "Warnings and errors about parsed rows.",
    "rejects": "Input lines or whole files that could not be parsed, with the reason.",
    "id_history": "IDs that stopped being current (merged, split off, removed) and what they became.",
    "release_diff": "Rows added, removed, changed or moved since the previous release, by stable ID.",
}

_COLUMNS: dict[str, str] = {
    "document_id": "Document ID: from the path in the corpus when first seen; kept through edits and renames.",
    "line_id": "Line ID: from document, line text and rank among identical lines; kept through edits elsewhere.",
    "source_id": "Source ID: from document and header fields; kept across releases (never from the line number).",
    "fact_id": "Fact ID: from document, type and text; kept across releases, also when the fact is edited in place.",
    "cluster_id": "Cluster ID: kept as members join or leave; merges keep the older ID (see id_history).",
    "reference_id": "Reference ID: from document, origin and raw text; kept across releases.",
    "work_id": "Work ID: kept as mentions join or leave; merges keep the older ID (see id_history).",
    "citation_id": "Citation ID: from document, context, kind, marker and quoted text; kept across releases.",
    "perspective_id": "Perspective ID: from document, model, stance and text; kept across releases.",
    "first_release": "Release that first published this ID.",
    "kind": "Kind of ID: document, line, source, fact, perspective, reference, citation, cluster, work.",
    "old_id": "The ID that stopped being current (or that a part split off from).",
    "new_id": "What it became: the surviving ID of a merge, the new ID of a split-off part; null when removed.",
    "release": "Release in which the old ID stopped being current.",
    "path": "Input file path relative to the input folder's parent.",
    "sha256": "sha256 of the input file bytes.",
    "size_bytes": "Input file size in bytes.",
    "title": "Title as written in the source.",
    "author": "Author line of the document.",
    "authors": "Authors.",
    "publisher": "Publisher.",
    "edition": "Edition or issue label of the document.",
    "published": "Publication date.",
    "line_count": "Number of lines in the file.",
    "nonblank_line_count": "Number of non-blank lines in the file.",
    "line_no": "1-based line number in the input file.",
    "role": "What the line is (fact, heading, boilerplate, reference_entry, ...).",
    "text": "Text as written in the source.",
    "title_truncated": "True when the source title was cut off in the input.",
    "domain": "Web domain of the source.",
    "declared_fact_count": "Number of facts the source header announces.",
    "actual_fact_count": "Number of facts found under the source header.",
    "fact_type": "Fact type: claim, reference, procedure, measurement, account, perspective, statement, unknown.",
    "section": "Section heading the fact appears under.",
    "representative_fact_id": "The fact chosen to represent the cluster.",
    "representative_text": "Text of the representative fact.",
    "member_count": "Number of facts in the cluster.",
    "source_count": "Number of distinct sources of the cluster's facts.",
    "document_count": "Number of distinct documents.",
    "matched_fact_id": "The fact this one was matched to.",
    "method": "How the fact joined the cluster: representative, exact, near, paraphrase.",
    "score": "Similarity score of the match (0-1).",
    "threshold": "Threshold the score had to reach (0-1).",
    "model_id": "Model that produced the row.",
    "fact_id_a": "First fact of the pair.",
    "fact_id_b": "Second fact of the pair.",
    "reason": "Why the row exists (conflict, rejection or resolution reason).",
    "stance": "Stance of the perspective.",
    "confidence": "Confidence of the perspective (0-1).",
    "origin": "Where the reference was found: reference_list, narrative, in_text, identifier.",
    "raw_text": "The reference as written.",
    "et_al": "True when the author list ends with 'et al.'.",
    "year": "Publication year.",
    "container_title": "Journal, book or site the work appeared in.",
    "volume": "Volume.",
    "issue": "Issue.",
    "pages": "Page range.",
    "doi": "DOI without resolver prefix.",
    "url": "URL.",
    "accessed": "Date the URL was accessed, as written.",
    "type": "CSL item type.",
    "mention_count": "Number of references to the work.",
    "context": "Where the citation occurs: synthesis, perspective, prose, fact.",
    "marker": "The citation marker as written.",
    "fact_number": "Fact number the marker points to.",
    "quoted_text": "Text quoted by the marker.",
    "target_fact_id": "Fact the citation resolves to.",
    "target_reference_id": "Reference the citation resolves to.",
    "severity": "warning or error.",
    "code": "Machine-readable issue code.",
    "message": "Human-readable issue message.",
    "raw": "The rejected input text.",
    "entity": "Table the changed row belongs to.",
    "id": "Stable ID of the row (primary key values joined by '/').",
    "change": "added, removed, changed, or moved (only its line number changed).",
    "columns": "Columns whose values differ (changed and moved rows).",
}


_TABLE_COLUMNS: dict[tuple[str, str], str] = {
    ("documents", "kind"): "Document kind: concept_page, newsletter, blog_post, article, unknown.",
    ("documents", "status"): "parsed, partial (some lines rejected) or rejected.",
    ("documents", "title"): "Document title.",
    ("citations", "kind"): "Citation form: fact_marker, claim_title, author_year, numeric.",
    ("citations", "status"): "resolved, unresolved or ambiguous.",
    ("citations", "reason"): "Why the citation is unresolved or ambiguous.",
    ("rejects", "reason"): "Why the line or file was rejected.",
    ("rejects", "line_no"): "Rejected line (null when the whole file was rejected).",
    ("id_history", "reason"): "merged (into new_id), split (new_id split off; old_id stays current) or removed.",
    ("perspectives", "text"): "The perspective as written.",
    ("sources", "title"): "Source title.",
}


def column_description(table: str, column: str) -> str:
    """The pandera column's description if set, else the table-specific text, else the shared one."""
    schema = TABLE_SCHEMAS.get(table)
    declared = schema.columns[column].description if schema is not None and column in schema.columns else None
    return declared or _TABLE_COLUMNS.get((table, column)) or _COLUMNS.get(column, "")

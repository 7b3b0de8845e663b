"""Narrative mentions: prose sentences that name a work ("Abbar et al. ... published in the BMJ in 2022").

Each field is taken only from an explicit cue (a name before a reporting verb or after "by",
"published in <Journal>", "in <Journal> (2010)", "in 2016", "titled '...'", "doi: ..."), so a
sentence that does not state a field leaves it null.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from pipeline.references.fields import (
    DASHES,
    DOI_RE,
    URL_RE,
    Author,
    CslRecord,
    empty_record,
    normalize_doi,
    normalize_pages,
    strip_trailing_punctuation,
)
from pipeline.references.names import parse_family_list, split_et_al
from pipeline.references.types import guess_type, periodical_type

VERBS = (
    r"published|conducted|reported|found|examined|investigated|reviewed|explored|proposed|analy[sz]ed|"
    r"compared|studied|performed|provided|measured|discussed|highlighted|evaluated|assessed|described|"
    r"showed|demonstrated|observed|developed|introduced|argued|suggested|noted|presented|tested|identified|"
    r"concluded|wrote|summari[sz]ed|characteri[sz]ed|quantified|replicated|established|authored|utili[sz]ed|used|"
    r"appeared|pooled|validated|confirmed|detailed|outlined|documented|explained|emphasi[sz]ed|"
    r"set\s+out|wrote|gave|made|led|began|ran|took|built|drew|put|"
    r"(?!(?:red|bed|need|seed|speed|feed|breed|shed|wed|hundred|kindred|naked|wicked|sacred|biased|based|related|"
    r"limited|advanced|varied|detailed|united|interested|skilled|supposed|alleged|so-called|aged|beloved)\b)[a-z]{2,}ed"
)
"""Reporting verbs: the common ones by name, and any other past-tense "-ed" form ("warned", "modelled",
"traced") except adjectives and nouns that merely end in "ed"."""
MAX_CONTAINER_WORDS = 15
_CAP = r"[^\W\d_a-z]"
_GROUP_WORDS = r"(?:colleagues|co-?authors|co-?workers|collaborators)"
""""Smith and colleagues": et al. in words."""
_WORD = rf"(?:{_CAP}[\w&'’.\-]*|[a-z]+[A-Z]\w*|&)"
_LINK_WORDS = r"(?:of|and|in|the|for|on|&|de|der|für)"
"""Lower-case words inside a journal name ("Journal of the ...", "Zeitschrift für ...")."""
_CONTAINER = rf"{_WORD}(?:(?::\s+|\s+)(?:{_LINK_WORDS}\s+){{0,3}}{_WORD}){{0,{MAX_CONTAINER_WORDS}}}"
"""A journal or site name. Bounded in length, so a match that must be followed by something (a year,
the sentence end) costs constant time at each start: a long run of capitalised words stays linear."""
_END_OF_NAME = r"(?=\.?$|\s+in\s+\d{4}|\s+\(\d{4}\)|,\s+(?:which|where|volume|vol\.))"
_VERB_RE = re.compile(rf"\b(?:{VERBS})\b")
_POSSESSIVE_RE = re.compile(
    rf"^(?P<block>{_CAP}[\w\-]+(?:\s+(?:and|&)\s+{_CAP}[\w\-]+|\s+et\s+al\.)?)['’]s?\s+(?:\d{{4}}\s+)?(?:[\w-]+\s+){{0,2}}?"
    r"(?:article|study|paper|review|trial|book|textbook|monograph|report|meta-analysis|analysis|commentary|essay|"
    r"editorial|survey|thesis|dissertation|white\s+paper|chapter|atlas)\b"
)
_ACCORDING_RE = re.compile(r"^According\s+to\s+(?P<block>.+?)\s+\((?P<year>\d{4})[a-z]?\)")
_BLOCK_TAIL_RE = re.compile(
    r"\s*(?:\((?P<year>\d{4})[a-z]?\)\s*)?"
    r"(?:\b(?:also|have|has|had|first|later|recently|previously|originally|subsequently|further|then|jointly)\s*)*$"
)
_BLOCK_HEAD_RE = re.compile(
    r"^(?:(?:Earlier|Later|Recent|Further)\s+work\s+by\s+|(?:As|Like|Unlike|Following)\s+(?=[^\W\d_a-z])|"
    r"(?:An?|The)\s+(?:\d{4}\s+)?(?:[a-z][\w-]*\s+){1,3}by\s+(?:the\s+)?)"
)
"""Words before the names: "Earlier work by", "As", "An atlas by the" (the names follow "by")."""
_CLAUSE_START_RE = re.compile(r"(?:^|,\s+|;\s+|\bthat\s+)(?=\S)")
MAX_VERBS = 2
"""Names act through one of the sentence's first verbs ("Lee et al. proposed ..."); later verbs are content."""
_PUBLISHED_BY_RE = re.compile(r"\bpublished\s+$")
_NOT_AUTHOR_BY_RE = re.compile(
    r"\b(?:edited|translated|illustrated|compiled|revised|funded|supported|sponsored|followed|caused|mediated|induced|"
    r"produced)\s+$"
)
_PUBLISHER_RE = re.compile(
    rf"\bpublished\s+(?:[^\s,;]+\s+)??(?:by|with|through)\s+(?:the\s+)?"
    rf"(?P<p>{_CAP}[\w&'’.\-]*(?:\s+(?:&\s+|and\s+|of\s+)?{_CAP}[\w&'’.\-]*)*)"
)
""""published by X", and "published <title> with/through X" (the title is removed before this is applied)."""
PUBLISHER_WORD_RE = re.compile(r"\b(?:Press|Books|Publishing|Publishers|Verlag|Editions|& Sons|Norton|House)\b")
"""A "published by" block ending like a publisher's name is the publisher, never the authors."""
_KIND_RE = re.compile(
    r"\b(?:an?|the)\s+(?:\d{4}\s+)?(?:[\w-]+\s+){0,2}?(?P<kind>book|report|preprint)\b", re.IGNORECASE
)
_BY_RE = re.compile(
    rf"\bby\s+(?:the\s+)?(?P<block>(?:{_CAP}[^\s,]*\s?)+?(?:(?:,\s*|\s+and\s+|\s*&\s*)(?:{_CAP}[^\s,]*\s?)+?)*"
    rf"(?:,?\s+et\s+al\.?|\s+and\s+{_GROUP_WORDS})?)"
    rf"(?=\s+(?:was|were|is|are|in|on|\(|{VERBS})\b|\s*[,(]|$|(?<=al\.)\s)"
)
_OF_RE = re.compile(rf"\bof\s+(?P<block>{_CAP}[\w'’\-]+(?:\s+(?:and|&)\s+{_CAP}[\w'’\-]+)?\s+et\s+al\.)")
"""Names after "of" count only with "et al." ("the findings of Zarate et al."), never "of Medicine"."""
_CORPORATE_RE = re.compile(
    r"^(?:The\s+)?(?P<name>(?:[A-Z][\w&'’\-]*\s+(?:(?:and|of|for|on|&)\s+)?)*(?:Group|Organi[sz]ation|Association|Society|Institute|Council|Collaboration|"
    r"Consortium|Agency|Committee|Foundation|Network|Centre|Center|Administration|Commission|Department|Task Force))$"
)
_TITLE_RE = re.compile(
    r"(?:published|authored|wrote|titled|entitled|\b(?:study|article|paper|book|textbook|monograph|report|review|chapter|"
    r"trial|preprint|essay|editorial|commentary|letter|thesis|dissertation))\s+"
    r"(?:an?\s+\w+\s+(?:titled|entitled)\s+)?[‘'“\"](?P<title>.+?)[’'”\"](?=[\s,.;:)]|$)"
)
_CONTAINER_RES = (
    re.compile(rf"\bin\s+(?:the\s+)?(?:journal\s+)?(?P<c>{_CONTAINER}(?:,\s+{_CONTAINER})+){_END_OF_NAME}"),
    re.compile(rf"\bpublished\s+(?:online\s+)?in\s+(?:the\s+)?(?:journal\s+)?[‘'“\"]?(?P<c>{_CONTAINER})"),
    re.compile(rf"\bin\s+(?:the\s+)?journal\s+(?P<c>{_CONTAINER})"),
    re.compile(rf"\b(?:published|reported|appeared)\b[^,;()]{{0,120}}?\bin\s+(?:the\s+)?(?:journal\s+)?(?P<c>{_CONTAINER})"),
    re.compile(rf"\b(?:in|for)\s+(?:the\s+)?(?P<c>{_CONTAINER})\s+(?:in\s+\d{{4}}|\(\d{{4}}\))"),
    re.compile(rf"\b(?:review|study|article|paper|trial|meta-analysis|report|commentary|editorial|letter)\s+in\s+(?:the\s+)?(?:journal\s+)?(?P<c>{_CONTAINER})"),
    re.compile(rf"\bpublication\s+(?P<c>{_CONTAINER})"),
    re.compile(rf"\bposted\s+(?:on|to)\s+(?P<c>{_CONTAINER})"),
    re.compile(rf"(?:\(\d{{4}}[a-z]?\)|\bet\s+al\.)\s*,?\s+in\s+(?:the\s+)?(?:journal\s+)?(?P<c>{_CONTAINER})"),
    re.compile(rf"^(?P<c>(?:The\s+)?{_CONTAINER})\s+published\s+(?:a|an)\s+[\w-]+\s+by\b"),
)
_PRESENTED_AT_RE = re.compile(rf"\bpresented\b[^.;]{{0,120}}?\bat\s+(?:the\s+)?(?P<c>{_CONTAINER})")
"""Work presented at a meeting: the meeting is the container of a conference paper."""
_FINAL_CONTAINER_RE = re.compile(rf"\b(?:in|at)\s+(?:the\s+)?(?P<c>{_CONTAINER})\.?$")
"""A sentence ending "... in X." names a journal only when X looks like one (not "in the United States.")."""
_BIBLIOGRAPHIC_TAIL_RE = re.compile(
    rf"(?:,?\s*(?:\(\d{{4}}\)|in\s+\d{{4}}|(?:volume|vol\.)\s+\w+|(?:issue|no\.)\s+\w+|pages?\s+\d+(?:\s*[{DASHES}-]\s*\d+)?|"
    rf"\d+(?:\s*\(\d+\))?,\s*\d+(?:\s*[{DASHES}-]\s*\d+)?))+\s*\.?$"
)
"""Year, volume, issue and pages after a journal's name at the end of a sentence
("in Science, volume 185, pages 1124–1131")."""
_PROSE_NUMBERS_RE = re.compile(
    rf",\s*(?P<volume>\d+)(?:\s*\((?P<issue>\d+)\))?,\s*(?P<pages>\d+\s*[{DASHES}-]\s*\d+)\s*\.?$"
)
"""'in Nature, 403, 853–858.': volume, optional issue and pages after the journal at the sentence's end."""
_END_WINDOW = 400
"""Sentence-end patterns look at the last characters only, so a long line costs linear time."""
JOURNAL_WORD_RE = re.compile(
    r"\b(?:Journal|Review|Reviews|Psychiatry|Medicine|Science|Sciences|Research|Letters|Reports|Bulletin|Annals|Archives|"
    r"Proceedings|Transactions|Quarterly|Advances|Lancet|BMJ|JAMA|Nature|Cell|PLOS|PLoS|Frontiers|Neuro\w*|Pharmacol\w*|"
    r"Psycholog\w*|Psychopharmacol\w*|Therapeutics|Econom\w*|Ecolog\w*|Physic\w*|Chemi\w*|Biolog\w*|Geo\w*|Astro\w*|"
    r"Mathemati\w*|Statistic\w*|Comput\w*|Sociolog\w*|Anthropolog\w*|Linguistic\w*|Archaeolog\w*|Histor\w*|Studies|"
    r"Materials|Engineering|Climate|Environment\w*)\b"
)
"""Words journal names are made of, across fields (a sentence-final "in X" names a journal only with one)."""
_YEAR_RES = (
    re.compile(r"\((?P<y>\d{4})[a-z]?\)"),
    re.compile(r"(?<!as of )\b[Ii]n\s+(?P<y>\d{4})\b(?!\s*(?:patients|participants|subjects|people|adults|mg|cases))"),
    re.compile(
        r"\b(?:an?|the|their|his|her|its|[^\W\d_]+['’]s?)\s+(?P<y>\d{4})\s+(?:[\w-]+,?\s+){0,3}?"
        r"(?:study|meta-analysis|review|paper|article|trial|report|publication|analysis|book|survey|guideline|statement|"
        r"protocol|preprint|editorial|commentary|letter|essay|overview|textbook|monograph|thesis|dissertation)\b",
        re.IGNORECASE,
    ),
)
SENTENCE_WORDS = 15
"""A cue-bearing text this long is a prose sentence even when it names no work (it yields no fields)."""
NARRATIVE_CUE_RE = re.compile(
    rf"^According to\b|\b(?:{VERBS}|titled|entitled|registered|publication|discusses|examines|reports|describes|shows|"
    rf"finds)\b|\bby\s+{_CAP}[\w'’\-]+(?:\s+et\s+al\.)?"
)


def _lead_candidates(sentence: str) -> list[tuple[str, str | None]]:
    """Name blocks that start a clause and end right before a reporting verb (or "According to X (2019)")."""
    if according := _ACCORDING_RE.match(sentence):
        return [(according["block"], according["year"])]
    if possessive := _POSSESSIVE_RE.match(sentence):
        return [(possessive["block"], None)]
    starts = [start.end() for start in _CLAUSE_START_RE.finditer(sentence)]
    candidates = []
    for _, verb in zip(range(MAX_VERBS), _VERB_RE.finditer(sentence)):
        for start in (s for s in starts if s < verb.start()):
            block = _BLOCK_HEAD_RE.sub("", sentence[start: verb.start()])
            if (tail := _BLOCK_TAIL_RE.search(block)) is None:
                continue
            candidates.append((block[: tail.start()].strip(), tail["year"]))
    return candidates


def _by_candidates(sentence: str) -> list[tuple[str, None]]:
    """Names after "by": authors first, "published by" (often the publisher) last, editors never."""
    found = []
    for by in [*_BY_RE.finditer(sentence), *_OF_RE.finditer(sentence)]:
        before = sentence[max(0, by.start() - 40): by.start()]  # only the words right before "by" matter (linear time)
        published_by = bool(_PUBLISHED_BY_RE.search(before))
        if not _NOT_AUTHOR_BY_RE.search(before) and not (published_by and PUBLISHER_WORD_RE.search(by["block"])):
            found.append((published_by, by["block"]))
    return [(block, None) for _, block in sorted(found, key=lambda item: item[0])]


def _authors(sentence: str, *, with_by: bool = True) -> tuple[list[Author] | None, bool, int | None]:
    """(authors, et_al, year in parentheses right after the names) from the sentence's name cue."""
    candidates = _lead_candidates(sentence)
    candidates += _by_candidates(sentence) if with_by else []
    for block, year in candidates:
        names_text, et_al = split_et_al(block)
        if corporate := _CORPORATE_RE.match(names_text):
            return [{"literal": corporate["name"]}], et_al, int(year) if year else None
        names = parse_family_list(names_text)
        named = names and (et_al or len(names) > 1 or year or " " not in names_text or any("given" in n for n in names))
        if named:
            return names, et_al, int(year) if year else None
    return None, False, None


def _container_matches(sentence: str) -> Iterator[re.Match[str]]:
    for pattern in _CONTAINER_RES:
        yield from pattern.finditer(sentence)
    end = sentence[-_END_WINDOW:]
    final = _FINAL_CONTAINER_RE.search(_BIBLIOGRAPHIC_TAIL_RE.sub("", end))
    if final and JOURNAL_WORD_RE.search(final["c"]):
        yield final


def _container(sentence: str) -> str | None:
    """The journal (or site, newspaper) the sentence says the work appeared in."""
    for match in _container_matches(sentence):
        container = match["c"].rstrip(".'’\"”").strip()
        if container and not re.fullmatch(r"\d{4}", container):
            return re.sub(r"^the\s+(?=[A-Z])", "", container)
    return None


def _year(sentence: str) -> int | None:
    for pattern in _YEAR_RES:
        if match := pattern.search(sentence):
            year = int(match["y"])
            if 1500 <= year <= 2100:
                return year
    return None


def parse_narrative(sentence: str) -> CslRecord:
    """Fields stated by a narrative sentence; everything it does not say stays None."""
    record = empty_record()
    text = sentence.strip()
    if match := DOI_RE.search(text):
        record["doi"] = normalize_doi(match.group(0))
    elif match := URL_RE.search(text):
        record["url"] = strip_trailing_punctuation(match.group(0))
    record["authors"], record["et_al"], year = _authors(text)
    if title := _TITLE_RE.search(text):
        record["title"] = title["title"].strip().rstrip(",.")
    without_title = text[: title.start("title") - 1] + " " + text[title.end("title") + 1:] if title else text
    _numbers(without_title, record)
    record["container_title"] = _container(without_title)
    presented = _PRESENTED_AT_RE.search(without_title)
    if presented and not record["container_title"]:
        record["container_title"] = presented["c"].rstrip(".")
    record["year"] = year or _year(without_title)
    if publisher := _PUBLISHER_RE.search(without_title):
        name = publisher["p"]
        if publisher.end() == len(without_title.rstrip()) and name.endswith(".") and not re.search(r"\b[A-Z]\.$", name):
            name = name[:-1]  # the sentence's full stop
        record["publisher"] = name
    record["type"] = _narrative_type(text, record, presented)
    return record


_LABELED_NUMBERS: tuple[tuple[Literal["volume", "issue", "pages"], re.Pattern[str]], ...] = (
    ("volume", re.compile(r"\b(?:volume|vol\.)\s+(\w+)")),
    ("issue", re.compile(r"\b(?:issue|no\.)\s+(\w+)")),
    ("pages", re.compile(rf"\bpages?\s+(\d+(?:\s*[{DASHES}-]\s*\d+)?)")),
)


def _numbers(text: str, record: CslRecord) -> None:
    """Volume, issue and pages, written out ("volume 3, pages 1-9") or as a final ", 3(7), 1-9"."""
    for field, pattern in _LABELED_NUMBERS:
        if match := pattern.search(text):
            record[field] = normalize_pages(match.group(1)) if field == "pages" else match.group(1)
    if (numbers := _PROSE_NUMBERS_RE.search(text[-_END_WINDOW:])) and not (record["volume"] or record["pages"]):
        record["volume"], record["issue"] = numbers["volume"], numbers["issue"]
        record["pages"] = normalize_pages(numbers["pages"])


def _narrative_type(text: str, record: CslRecord, presented: re.Match[str] | None) -> str | None:
    """The CSL type a sentence names ("a 2019 report") or its fields imply."""
    kind = _KIND_RE.search(text)
    kind_name = kind["kind"].lower() if kind else None
    if kind_name in ("book", "report") and not record["container_title"]:
        return kind_name
    if presented and record["container_title"] == presented["c"].rstrip("."):
        return "paper-conference"
    if record["container_title"] or record["title"] or record["publisher"]:
        return periodical_type(record["container_title"]) or guess_type(
            record, text, dated_issue=False, preprint=kind_name == "preprint"
        )
    return record["type"]


def names_a_narrator(text: str) -> bool:
    """Names that act in the sentence ("Lee et al. proposed", "by Hansen et al.") mark prose even beside "(2016)."."""
    return _authors(text, with_by=False)[0] is not None


def looks_narrative(text: str) -> bool:
    """A sentence whose names sit before a reporting verb (or after "by") reads as prose, not as a list entry."""
    if not NARRATIVE_CUE_RE.search(text):
        return False
    authors, _, _ = _authors(text)
    return bool(authors or _TITLE_RE.search(text) or _container(text)) or len(text.split()) >= SENTENCE_WORDS

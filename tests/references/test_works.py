import random

from pipeline.references.fields import empty_record
from pipeline.references.works import build_works


def mention(reference_id: str, document_id: str = "doc_1", **fields) -> dict:
    return {**empty_record(), "reference_id": reference_id, "document_id": document_id, **fields}


MUETZELFELDT = [
    mention("ref_1", "doc_1", authors=[{"family": "Muetzelfeldt"}], et_al=True, year=2008, container_title="Drug and Alcohol Dependence"),
    mention("ref_2", "doc_2", authors=[{"family": "Muetzelfeldt", "given": "L."}], year=2008,
            title="Journey through the K-hole: phenomenological aspects of ketamine use",
            container_title="Drug Alcohol Depend", volume="95", type="article-journal"),
    mention("ref_3", "doc_1", authors=[{"family": "Muetzelfeldt"}], et_al=True, year=2008),
]
WILKINSON = [
    mention("ref_4", authors=[{"family": "Wilkinson"}], year=2018, container_title="American Journal of Psychiatry"),
    mention("ref_5", authors=[{"family": "Wilkinson"}], year=2018, container_title="Journal of Clinical Psychiatry"),
    mention("ref_6", authors=[{"family": "Wilkinson"}], year=2018),
]


def test_narrative_and_list_mentions_of_one_work_merge_with_best_fields():
    work_ids, works = build_works(MUETZELFELDT)
    assert len(set(work_ids)) == 1
    (work,) = works
    assert work["title"].startswith("Journey through the K-hole") and work["volume"] == "95"
    assert work["authors"] == [{"family": "Muetzelfeldt", "given": "L."}]
    assert (work["mention_count"], work["document_count"]) == (3, 2)


def test_different_works_by_the_same_author_and_year_stay_apart():
    work_ids, _ = build_works(WILKINSON)
    assert work_ids[0] != work_ids[1]
    assert work_ids[2] not in work_ids[:2], "a bare mention that fits two works joins neither"


def test_same_doi_merges_across_forms():
    work_ids, _ = build_works([
        mention("ref_7", authors=[{"family": "Kolp"}], doi="10.24972/ijts.2014.33.2.84"),
        mention("ref_8", authors=[{"family": "Kolp", "given": "E."}], title="Ketamine psychedelic psychotherapy", doi="10.24972/ijts.2014.33.2.84"),
    ])
    assert work_ids[0] == work_ids[1]


def test_work_ids_do_not_depend_on_input_order():
    refs = MUETZELFELDT + WILKINSON
    expected = dict(zip((r["reference_id"] for r in refs), build_works(refs)[0]))
    shuffled = refs[:]
    random.Random(7).shuffle(shuffled)
    assert dict(zip((r["reference_id"] for r in shuffled), build_works(shuffled)[0])) == expected

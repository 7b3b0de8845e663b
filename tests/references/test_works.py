import random

from hypothesis import given, settings
from hypothesis import strategies as st

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


def _every_pair_clusters(refs: list[dict]) -> list[int]:
    """The merge without blocking by year: every pair of an author's block, every settled work of
    the author for a newcomer (the oracle the year blocking must agree with)."""
    from pipeline.common.union_find import UnionFind
    from pipeline.references import works

    clusters = UnionFind(len(refs))
    families = [works._family(ref) for ref in refs]
    strong = [i for i, ref in enumerate(refs) if works._strength(ref) == 0]
    by_doi: dict[str, int] = {}
    for i in strong:
        if doi := refs[i]["doi"]:
            clusters.union(i, by_doi.setdefault(doi, i))
    for x, i in enumerate(strong):
        for j in strong[x + 1:]:
            comparable = refs[i]["title"] and refs[j]["title"] or refs[i]["doi"] == refs[j]["doi"]
            same_author = families[i] == families[j]
            if same_author and comparable and works._compatible(refs[i], refs[j], families[i], families[j]):
                clusters.union(i, j)

    def attach(newcomers: list[int], settled: list[int], key) -> None:
        groups = clusters.groups(settled)
        by_key: dict[tuple, int] = {}
        for i in newcomers:
            fits = [root for root, members in groups.items()
                    if any(families[m] == families[i] for m in members)
                    and all(works._compatible(refs[i], refs[m], families[i], families[m]) for m in members)]
            works.join_or_group(i, fits, key(refs[i]), clusters, by_key)

    medium = [i for i, ref in enumerate(refs) if works._strength(ref) == 1]
    attach(medium, strong, lambda r: (works._family(r), r["year"], " ".join(works.fold(r["container_title"]).split())))
    bare = [i for i, ref in enumerate(refs) if works._strength(ref) == 2]
    attach(bare, strong + medium, lambda r: (works._family(r), r["year"]))
    return clusters.roots()


_mentions = st.builds(
    lambda family, year, title, container, doi: mention(
        "ref", authors=[{"family": family}] if family else None, year=year, title=title,
        container_title=container, doi=doi,
    ),
    st.sampled_from(["Smith", "Chen", "Okafor", None]),
    st.sampled_from([None, 1999, 2001, 2002]),
    st.sampled_from([None, "Ketamine and the brain", "Ketamine and the brain: a review", "Sleep in rats"]),
    st.sampled_from([None, "Neuron", "Brain Research"]),
    st.sampled_from([None, None, "10.1/a", "10.1/b"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_mentions, max_size=14))
def test_blocking_by_year_merges_exactly_what_comparing_every_pair_merges(refs):
    from pipeline.references.works import cluster_references

    assert cluster_references(refs) == _every_pair_clusters(refs)


def _many_mentions(count: int, seed: int) -> list[dict]:
    """Mentions of two authors in one year or none, each title shared by a few (some with a subtitle)."""
    rng = random.Random(seed)
    compounds = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=12)) for _ in range(count // 4)]

    def title() -> str | None:
        compound = rng.choice(compounds)
        return rng.choice([None, f"Effects of {compound} on sleep in rats",
                           f"Effects of {compound} on sleep in rats: a controlled study"])

    return [
        mention(f"ref_{n}", f"doc_{n % 7}", authors=[{"family": rng.choice(["Smith", "Chen"])}],
                year=rng.choice([None, 2001]), title=title(),
                container_title=rng.choice([None, "Neuron", "Brain Research"]),
                doi=rng.choice([None, None, None, "10.1/a"]))
        for n in range(count)
    ]


def test_author_years_larger_than_one_title_matrix_merge_exactly_what_comparing_every_pair_merges():
    from pipeline.references.works import _ROWS_PER_MATRIX, cluster_references

    refs = _many_mentions(10 * _ROWS_PER_MATRIX, seed=3)  # each author-year: about twice a matrix
    assert cluster_references(refs) == _every_pair_clusters(refs)


@settings(max_examples=60, deadline=None)
@given(st.lists(_mentions, max_size=12), st.lists(_mentions, max_size=12), st.randoms(use_true_random=False))
def test_merging_with_comparisons_remembered_from_another_corpus_equals_merging_from_scratch(
    tmp_path_factory, earlier, added, rng,
):
    """An incremental build reuses what an earlier build compared; the works are those of a fresh merge."""
    from pipeline.references.works import cluster_references

    cache = tmp_path_factory.mktemp("cache")
    cluster_references(earlier, cache)
    now = earlier + added
    rng.shuffle(now)
    assert cluster_references(now, cache) == cluster_references(now)
    assert cluster_references(now, cache) == cluster_references(now)  # now every comparison comes from the cache

from pipeline.references.names import parse_author_block, parse_family_list


def test_particles_and_non_ascii_names_survive_in_each_shape():
    assert parse_author_block("aan het Rot, M., & Bolaños-Guzmán, C. A.")[0] == [
        {"family": "aan het Rot", "given": "M."},
        {"family": "Bolaños-Guzmán", "given": "C. A."},
    ]
    assert parse_author_block("van den Brink W, Lasoń W, Zarate CA Jr")[0] == [
        {"family": "van den Brink", "given": "W"},
        {"family": "Lasoń", "given": "W"},
        {"family": "Zarate", "given": "CA"},
    ]
    assert parse_author_block("D. van der Meer and J.-P. Núñez")[0] == [
        {"family": "van der Meer", "given": "D."},
        {"family": "Núñez", "given": "J.-P."},
    ]


def test_mla_lists_invert_only_the_first_name():
    assert parse_author_block("Okafor, Chidi N., and Mary Ellen Byrne")[0] == [
        {"family": "Okafor", "given": "Chidi N."},
        {"family": "Byrne", "given": "Mary Ellen"},
    ]


def test_a_phrase_that_is_no_name_list_is_a_corporate_author():
    assert parse_author_block("National Institute for Health and Care Excellence") == (
        [{"literal": "National Institute for Health and Care Excellence"}],
        False,
    )


def test_et_al_marks_the_list_as_truncated():
    assert parse_author_block("Ng, K. et al.") == ([{"family": "Ng", "given": "K."}], True)


def test_prose_name_lists_keep_bare_families():
    assert parse_family_list("Feifel, Dadiomov, and Lee") == [{"family": "Feifel"}, {"family": "Dadiomov"}, {"family": "Lee"}]
    assert parse_family_list("the results") is None


def test_initials_read_with_every_separator_form_and_a_hyphen():
    from pipeline.references.names import INITIALS_RE

    assert all(INITIALS_RE.match(text) for text in ("A. B.", "A.B.", "A.  B.", "J.-P.", "J. - P.", "A."))
    assert not INITIALS_RE.match("A. b. c")


def test_a_reference_line_of_nothing_but_initials_parses_to_a_record():
    from pipeline.references.parse import parse_reference

    record = parse_reference(" ".join(["A."] * 2_000))  # was 2^n ways to read the spaces (runtime: bench_long_lines)
    assert record["year"] is None

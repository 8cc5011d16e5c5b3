"""`samarbejde explain`: derivation trees down to the evidence and its sources, and why-not."""
import re

CATALOGUE = "examples/tilbudskatalog-personbaaret.ttl"
MOSE = "samarbejde/0151/eksempelskolen-mose--dk-715100/2025-02-01"


def test_explaining_a_collaboration_shows_its_classifications_and_findings_down_to_sources(cli, root):
    result = cli("explain", MOSE, root / CATALOGUE)
    assert result.code == 0, result.err
    out = result.out
    assert "Fund" in out and "virkningsløst tilbud" in out
    assert "regel: Tilsidesat evidens [defeat]" in out           # the rule, by label and id
    assert "Opfyldt betingelse" in out                            # the structural condition
    assert "angivet i beskrivelsen" in out                        # down to stated data
    assert "kilder:" in out                                       # and its sources


def test_explaining_a_single_finding_in_english(cli, root):
    finding = MOSE + "/fund/ineffective-offer/4T3/catalogue-not-aligned"
    result = cli("explain", finding, root / CATALOGUE, "--lang", "en")
    assert result.code == 0, result.err
    first = result.out.splitlines()[0]
    assert first.startswith("Finding") and "ineffective offer" in first
    assert "rule: Defeated evidence [defeat]" in result.out
    assert "Offer catalogue" in result.out


def test_explaining_a_degree_reaches_the_counted_evidence(cli, root):
    degree = MOSE + "/grad/4/P"
    result = cli("explain", degree, root / CATALOGUE)
    assert result.code == 0, result.err
    assert "Personlige aftaler" in result.out and "Evidens" in result.out


def test_why_not_names_missing_and_defeated_indicators(cli, root):
    result = cli("explain", MOSE, root / CATALOGUE, "--why-not", "Organisering og kommunikation", "Tilbudsmodellen")
    assert result.code == 0, result.err
    assert "er ikke dominerende" in result.out
    assert "Tilbudskatalog: observeret, men tilsidesat" in result.out
    assert "mangler mindst" in result.out


def test_why_not_accepts_notations_and_english(cli, root):
    result = cli("explain", MOSE, root / CATALOGUE, "--why-not", "4", "P", "--lang", "en")
    assert result.code == 0, result.err
    assert "is dominant on" in result.out


def test_unknown_things_are_input_errors(cli, root):
    result = cli("explain", "samarbejde/9999/nobody", root / CATALOGUE)
    assert result.code == 2 and "Traceback" not in result.err
    assert "findes ikke" in result.err
    result = cli("explain", MOSE, root / CATALOGUE, "--why-not", "Nope", "P")
    assert result.code == 2 and "known:" in result.err


def test_stated_evidence_shows_the_sources_of_its_description(cli, root):
    result = cli("explain", MOSE + "/grad/4/P", root / CATALOGUE)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    evidence = [i for i, line in enumerate(lines) if "Evidens — indikator:" in line and "(se ovenfor)" not in line]
    assert evidence
    for i in evidence:   # every stated evidence leaf, where first shown, is followed by its description's source
        assert any("kilder: Casebeskrivelse efter rapportens andet eksempel" in line for line in lines[i + 1:i + 4])


def test_administrations_are_named_in_an_explanation(cli, root):
    result = cli("explain", MOSE, root / CATALOGUE)
    assert result.code == 0, result.err
    assert "«Børne- og Skoleforvaltningen»" in result.out and "«Kultur- og Fritidsforvaltningen»" in result.out


def test_a_municipal_mean_is_explained_by_the_degrees_it_averages(cli, root):
    cell = "kommune/0101/profil/2023-05-01/4/P"
    result = cli("explain", cell, root / "examples" / "to-datoer.ttl", "--lang", "en")
    assert result.code == 0, result.err
    assert "rule: Municipal profile cells [municipal-profile-cell]" in result.out
    assert result.out.count("rule: Degree of model realisation per parameter [degree]") == 2   # one per school


def test_why_not_names_an_indicator_once_with_every_condition_that_defeats_it(cli, root):
    result = cli("explain", MOSE, root / CATALOGUE, "--why-not", "Organisering og kommunikation", "Tilbudsmodellen")
    assert result.code == 0, result.err
    lines = [line for line in result.out.splitlines() if "Tilbudskatalog:" in line]
    assert len(lines) == 1
    assert "ikke afstemt med skolernes behov" in lines[0] and "formidles ikke til lærerne" in lines[0]


def test_severities_are_named_in_the_chosen_language(cli, root):
    finding = MOSE + "/fund/ineffective-offer/4T3/catalogue-not-aligned"
    assert "severity: warning" in cli("explain", finding, root / CATALOGUE, "--lang", "en").out
    assert "alvorlighed: advarsel" in cli("explain", finding, root / CATALOGUE).out


def test_degrees_are_written_with_a_decimal_comma_in_danish(cli, root):
    degree = MOSE + "/grad/4/P"
    assert re.search(r"grad: \d,\d\d;", cli("explain", degree, root / CATALOGUE).out)
    assert re.search(r"degree: \d\.\d\d;", cli("explain", degree, root / CATALOGUE, "--lang", "en").out)


def test_why_not_on_a_parameter_where_every_degree_is_zero_names_no_leader(cli, root):
    minimal = root / "tests" / "data" / "validation" / "valid" / "minimal.ttl"
    result = cli("explain", "samarbejde/0101/testskolen--dk-710100/2025-03-01", minimal, "--why-not", "3", "P", "--lang", "en")
    assert result.code == 0, result.err
    assert "no model has a degree above 0" in result.out and "highest degree" not in result.out


def test_why_not_takes_the_local_names_of_parameter_and_model(cli, root):
    by_name = cli("explain", MOSE, root / CATALOGUE, "--why-not", "OrganiseringOgKommunikation", "Tilbudsmodellen")
    by_label = cli("explain", MOSE, root / CATALOGUE, "--why-not", "Organisering og kommunikation", "Tilbudsmodellen")
    assert by_name.code == 0 and by_name.out == by_label.out


def test_a_degree_that_does_not_count_observed_evidence_shows_the_defeat(cli, root):
    result = cli("explain", MOSE + "/grad/4/T", root / CATALOGUE, "--lang", "en")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    catalogue = next(i for i, line in enumerate(lines) if "Offer catalogue; status: observed" in line)
    below = "\n".join(lines[catalogue:])
    assert "Defeat" in below and "rule: Defeated evidence [defeat]" in below
    assert "the offer catalogue is not aligned" in below   # the condition that defeats it


def test_a_policy_gap_shows_the_target_models_degree_and_the_models_dominant_instead(cli, root):
    gap = "samarbejde/0101/eksempelskolen-vest--dk-710100/2023-05-01/fund/policy-gap/5/S"
    result = cli("explain", gap, root / "examples/to-datoer.ttl", "--lang", "en")
    assert result.code == 0, result.err
    assert "target for 'Leadership and administration' is the Co-creation model" in result.out
    assert re.search(r"Dominant model — degree: [0-9.]+; model: (?!Co-creation)", result.out)
    assert "Degree — counted indicators: 0; degree: 0.00; indicator count: 3; model: Co-creation model" in result.out

"""`samarbejde check`: the ontology's QA (parse, SHACL, QC queries, OWL), exit 0 / 1 / 2.

Exit 0 when nothing is wrong, 1 when any check found a problem, 2 when a file cannot be
parsed (a survey spreadsheet: imported, once the ontology is free of problems, because its
columns come from the ontology) or HermiT cannot run (unless ``--no-owl``).
"""
import sys

from .. import checks
from ..errors import InputError
from ..output import to_stdout
from ..store import KnowledgeGraph

SUMMARY = {
    "da": "{problems} problem(er); {files} filer læst, {shapes} formfil(er), {queries} tjek-forespørgsler, OWL: {owl}",
    "en": "{problems} problem(s); {files} files parsed, {shapes} shape file(s), {queries} check queries, OWL: {owl}",
}
SURVEYS_WAITING = {
    "da": "; {n} spørgeskemafil(er) ikke importeret, før ontologien er uden problemer",
    "en": "; {n} survey file(s) not imported until the ontology has no problems",
}
OWL_STATE = {
    "skipped": {"da": "sprunget over", "en": "skipped"},
    "checked": {"da": "HermiT kørt", "en": "HermiT run"},
    "unavailable": {"da": "kunne ikke køres", "en": "could not run"},
}


def configure(parser):
    parser.add_argument("--no-owl", action="store_true", help="skip the OWL consistency check (HermiT, needs Java)")
    parser.add_argument("--lang", choices=("da", "en"), default="en", help="language of the messages (default: en)")


def run(args) -> int:
    lang = args.lang
    files, errors = checks.parse_all()
    if errors:
        return unreadable(errors)
    kg = KnowledgeGraph()
    locate = checks.Locator()
    shape_files, problems = checks.shacl_problems(kg, lang, locate)
    queries = checks.violation_queries()
    problems += checks.query_problems(kg, lang, locate, queries)
    problems += checks.rule_problems(kg, lang)
    problems += checks.version_problems(lang)
    surveys_waiting = 0
    if problems:
        surveys_waiting = len(checks.data_files(surveys=True))
    else:
        surveys, errors = checks.import_surveys(kg)
        if errors:
            return unreadable(errors)
        files += surveys
        problems += checks.example_problems(lang)   # every example must validate
    owl_state, unavailable = "skipped", None
    if not args.no_owl:
        from ..owl import OwlUnavailable

        try:
            problems += checks.owl_problems(kg, lang, locate)
            owl_state = "checked"
        except OwlUnavailable as exc:
            owl_state, unavailable = "unavailable", exc
    summary = (SUMMARY[lang].format(problems=len(problems), files=files, shapes=shape_files,
                                    queries=len(queries), owl=OWL_STATE[owl_state][lang])
               + (SURVEYS_WAITING[lang].format(n=surveys_waiting) if surveys_waiting else ""))
    to_stdout("".join(f"{line}\n" for line in [*problems, summary]))
    if unavailable is not None:
        raise InputError(checks.message("owl-skipped", lang, reason=unavailable))
    return 1 if problems else 0


def unreadable(errors) -> int:
    """One line per file that cannot be parsed (or imported), exit code 2."""
    for exc in errors:
        print(f"samarbejde: error: {exc}", file=sys.stderr)
    return 2

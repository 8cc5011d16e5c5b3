"""Profiles: the reasoner's results per collaboration and per municipality, as data and text.

Everything comes from the named queries in ``queries/``, so the report shows exactly what a
research tool gets over SPARQL. Labels and figure order come from the ontology.
"""
from __future__ import annotations

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from . import namespaces as ns
from . import queries
from .store import KnowledgeGraph

SEVERITY = {"http://www.w3.org/ns/shacl#Violation": "violation",
            "http://www.w3.org/ns/shacl#Warning": "warning",
            "http://www.w3.org/ns/shacl#Info": "info"}
# the queries a profile reads, the costliest first (they run two at a time: see rows())
QUERIES = ("degrees", "municipal-findings", "findings", "overall-degrees", "collaborations", "classifications",
           "municipal-profiles", "profile-changes", "owl-classifications", "vocabulary")
SEVERITY_IRI = {key: iri for iri, key in SEVERITY.items()}
SEVERITY_ORDER = {"violation": 0, "warning": 1, "info": 2}
NAMES_JOIN = " / "   # several schools or libraries: their names may hold commas
WORDS = {
    "da": {"parameter": "Parameter",
           "overall": "Samlet", "classifications": "Klassifikation", "findings": "Fund",
           "none": "ingen", "not_assessed": "ikke vurderet", "collaborations": "samarbejder", "collaboration": "samarbejde",
           "assessed_in": "vurderet i",
           "municipality": "Kommuneprofil", "dominant": "dominerende i", "change": "Udvikling",
           "legend": "* = dominerende model; x/y = tællende observerede indikatorer ud af modellens indikatorer på parameteren",
           "mean": "gennemsnitlig grad (antal samarbejder, hvor modellen dominerer)", "sources": "Kilder",
           "owl": "OWL-klasser", "summary": "Profil af {n} samarbejdsbeskrivelse(r) i {m} kommune(r)"},
    "en": {"parameter": "Parameter",
           "overall": "Overall", "classifications": "Classification", "findings": "Findings",
           "none": "none", "not_assessed": "not assessed", "collaborations": "collaborations", "collaboration": "collaboration",
           "assessed_in": "assessed in",
           "municipality": "Municipal profile", "dominant": "dominant in", "change": "Change",
           "legend": "* = dominant model; x/y = counted observed indicators out of the model's indicators on the parameter",
           "mean": "mean degree (number of collaborations where the model is dominant)", "sources": "Sources",
           "owl": "OWL classes", "summary": "Profile of {n} collaboration description(s) in {m} municipality(ies)"},
}


class Vocabulary:
    """Labels, notations and figure order of the ontology's concepts."""

    def __init__(self, kg: KnowledgeGraph, vocabulary: list[dict] | None = None):
        self.concepts = {}
        for row in vocabulary if vocabulary is not None else queries.select(kg, "vocabulary"):
            self.concepts.setdefault(row["concept"], row)
        by_type = defaultdict(list)
        for row in self.concepts.values():
            by_type[row["type"].rsplit("#", 1)[-1]].append(row)
        key = lambda r: (r["position"] if r["position"] is not None else 999, r["notation"] or "")  # noqa: E731
        self.models = [r["concept"] for r in sorted(by_type["Model"], key=key)]
        self.parameters = [r["concept"] for r in sorted(by_type["Parameter"], key=key)]

    def label(self, iri: str, lang: str = "da") -> str:
        row = self.concepts.get(iri)
        if not row:
            return iri
        return row["labelDa"] if lang == "da" else row["labelEn"]

    def finding_kinds(self, lang: str = "da") -> dict[str, str]:
        """Finding kinds by notation (how a municipal profile counts them), to their labels."""
        return {row["notation"]: row["labelDa" if lang == "da" else "labelEn"] for row in self.concepts.values()
                if row["type"] == ns.SK + "FindingKind" and row["notation"]}

    def severity(self, key: str, lang: str = "da") -> str:
        """A finding's severity (``warning`` …, as the profile data holds it) by its label in the ontology."""
        return self.label(SEVERITY_IRI.get(key, key), lang)

    def notation(self, iri: str) -> str:
        row = self.concepts.get(iri)
        return (row or {}).get("notation") or iri


# what a profile of one collaboration or one municipality reads (the pages of `samarbejde serve`)
SCOPES = {"collaboration": ("degrees", "findings", "overall-degrees", "collaborations", "classifications",
                            "owl-classifications", "vocabulary"),
          "municipality": ("municipal-findings", "collaborations", "municipal-profiles", "profile-changes", "vocabulary")}


def rows(kg: KnowledgeGraph, names=QUERIES, **bindings) -> dict[str, list[dict]]:
    """The rows of every query a profile reads, by query name (empty for those not in ``names``).

    ``bindings`` (``collaboration=IRI`` or ``municipality=IRI``) go to the queries that declare
    that parameter. Two at a time: Oxigraph evaluates a query without holding the interpreter
    lock, so one query runs on the second core while the rows of another become Python values
    (a third less time at the `denmark` scale)."""
    registry = queries.registry()

    def select(name):
        declared = registry[name].parameters
        return queries.select(kg, name, **{k: v for k, v in bindings.items() if k in declared})

    wanted = [name for name in QUERIES if name in names]
    with ThreadPoolExecutor(2) as pool:
        found = dict(zip(wanted, pool.map(select, wanted)))
    return {name: found.get(name, []) for name in QUERIES}


def build(kg: KnowledgeGraph, *, collaboration: str | None = None, municipality: str | None = None) -> dict:
    """The profile as plain data (the JSON of DESIGN §4; labels in Danish).

    With ``collaboration`` or ``municipality`` (an IRI): the profile of that one alone, read
    by the same queries with their parameter bound."""
    if collaboration:
        found = rows(kg, SCOPES["collaboration"], collaboration=collaboration)
    elif municipality:
        found = rows(kg, SCOPES["municipality"], municipality=municipality)
    else:
        found = rows(kg)
    vocab = Vocabulary(kg, found["vocabulary"])
    lab = vocab.label
    order = {p: i for i, p in enumerate(vocab.parameters)}
    position = lambda p: order.get(p, len(order))  # noqa: E731
    collabs = {}
    for row in found["collaborations"]:
        collabs[row["collaboration"]] = {
            "iri": row["collaboration"],
            "municipality": {"iri": row["municipality"], "code": row["code"], "name": row["municipalityName"]},
            "school": NAMES_JOIN.join(_names(row["schools"])),
            "schools": _names(row["schools"]),
            "library": NAMES_JOIN.join(_names(row["libraries"])),
            "libraries": _names(row["libraries"]),
            "library_en": NAMES_JOIN.join(_names(row["librariesEn"])),   # the reference data names main libraries in English too
            "date": row["date"],
            "sources": _split(row["sources"]),
            "parameters": {lab(p): {"assessed": False, "degrees": {}, "counts": {}, "dominant": []} for p in vocab.parameters},
            "overall": {},
            "classifications": [],
            "owl_classes": [],
            "findings": [],
        }
    for row in found["degrees"]:
        c = collabs.get(row["collaboration"])
        if c is None:
            continue
        cell = c["parameters"].setdefault(lab(row["parameter"]), {"assessed": True, "degrees": {}, "counts": {}, "dominant": []})
        cell["assessed"] = True
        cell["degrees"][lab(row["model"])] = round(row["degree"], 4)
        cell["counts"][lab(row["model"])] = [row["counted"], row["total"]]
        if row["dominant"]:
            cell["dominant"].append(lab(row["model"]))
    order = {lab(m): i for i, m in enumerate(vocab.models)}
    for c in collabs.values():
        for cell in c["parameters"].values():
            cell["dominant"].sort(key=lambda m: order.get(m, 99))
    for row in found["overall-degrees"]:
        if row["collaboration"] in collabs:
            collabs[row["collaboration"]]["overall"][lab(row["model"])] = round(row["degree"], 4)
    for row in found["classifications"]:
        if row["collaboration"] in collabs:
            collabs[row["collaboration"]]["classifications"].append({
                "kind": row["notation"], "label": lab(row["kind"]), "label_en": lab(row["kind"], "en"),
                "model": lab(row["model"]) if row["model"] else None,
                "model_en": lab(row["model"], "en") if row["model"] else None,
                "iri": row["classification"],
            })
    for row in found["owl-classifications"]:
        if row["collaboration"] in collabs:
            collabs[row["collaboration"]]["owl_classes"].append(lab(row["class"]))
    for row in found["findings"]:
        if row["collaboration"] in collabs:
            collabs[row["collaboration"]]["findings"].append({
                "iri": row["finding"], "kind": row["notation"], "label": lab(row["kind"]), "label_en": lab(row["kind"], "en"),
                "severity": SEVERITY.get(row["severity"], row["severity"]),
                "messages": {"da": row["messageDa"], "en": row["messageEn"]},
                "indicators": sorted(lab(i) for i in _split(row["indicators"], " ")),
                "parameters": [lab(p) for p in sorted(_split(row["parameters"], " "), key=position)],
                "models": [lab(m) for m in _split(row["models"], " ")],
            })
    for c in collabs.values():
        c["findings"].sort(key=lambda f: (SEVERITY_ORDER.get(f["severity"], 9), f["kind"], f["iri"]))
    return {"collaborations": list(collabs.values()), "municipalities": _municipalities(found, vocab, collabs)}


def _municipalities(found, vocab, collabs) -> list[dict]:
    lab = vocab.label
    profiles = {}
    names = {c["municipality"]["iri"]: c["municipality"] for c in collabs.values()}
    for row in found["municipal-profiles"]:
        key = (row["municipality"], row["date"])
        m = names.get(row["municipality"], {"code": None, "name": None})
        prof = profiles.setdefault(key, {"code": m["code"], "name": m["name"], "iri": row["profile"], "date": row["date"],
                                         "collaborations": row["collaborations"], "parameters": {}, "findings": {}, "changes": []})
        if row["parameter"] is None:
            continue
        cell = prof["parameters"].setdefault(lab(row["parameter"]), {"mean_degree": {}, "dominant_count": {}, "assessed_in": 0})
        cell["mean_degree"][lab(row["model"])] = round(row["meanDegree"], 4)
        cell["dominant_count"][lab(row["model"])] = row["dominantCount"]
        cell["assessed_in"] = max(cell["assessed_in"], row["assessedIn"])
    for row in found["municipal-findings"]:
        prof = profiles.get((row["municipality"], row["date"]))
        if prof:
            prof["findings"][row["notation"]] = row["count"]
    for row in found["profile-changes"]:
        prof = profiles.get((row["municipality"], row["toDate"]))
        if prof:
            prof["changes"].append({"from": row["fromDate"], "to": row["toDate"], "parameter": lab(row["parameter"]),
                                    "model": lab(row["model"]), "change": round(row["change"], 4)})
    order = [lab(p) for p in vocab.parameters]
    model_order = {lab(m): i for i, m in enumerate(vocab.models)}
    for prof in profiles.values():
        prof["parameters"] = {p: prof["parameters"][p] for p in order if p in prof["parameters"]}
        prof["changes"].sort(key=lambda ch: (order.index(ch["parameter"]) if ch["parameter"] in order else 99,
                                             model_order.get(ch["model"], 99)))
    return sorted(profiles.values(), key=lambda p: (p["code"] or "", p["date"] or ""))


def _split(value, sep=" | "):
    return [v for v in (value or "").split(sep) if v]


DANISH_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})   # after z, in the Danish alphabet's order


def _names(value):
    """Names of schools or libraries in alphabetical order (the store's order is no order);
    an unnamed one is shown by the last segment of its IRI."""
    names = [v.rstrip("/").rsplit("/", 1)[-1] if "://" in v else v for v in _split(value)]
    return sorted(names, key=lambda name: (name.casefold().translate(DANISH_ORDER), name))


# ---------------------------------------------------------------------------- text

def grouped_classifications(c: dict, models: list, lang: str) -> list[tuple[str, dict, list]]:
    """A collaboration's classifications with each kind once: ``(label, the kind's own
    classification or None, [(model name, its classification)])``, models in the
    vocabulary's order ("several levels: A, B", not the kind twice)."""
    kinds: dict[str, tuple] = {}
    for k in c["classifications"]:
        label = k["label"] if lang == "da" else k["label_en"]
        entry = kinds.setdefault(label, [None, []])
        if k["model"]:
            rank = models.index(k["model"]) if k["model"] in models else len(models)
            entry[1].append((rank, k["model"] if lang == "da" else k["model_en"], k))
        else:
            entry[0] = k
    return [(label, own, [(name, k) for _, name, k in sorted(found, key=lambda t: (t[0], t[1]))])
            for label, (own, found) in kinds.items()]


def render(profile: dict, kg: KnowledgeGraph, lang: str = "da") -> str:
    vocab = Vocabulary(kg)
    w = WORDS[lang]
    to_lang = {vocab.label(iri): vocab.label(iri, lang) for iri in vocab.concepts}
    models = [vocab.label(m) for m in vocab.models]
    municipalities = {m["code"] for m in profile["municipalities"]}
    out = [w["summary"].format(n=len(profile["collaborations"]), m=len(municipalities)), ""]
    for c in profile["collaborations"]:
        out.extend(_render_collaboration(c, models, to_lang, w, lang, vocab))
    kinds = vocab.finding_kinds(lang)
    parameters = [vocab.label(p) for p in vocab.parameters]
    for m in profile["municipalities"]:
        out.extend(_render_municipality(m, models, parameters, to_lang, w, kinds))
    out.append(w["legend"])
    return "\n".join(out) + "\n"


def _table(rows, header):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    line = lambda r: "  " + "  ".join(str(v).ljust(widths[i]) if i == 0 else str(v).rjust(widths[i]) for i, v in enumerate(r))  # noqa: E731
    return [line(header), "  " + "  ".join("-" * n for n in widths)] + [line(r) for r in rows]


def _render_collaboration(c, models, to_lang, w, lang, vocab):
    tr = lambda s: to_lang.get(s, s)  # noqa: E731
    mun = c["municipality"]
    library = c["library_en"] if lang == "en" else c["library"]
    title = f"{c['school']} – {library} · {mun['name'] or mun['iri']} ({mun['code']}) · {c['date']}"
    out = [title, "=" * len(title)]
    rows = []
    for pname, cell in c["parameters"].items():
        if not cell["assessed"]:
            rows.append([tr(pname)] + [w["not_assessed"] if i == 0 else "" for i, _ in enumerate(models)])
            continue
        row = [tr(pname)]
        for m in models:
            if m in cell["counts"]:
                n, t = cell["counts"][m]
                row.append(f"{n}/{t}" + (" *" if m in cell["dominant"] else "  "))
            else:
                row.append("–  ")
        rows.append(row)
    rows.append([w["overall"]] + [f"{round(100 * c['overall'][m])} %  " if m in c["overall"] else "–  " for m in models])
    out += _table(rows, [w["parameter"]] + [tr(m) for m in models])
    text = "; ".join(f"{label}: {', '.join(name for name, _ in found)}" if found else label
                     for label, _, found in grouped_classifications(c, models, lang))
    out.append(f"{w['classifications']}: {text or w['none']}")
    if c["owl_classes"]:
        out.append(f"{w['owl']}: {'; '.join(tr(k) for k in c['owl_classes'])}")
    if c["findings"]:
        out.append(f"{w['findings']}:")
        for f in c["findings"]:
            out.append(f"  [{vocab.severity(f['severity'], lang)}] {tr(f['label'])}: {f['messages'][lang]}")
    else:
        out.append(f"{w['findings']}: {w['none']}")
    out.append("")
    return out


def _render_municipality(m, models, parameters, to_lang, w, kinds):
    tr = lambda s: to_lang.get(s, s)  # noqa: E731
    n = m["collaborations"]
    title = f"{w['municipality']}: {m['name']} ({m['code']}) · {m['date']} · {n} {w['collaboration' if n == 1 else 'collaborations']}"
    out = [title, "-" * len(title)]
    rows = []
    for pname in parameters:   # every parameter, as for a collaboration; a mean is over those assessing it
        cell = m["parameters"].get(pname)
        if cell is None:
            rows.append([tr(pname), "0"] + [w["not_assessed"] if i == 0 else "" for i, _ in enumerate(models)])
            continue
        rows.append([tr(pname), str(cell["assessed_in"])] + [
            f"{round(100 * cell['mean_degree'][mo])} % ({cell['dominant_count'][mo]})" if mo in cell["mean_degree"] else "–"
            for mo in models])
    out += [f"  {w['mean']}"] + _table(rows, [w["parameter"], w["assessed_in"]] + [tr(mo) for mo in models])
    if m["findings"]:
        named = sorted((kinds.get(k, k), count) for k, count in m["findings"].items())
        out.append(f"  {w['findings']}: " + ", ".join(f"{label} {count}" for label, count in named))
    if m["changes"]:
        changes = [ch for ch in m["changes"] if ch["change"]]
        out.append(f"  {w['change']} {m['changes'][0]['from']} → {m['date']}: " +
                   (", ".join(f"{tr(ch['parameter'])}/{tr(ch['model'])} {round(100 * ch['change']):+d} pp" for ch in changes) or "0"))
    out.append("")
    return out

"""HTML pages for people: the index of municipalities, municipal profiles, collaboration
profiles, any other resource, and the SPARQL form.

Pages are Jinja templates in ``pages/`` (with autoescaping) and their words in
``pages/words.tsv`` (Danish and English), so wording and layout change without touching
Python. The numbers come from the same named queries as ``samarbejde profile``, bound to the
one collaboration or municipality shown.
"""
from __future__ import annotations

import csv
from contextvars import ContextVar
from functools import cached_property
from html import escape
from itertools import islice
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import jinja2
import pyoxigraph as ox

from . import __version__
from . import linked_data
from . import namespaces as ns
from . import profile as profiles
from . import queries
from .engine import RULES_GRAPH
from .explain import Explainer
from .store import DATA, INFERRED, ONTOLOGY, KnowledgeGraph

HERE = Path(__file__).resolve().parent / "pages"
GENERATED_BY = ox.NamedNode(ns.PREFIXES["prov"] + "wasGeneratedBy")
RDF_TYPE = ns.PREFIXES["rdf"] + "type"
TITLE = ns.PREFIXES["dcterms"] + "title"
HTML_ROWS = 5000   # rows (or statements) of query results shown on a page


def words() -> dict[str, dict[str, str]]:
    with open(HERE / "words.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {lang: {row["key"]: row[lang] for row in rows} for lang in ("da", "en")}


# the query of the request being answered: the language switch keeps it (a SPARQL query, a
# named query's parameters) and changes only ``lang``
QUERY: ContextVar[dict] = ContextVar("query", default={})


def href(iri: str) -> str | None:
    """Where a link to an IRI goes: its local page when we publish it, else the IRI itself if
    it is an http(s) IRI, else nowhere (None: the templates show text). Any IRI can come from
    data or a query result, and a ``javascript:`` link would run in this site's origin."""
    local = linked_data.path_for_iri(iri)
    if local:   # a term of the ontology (…/def#Term) is a section of the ontology's page
        fragment = urlsplit(iri).fragment
        return f"{local}#{fragment}" if fragment and "#" not in local else local
    return iri if urlsplit(iri).scheme.lower() in ("http", "https") else None


def percent(value) -> str:
    return f"{round(100 * value)} %"


class Pages:
    """Renders pages over one (read-only) knowledge graph."""

    def __init__(self, kg: KnowledgeGraph):
        self.kg = kg
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE)), autoescape=True,
                                      undefined=jinja2.StrictUndefined)
        self.words = words()

    @cached_property
    def vocabulary(self) -> profiles.Vocabulary:
        return profiles.Vocabulary(self.kg)

    def render(self, template: str, lang: str, title: str, alternates=(), **context) -> bytes:
        other = "en" if lang == "da" else "da"
        switch = "?" + urlencode([(k, v) for k, vs in QUERY.get().items() if k != "lang" for v in vs] + [("lang", other)])
        page = self.env.get_template(template).render(lang=lang, w=self.words[lang], title=title, version=__version__,
                                                      alternates=list(alternates), switch=switch, **context)
        return page.encode("utf-8")

    def translate(self, lang: str):
        """Danish profile labels to the page language."""
        vocab = self.vocabulary
        table = {vocab.label(iri): vocab.label(iri, lang) for iri in vocab.concepts}
        return lambda label: table.get(label, label)

    # ------------------------------------------------------------------ index
    def index(self, lang: str, alternates=()) -> bytes:
        rows = queries.select(self.kg, "municipalities")
        for row in rows:
            row["href"] = href(row["municipality"])
            row["name"] = row["name"] or row["code"] or row["municipality"]
        described = [r for r in rows if r["collaborations"]]
        others = [r for r in rows if not r["collaborations"]]
        return self.render("index.html", lang, self.words[lang]["site"], alternates, described=described, others=others)

    # ------------------------------------------------------------------ municipality
    def municipality(self, iri: str, lang: str, alternates=()) -> bytes:
        data = profiles.build(self.kg, municipality=iri)
        tr = self.translate(lang)
        explainer = Explainer(self.kg, lang)
        models = [self.vocabulary.label(m) for m in self.vocabulary.models]
        facts = self._municipality_facts(iri, explainer)
        kinds = self.vocabulary.finding_kinds(lang)
        found = []
        for p in data["municipalities"]:
            rows = [{"parameter": tr(name),
                     "cells": [f"{percent(cell['mean_degree'][m])} ({cell['dominant_count'][m]})" if m in cell["mean_degree"] else "–"
                               for m in models],
                     "assessed_in": cell["assessed_in"]} for name, cell in p["parameters"].items()]
            changes = [f"{tr(ch['parameter'])}/{tr(ch['model'])} {round(100 * ch['change']):+d} pp"
                       for ch in p["changes"] if ch["change"]]
            found.append({"date": p["date"], "href": href(p["iri"]), "collaborations": p["collaborations"], "rows": rows,
                          "findings": sorted((kinds.get(k, k), n) for k, n in p["findings"].items()), "changes": changes,
                          "changes_from": p["changes"][0]["from"] if p["changes"] else None})
        library = "library_en" if lang == "en" else "library"
        collaborations = [{"href": href(c["iri"]), "date": c["date"], "school": c["school"], "library": c[library]}
                          for c in data["collaborations"]]
        title = f"{facts['name']} ({facts['code']})" if facts["code"] else facts["name"]
        return self.render("municipality.html", lang, title, alternates, facts=facts, profiles=found,
                           models=[tr(m) for m in models], collaborations=collaborations)

    def _municipality_facts(self, iri: str, explainer: Explainer) -> dict:
        """Reference data of a municipality, from the named queries ``municipalities`` and
        ``region-memberships``."""
        row = next(iter(queries.select(self.kg, "municipalities", municipality=iri)), {})
        regions = [{"label": explainer.label(r["region"]),
                    "valid": f"{r['validFrom'] or ''} – {r['validThrough'] or ''}".strip(" –")}
                   for r in queries.select(self.kg, "region-memberships", municipality=iri)]
        libraries = [{"href": href(row["mainLibrary"]), "label": explainer.label(row["mainLibrary"])}] if row.get("mainLibrary") else []
        return {"name": explainer.label(iri), "code": row.get("code"), "legal_name": row.get("legalName"),
                "regions": regions, "libraries": libraries}

    # ------------------------------------------------------------------ collaboration
    def collaboration(self, iri: str, lang: str, alternates=()) -> bytes:
        data = profiles.build(self.kg, collaboration=iri)
        c = data["collaborations"][0]
        tr = self.translate(lang)
        vocab = self.vocabulary
        models = [vocab.label(m) for m in vocab.models]
        rows = []
        for pname, cell in c["parameters"].items():
            cells = []
            for m in models:
                if m in cell["counts"]:
                    n, t = cell["counts"][m]
                    dominant = m in cell["dominant"]
                    cells.append({"text": f"{n}/{t}" + (" *" if dominant else ""), "dominant": dominant,
                                  "title": percent(cell["degrees"][m]), "href": None})
                else:
                    cells.append({"text": "–", "dominant": False, "title": "", "href": None})
            rows.append({"parameter": tr(pname), "assessed": cell["assessed"], "cells": cells})
        self._link_degrees(iri, rows, models)
        overall = [percent(c["overall"][m]) if m in c["overall"] else "–" for m in models]
        classifications = [{"text": label, "href": href(own["iri"]) if own else None,
                            "models": [{"text": name, "href": href(k["iri"])} for name, k in found]}
                           for label, own, found in profiles.grouped_classifications(c, models, lang)]
        findings = [{"severity": f["severity"], "severity_label": vocab.severity(f["severity"], lang), "label": tr(f["label"]),
                     "message": f["messages"][lang], "href": href(f["iri"])} for f in c["findings"]]
        c = dict(c, municipality_href=href(c["municipality"]["iri"]))
        title = f"{c['school']} – {c['library_en'] if lang == 'en' else c['library']} · {c['date']}"
        return self.render("collaboration.html", lang, title, alternates, c=c, models=[tr(m) for m in models],
                           rows=rows, overall=overall, classifications=classifications, findings=findings)

    def _link_degrees(self, iri: str, rows: list, models: list) -> None:
        """Link each degree cell to its degree node (where its explanation is)."""
        store, vocab = self.kg.store, self.vocabulary
        one = lambda node, pred: next((q.object.value for q in store.quads_for_pattern(node, ox.NamedNode(pred), None)), None)  # noqa: E731
        nodes = {}
        for q in store.quads_for_pattern(None, ox.NamedNode(ns.SK + "collaboration"), ox.NamedNode(iri), INFERRED):
            if one(q.subject, RDF_TYPE) and any(True for _ in store.quads_for_pattern(
                    q.subject, ox.NamedNode(RDF_TYPE), ox.NamedNode(ns.SK + "Degree"))):
                nodes[(one(q.subject, ns.SK + "parameter"), one(q.subject, ns.SK + "model"))] = q.subject.value
        model_iris = dict(zip(models, vocab.models))
        for row, p in zip(rows, vocab.parameters):
            for cell, m in zip(row["cells"], models):
                node = nodes.get((p, model_iris.get(m)))
                if node:
                    cell["href"] = href(node)

    # ------------------------------------------------------------------ any resource
    def resource(self, iri: str, quads: list[ox.Quad], lang: str, alternates=()) -> bytes:
        explainer = Explainer(self.kg, lang)
        w = self.words[lang]
        graphs = {ONTOLOGY: w["graph_ontology"], DATA: w["graph_data"], INFERRED: w["graph_inferred"],
                  RULES_GRAPH: w["graph_rules"], ox.DefaultGraph(): w["graph_described"]}
        root = ox.NamedNode(iri)
        by_subject: dict = {}
        incoming = []
        for q in quads:
            if q.subject != root and q.object == root and not _belongs(q.subject, iri):
                incoming.append({"value": self.term(q.subject, explainer), "predicate": explainer.label(q.predicate.value),
                                 "predicate_iri": q.predicate.value})
                continue
            by_subject.setdefault(q.subject, []).append(q)
        groups = []
        for subject, items in sorted(by_subject.items(), key=lambda kv: (kv[0] != root, str(kv[0]))):
            items.sort(key=lambda q: (q.predicate.value != RDF_TYPE, q.predicate.value, str(q.object)))
            rows = [{"predicate": explainer.label(q.predicate.value), "predicate_iri": q.predicate.value,
                     "value": self.term(q.object, explainer), "graph": graphs.get(q.graph_name, str(q.graph_name))}
                    for q in dict.fromkeys(items)]
            anchor = _anchor(subject, iri)
            groups.append({"label": link_text(subject.value, explainer) if isinstance(subject, ox.NamedNode) else str(subject),
                           "href": href(subject.value) if isinstance(subject, ox.NamedNode) else f"#{anchor}",
                           "anchor": anchor, "rows": rows, "is_root": subject == root})
        explanation = None
        if any(True for _ in self.kg.store.quads_for_pattern(root, GENERATED_BY, None)):
            explanation = "\n".join(explainer.tree(iri)).rstrip()
        title = explainer.label(iri)
        if title.startswith("<"):   # no label: a title given with the statements (a graph), else what it is
            titles = {q.object.language: q.object.value for q in quads if q.subject == root
                      and q.predicate.value == TITLE and isinstance(q.object, ox.Literal)}
            title = titles.get(lang) or explainer.describe(root)
        return self.render("resource.html", lang, title, alternates, iri=iri, groups=groups, incoming=incoming,
                           explanation=explanation)

    def term(self, term, explainer: Explainer) -> str:
        """A term as safe HTML: a link with a label, a literal with its language or datatype."""
        if isinstance(term, ox.NamedNode):
            target, text = href(term.value), escape(link_text(term.value, explainer))
            if target is None:
                return f'<span title="{escape(term.value)}">{text}</span>'
            return f'<a href="{escape(target)}" title="{escape(term.value)}">{text}</a>'
        if isinstance(term, ox.BlankNode):
            return f'<a href="#{escape(_anchor(term, ""))}">_:{escape(term.value)}</a>'
        if isinstance(term, ox.Literal):
            note = f"@{term.language}" if term.language else (
                ns.shorten(term.datatype.value) if term.datatype.value != ns.PREFIXES["xsd"] + "string" else "")
            return escape(term.value) + (f' <span class="muted">{escape(note)}</span>' if note else "")
        return escape(str(term))

    # ------------------------------------------------------------------ SPARQL
    def sparql(self, lang: str, query: str = "", result=None, title: str | None = None) -> bytes:
        """The query form, with the results of ``query`` (at most ``HTML_ROWS`` rows or statements:
        a page cannot show millions; the data formats have them all)."""
        table = boolean = graph = None
        explainer = Explainer(self.kg, lang)
        capped = False
        if isinstance(result, ox.QuerySolutions):
            head = [v.value for v in result.variables]
            rows = [[self.term(s[v], explainer) if s[v] is not None else "" for v in head]
                    for s in islice(result, HTML_ROWS + 1)]
            capped, rows = len(rows) > HTML_ROWS, rows[:HTML_ROWS]
            table = {"head": head, "rows": rows}
        elif isinstance(result, ox.QueryBoolean):
            boolean = "true" if bool(result) else "false"
        elif isinstance(result, ox.QueryTriples):
            triples = list(islice(result, HTML_ROWS + 1))
            capped = len(triples) > HTML_ROWS
            graph = ox.serialize(triples[:HTML_ROWS], format=ox.RdfFormat.TURTLE, prefixes=ns.PREFIXES).decode("utf-8")
        return self.render("sparql.html", lang, title or self.words[lang]["sparql"], query=query, table=table,
                           boolean=boolean, graph=graph, capped=capped, limit=HTML_ROWS)

    def queries(self, lang: str, listing: list[dict]) -> bytes:
        return self.render("queries.html", lang, self.words[lang]["named_queries"], queries=listing)

    def error(self, lang: str, status: int, message: str) -> bytes:
        title = self.words[lang]["not_found"] if status == 404 else str(status)
        return self.render("error.html", lang, title, message=message)


def link_text(iri: str, explainer: Explainer) -> str:
    """A link's text: the resource's label, else its IRI relative to the instance base, else the IRI."""
    label = explainer.label(iri)
    if not label.startswith("<"):
        return label
    return iri[len(ns.base()):] if iri.startswith(ns.base()) else iri


def _belongs(node, iri: str) -> bool:
    return isinstance(node, ox.BlankNode) or (isinstance(node, ox.NamedNode) and node.value.startswith(iri + "/"))


def _anchor(node, iri: str) -> str | None:
    """An HTML id for a group: the fragment of a hash IRI (ontology terms), or the blank node."""
    if isinstance(node, ox.BlankNode):
        return f"b-{node.value}"
    value = node.value
    return value.split("#", 1)[1] if "#" in value else None

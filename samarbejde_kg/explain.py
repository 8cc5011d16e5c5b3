"""Explanations: the derivation of an inferred statement as a tree down to the evidence.

Every node the rules create says which rule generated it (``prov:wasGeneratedBy``) and what
it was derived from (``prov:wasDerivedFrom``); stated evidence and descriptions carry their
sources (``dcterms:source``). The tree follows those links. Nothing here knows a model or
indicator: a node is shown by its class label and its ``sk:`` properties with labels.
"""
from __future__ import annotations

from fractions import Fraction
from math import ceil

import pyoxigraph as ox

from . import namespaces as ns
from .errors import InputError
from .store import KnowledgeGraph

PROV = "http://www.w3.org/ns/prov#"
WORDS = {
    "da": {"rule": "regel", "source": "kilde", "stated": "angivet i beskrivelsen", "sources": "kilder",
           "seen": "(se ovenfor)", "more": "…", "not_found": "findes ikke i data eller slutninger",
           "nothing": "intet at forklare: ingen slutninger om",
           "observed": "observeret, tæller", "defeated": "observeret, men tilsidesat", "absent": "fraværende",
           "not_assessed": "ikke vurderet", "dominant": "er dominerende på", "degree": "grad",
           "not_dominant": "er ikke dominerende på", "leader": "højeste grad", "needs": "mangler mindst",
           "more_ind": "flere tællende indikatorer for at blive dominerende (ved lighed deles dominansen)",
           "param_not_assessed": "er ikke vurderet; ingen af dens indikatorer er angivet",
           "no_indicators": "har ingen indikatorer på", "zero": "ingen model har en grad over 0 på parameteren",
           "indicators": "Indikatorer", "because": "fordi", "evidence": "Evidens"},
    "en": {"rule": "rule", "source": "source", "stated": "stated in the description", "sources": "sources",
           "seen": "(see above)", "more": "…", "not_found": "is not in the data or the inferences",
           "nothing": "nothing to explain: no inferences about",
           "observed": "observed, counted", "defeated": "observed, but defeated", "absent": "absent",
           "not_assessed": "not assessed", "dominant": "is dominant on", "degree": "degree",
           "not_dominant": "is not dominant on", "leader": "highest degree", "needs": "needs at least",
           "more_ind": "more counted indicators to become dominant (a tie shares dominance)",
           "param_not_assessed": "is not assessed; none of its indicators is stated",
           "no_indicators": "has no indicators on", "zero": "no model has a degree above 0 on the parameter",
           "indicators": "Indicators", "because": "because", "evidence": "Evidence"},
}
LABELS = (ns.PREFIXES["skos"] + "prefLabel", ns.PREFIXES["rdfs"] + "label", ns.PREFIXES["schema"] + "name")
DEFEATED = ox.NamedNode(ns.SK + "defeatedEvidence")
HIDDEN = {ns.SK + "collaboration", ns.SK + "evidence", ns.SK + "profileCell",
          ns.SK + "conditionHolding", ns.SK + "defeatedEvidence", ns.SK + "message"}


class Explainer:
    def __init__(self, kg: KnowledgeGraph, lang: str = "da", max_depth: int = 12):
        self.kg, self.lang, self.max_depth = kg, lang, max_depth
        self.w = WORDS[lang]

    # ------------------------------------------------------------------ helpers
    def resolve(self, thing: str) -> str:
        return ns.resolve_node(thing).value

    def label(self, iri: str) -> str:
        """The node's label in the chosen language, else one without language, else any, else a CURIE."""
        labels = [o for pred in LABELS for o in self.objects(iri, pred) if isinstance(o, ox.Literal)]
        for wanted in (self.lang, None):
            for literal in labels:
                if literal.language == wanted:
                    return literal.value
        return sorted(lit.value for lit in labels)[0] if labels else ns.shorten(iri)

    def own_label(self, node) -> str | None:
        """The node's own name or label, if it has one (``label`` falls back to a CURIE)."""
        if not any(isinstance(o, ox.Literal) for pred in LABELS for o in self.objects(node, pred)):
            return None
        return self.label(node.value) if isinstance(node, ox.NamedNode) else None

    def objects(self, node, pred: str) -> list:
        return [q.object for q in self.kg.store.quads_for_pattern(_term(node), ox.NamedNode(pred), None)]

    def exists(self, iri: str) -> bool:
        node = ox.NamedNode(iri)
        return any(True for _ in self.kg.store.quads_for_pattern(node, None, None)) or \
            any(True for _ in self.kg.store.quads_for_pattern(None, None, node))

    def describe(self, node) -> str:
        """One line: the node's class and its sk: properties, with labels."""
        node = _term(node)
        types = [t.value for t in self.objects(node, ns.PREFIXES["rdf"] + "type") if isinstance(t, ox.NamedNode)]
        specific = [t for t in types if t.startswith(ns.SK)]
        kind = self.label(sorted(specific, key=len)[-1]) if specific else (
            self.label(node.value) if isinstance(node, ox.NamedNode) else self.w["evidence"])
        if ns.SK + "Collaboration" in types:
            return f"{kind} — {self.collaboration_title(node)}"
        parts = []
        for quad in self.kg.store.quads_for_pattern(node, None, None):
            p, o = quad.predicate.value, quad.object
            if not p.startswith(ns.SK) or p in HIDDEN:
                continue
            if isinstance(o, ox.Literal):
                if o.language and o.language != self.lang:
                    continue
                value = _number(o, self.lang)
            elif isinstance(o, ox.NamedNode):
                value = self.label(o.value)
            else:
                continue
            parts.append(f"{self.label(p)}: {value}")
        message = [q.object.value for q in self.kg.store.quads_for_pattern(node, ox.NamedNode(ns.SK + "message"), None)
                   if q.object.language == self.lang]
        name = self.own_label(node)   # a school, library or administration by its name
        kind = f"{kind} «{name}»" if name else kind
        line = f"{kind}" + (f" — {'; '.join(sorted(set(parts)))}" if parts else "")
        return line + (f"\n    » {message[0]}" if message else "")

    def collaboration_title(self, node) -> str:
        """School – library · municipality · date: how people name a description."""
        names = lambda pred: ", ".join(sorted(self.label(o.value) for o in self.objects(node, ns.SK + pred)  # noqa: E731
                                              if isinstance(o, ox.NamedNode)))
        dates = [o.value for o in self.objects(node, ns.SK + "assessmentDate")]
        return f"{names('school')} – {names('library')} · {names('municipality')} · {', '.join(dates)}"

    def rule_line(self, node) -> str | None:
        rules = self.objects(node, PROV + "wasGeneratedBy")
        if not rules:
            return None
        rule = rules[0].value
        source = self.objects(rule, ns.PREFIXES["dcterms"] + "source")
        text = f"{self.w['rule']}: {self.label(rule)} [{rule.rsplit('/', 1)[-1]}]"
        return text + (f"; {self.w['source']}: {source[0].value}" if source else "")

    def sources(self, node) -> list[str]:
        """The node's own sources; stated evidence without any has those of its description."""
        source = ns.PREFIXES["dcterms"] + "source"
        own = {o.value for o in self.objects(node, source)}
        if not own:
            holders = self.kg.store.quads_for_pattern(None, ox.NamedNode(ns.SK + "evidence"), _term(node))
            own = {o.value for q in holders for o in self.objects(q.subject, source)}
        return sorted(own)

    # ------------------------------------------------------------------ trees
    def tree(self, iri: str) -> list[str]:
        if not self.exists(iri):
            raise InputError(f"<{iri}> {self.w['not_found']}")
        roots = [iri]
        if not self.objects(iri, PROV + "wasGeneratedBy"):
            # a description or other explicit node: explain what was inferred about it
            rows = self.kg.select(
                f"SELECT DISTINCT ?r WHERE {{ ?r sk:collaboration {ox.NamedNode(iri)} ; prov:wasGeneratedBy ?rule . "
                "{ ?r a sk:Classification } UNION { ?r a sk:Finding } } ORDER BY ?r")
            roots = [r["r"] for r in rows] or [iri]
            if roots == [iri]:
                return [self.describe(iri), f"  {self.w['nothing']} <{iri}>"]
        out = []
        for root in roots:
            out.extend(self._node(root, "", "", set(), 0))
            out.append("")
        return out

    def _node(self, iri, prefix, child_prefix, seen, depth):
        iri = _term(iri)
        lines = [prefix + self.describe(iri).replace("\n", "\n" + child_prefix)]
        if iri in seen:
            return [lines[0] + " " + self.w["seen"]]
        seen = seen | {iri}
        details = []
        rule = self.rule_line(iri)
        details.append(rule if rule else self.w["stated"])
        srcs = self.sources(iri)
        if srcs:   # a source may span lines: one line keeps the tree's shape
            details.append(f"{self.w['sources']}: " + "; ".join(" ".join(src.split()) for src in srcs))
        children = sorted({o for o in self.objects(iri, PROV + "wasDerivedFrom") if isinstance(o, (ox.NamedNode, ox.BlankNode))},
                          key=str)
        if not rule:   # stated: derived from nothing
            children = []
        # evidence that does not count shows what defeated it
        children += sorted((q.subject for q in self.kg.store.quads_for_pattern(None, DEFEATED, iri)), key=str)
        for d in details:
            lines.append(child_prefix + ("│  " if children else "   ") + d)
        if depth >= self.max_depth and children:
            lines.append(child_prefix + "└─ " + self.w["more"])
            return lines
        for i, child in enumerate(children):
            last = i == len(children) - 1
            lines.extend(self._node(child, child_prefix + ("└─ " if last else "├─ "),
                                    child_prefix + ("   " if last else "│  "), seen, depth + 1))
        return lines

    # ------------------------------------------------------------------ why not
    def concept(self, text: str, cls: str) -> str:
        """A model or parameter by IRI, CURIE, local name, notation or label (da or en, any case)."""
        rows = self.kg.select(
            f"SELECT ?x ?n (GROUP_CONCAT(LCASE(STR(?l)); separator='|') AS ?ls) WHERE {{ ?x a {ox.NamedNode(cls)} . "
            "OPTIONAL { ?x skos:notation ?n } OPTIONAL { ?x skos:prefLabel ?l } } GROUP BY ?x ?n")
        wanted = text.strip().lower()
        iri = self.resolve(text) if ":" in text else None
        for row in rows:
            local = row["x"].rsplit("#", 1)[-1].rsplit("/", 1)[-1].lower()
            if row["x"] == iri or wanted in ((row["n"] or "").lower(), local) or wanted in (row["ls"] or "").split("|"):
                return row["x"]
        known = ", ".join(sorted(self.label(r["x"]) for r in rows))
        raise InputError(f"no {self.label(cls).lower()} called {text!r}; known: {known}")

    def why_not(self, collaboration: str, parameter: str, model: str) -> list[str]:
        c = self.resolve(collaboration)
        if not any(True for _ in self.kg.store.quads_for_pattern(ox.NamedNode(c), ox.NamedNode(ns.PREFIXES["rdf"] + "type"),
                                                                  ox.NamedNode(ns.SK + "Collaboration"))):
            raise InputError(f"<{c}> is not a collaboration description in the input")
        p, m = self.concept(parameter, ns.SK + "Parameter"), self.concept(model, ns.SK + "Model")
        w, lab = self.w, self.label
        fill = lambda q: q.replace("?c ", f"{ox.NamedNode(c)} ").replace("?p ", f"{ox.NamedNode(p)} ").replace("?m ", f"{ox.NamedNode(m)} ")  # noqa: E731
        indicators = self.kg.select(fill("""
            SELECT ?i ?pos ?status ?defeat WHERE {
              ?i a sk:Indicator ; sk:parameter ?p ; sk:model ?m . OPTIONAL { ?i sk:position ?pos }
              OPTIONAL { ?c sk:evidence ?e . ?e sk:indicator ?i ; sk:status ?status .
                         OPTIONAL { ?d sk:defeatedEvidence ?e ; sk:collaboration ?c ; sk:conditionHolding ?h . ?h sk:condition ?defeat } }
            } ORDER BY ?pos ?i"""))
        head = f"{self.collaboration_title(c)}: {lab(m)} / {lab(p)}"
        out = [head, "=" * len(head)]
        if not indicators:
            return out + [f"{lab(m)} {w['no_indicators']} {lab(p)}."]
        degrees = self.kg.select(fill("""
            SELECT ?model ?counted ?total ?dominant WHERE {
              ?d a sk:Degree ; sk:collaboration ?c ; sk:parameter ?p ; sk:model ?model ;
                 sk:countedIndicators ?counted ; sk:indicatorCount ?total .
              BIND(EXISTS { ?x a sk:DominantModel ; sk:collaboration ?c ; sk:parameter ?p ; sk:model ?model } AS ?dominant)
            }"""))
        if not degrees:
            return out + [f"{lab(p)} {w['param_not_assessed']}."] + self._indicator_lines(indicators)
        mine = next((d for d in degrees if d["model"] == m), None)
        best = max(degrees, key=lambda d: Fraction(d["counted"], d["total"]))
        best_degree = Fraction(best["counted"], best["total"])
        leaders = [lab(d["model"]) for d in degrees if Fraction(d["counted"], d["total"]) == best_degree]
        counted, total = (mine["counted"], mine["total"]) if mine else (0, len(indicators))
        if mine and mine["dominant"]:
            out.append(f"{lab(m)} {w['dominant']} {lab(p)} ({w['degree']} {counted}/{total}).")
        else:
            if best_degree == 0:   # every model at 0: none leads, and none is dominant (DESIGN §2.4)
                out.append(f"{lab(m)} {w['not_dominant']} {lab(p)}: {w['degree']} {counted}/{total}; {w['zero']}.")
                needed = 1
            else:
                out.append(f"{lab(m)} {w['not_dominant']} {lab(p)}: {w['degree']} {counted}/{total}; "
                           f"{w['leader']}: {', '.join(leaders)} ({best['counted']}/{best['total']}).")
                needed = max(1, ceil(best_degree * total - counted))
            out.append(f"{lab(m)} {w['needs']} {needed} {w['more_ind']}.")
        return out + self._indicator_lines(indicators)

    def _indicator_lines(self, rows) -> list[str]:
        w, lab = self.w, self.label
        out = [f"{w['indicators']}:"]
        defeats: dict[str, list[str]] = {}   # an indicator defeated by several conditions is one line
        for row in rows:
            defeats.setdefault(row["i"], []).extend([lab(row["defeat"])] if row["defeat"] else [])
        for row in rows:
            if row["i"] not in defeats:
                continue
            because = sorted(set(defeats.pop(row["i"])))
            if row["status"] is None:
                state = w["not_assessed"]
            elif row["status"].endswith("Absent"):
                state = w["absent"]
            elif because:
                state = f"{w['defeated']} ({w['because']} {'; '.join(because)})"
            else:
                state = w["observed"]
            mark = "✓" if state == w["observed"] else "✗"
            out.append(f"  {mark} {lab(row['i'])}: {state}")
        return out


def _term(node):
    return node if isinstance(node, (ox.NamedNode, ox.BlankNode)) else ox.NamedNode(node)


def _number(literal: ox.Literal, lang: str = "en") -> str:
    """A number as people read it: two decimals, with a decimal comma in Danish."""
    if literal.datatype.value.endswith(("#decimal", "#double", "#float")):
        text = f"{float(literal.value):.2f}"
        return text.replace(".", ",") if lang == "da" else text
    return literal.value

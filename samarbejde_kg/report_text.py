"""The validation report for people: grouped by collaboration and severity, in Danish or English.

Each result names the field, the offending value and the fix; collaborations are named by
school, library, municipality and date, never by a blank node id.
"""
from __future__ import annotations

from collections import defaultdict

from .validation import SEVERITIES, Result, Term, ValidationReport, pick, short

WORDS = {
    "da": {
        "Violation": ("Overtrædelse", "Overtrædelser"), "Warning": ("Advarsel", "Advarsler"), "Info": ("Bemærkning", "Bemærkninger"),
        "field": "felt", "value": "værdi", "fix": "ret", "item": "element", "file": "fil", "files": "filer", "other": "Uden for en samarbejdsbeskrivelse",
        "summary": "Validering af {n} samarbejdsbeskrivelse(r) i {files} fil(er): {v} overtrædelse(r), {w} advarsel(er), {i} bemærkning(er).",
        "clean": "Uden fund ({n}):",
        "none": "Ingen samarbejdsbeskrivelser fundet (intet er typet sk:Collaboration).",
        "conforms": "Resultat: gyldig. Advarsler og bemærkninger forhindrer ikke ræsonnementet.",
        "fails": "Resultat: ugyldig. Ret overtrædelserne, før beskrivelserne bruges af ræsonnøren.",
    },
    "en": {
        "Violation": ("Violation", "Violations"), "Warning": ("Warning", "Warnings"), "Info": ("Info", "Infos"),
        "field": "field", "value": "value", "fix": "fix", "item": "item", "file": "file", "files": "files", "other": "Outside any collaboration description",
        "summary": "Validated {n} collaboration description(s) in {files} file(s): {v} violation(s), {w} warning(s), {i} info(s).",
        "clean": "Without findings ({n}):",
        "none": "No collaboration descriptions found (nothing is typed sk:Collaboration).",
        "conforms": "Result: conforms. Warnings and infos do not stop the reasoning.",
        "fails": "Result: does not conform. Fix the violations before the reasoner uses the descriptions.",
    },
}


def term_text(term: Term | None, labels: dict, lang: str) -> str:
    if term is None:
        return ""
    if term.kind == "literal":
        quoted = f"\"{term.value}\""
        if term.lang:
            return f"{quoted}@{term.lang}"
        if term.datatype and not term.datatype.endswith("#string"):
            return f"{quoted}^^{short(Term('iri', term.datatype))}"
        return quoted
    label = pick(labels.get(term, {}), lang)
    name = short(term)
    return f"{label} ({name})" if label and label != name else name


def render(report: ValidationReport, labels: dict, lang: str = "da", files: int = 0) -> str:
    w = WORDS[lang]
    lines = [w["summary"].format(n=len(report.descriptions), files=files, v=report.count("Violation"),
                                 w=report.count("Warning"), i=report.count("Info")), ""]
    groups: dict = defaultdict(list)
    for r in report.results:
        groups[r.collaboration].append(r)
    for d in report.descriptions:
        if d.node not in groups:
            continue
        lines.append(d.name.get(lang) or d.name.get("da", ""))
        if d.file:
            lines.append(f"  {w['files' if ', ' in d.file else 'file']}: {d.file}")
        lines += section(groups.pop(d.node), d.node, labels, lang)
        lines.append("")
    rest = [r for key, rs in groups.items() for r in rs]
    if rest:
        lines.append(w["other"])
        lines += section(rest, None, labels, lang)
        lines.append("")
    with_findings = {r.collaboration for r in report.results}
    clean = [d for d in report.descriptions if d.node not in with_findings]
    if not report.descriptions:
        lines.append(w["none"])
    elif clean:
        lines.append(w["clean"].format(n=len(clean)))
        for d in clean:
            where = f"  ({d.file})" if d.file else ""
            lines.append(f"  - {d.name.get(lang) or d.name.get('da', '')}{where}")
        lines.append("")
    lines.append(w["conforms"] if report.conforms else w["fails"])
    return "\n".join(lines) + "\n"


def section(results: list[Result], node: Term | None, labels: dict, lang: str) -> list[str]:
    w = WORDS[lang]
    out = []
    for severity in SEVERITIES:
        chosen = [r for r in results if r.severity == severity]
        if not chosen:
            continue
        one, many = w[severity]
        out.append(f"  {many if len(chosen) > 1 else one} ({len(chosen)})")
        grouped: dict = {}
        for r in chosen:
            grouped.setdefault((r.shape, r.focus, r.path), []).append(r)
        for (_, focus, path), rs in grouped.items():
            r = rs[0]
            out.append(f"    - {r.messages.get(lang) or r.messages.get('da') or r.messages.get('en') or short(Term('iri', r.shape))}")
            details = []
            if focus != node and focus.kind == "iri":
                shown = focus.value
                if node is not None and node.kind == "iri" and shown.startswith(node.value + "/"):
                    shown = "…" + shown[len(node.value):]
                else:
                    shown = short(focus)
                details.append(f"{w['item']}: {shown}")
            if path is not None:
                details.append(f"{w['field']}: {term_text(path, labels, lang)}")
            values = [term_text(x.value, labels, lang) for x in rs if x.value is not None]
            if values:
                details.append(f"{w['value']}: {'; '.join(values)}")
            if details:
                out.append("      " + " · ".join(details))
            fix = r.fix.get(lang) or r.fix.get("da")
            if fix:
                out.append(f"      {w['fix']}: {fix}")
    return out

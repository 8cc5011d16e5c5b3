"""A rule's lean text (without provenance links) is the rule, less those links, however
the template is written; where it cannot be rewritten the full text is kept."""
from samarbejde_kg import namespaces as ns
from samarbejde_kg.rules import insert_template
from samarbejde_kg.templates import lean_text, template_span

HEAD = """PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX prov: <http://www.w3.org/ns/prov#>
# a comment with { a brace
"""


def lean(body: str) -> str | None:
    text = HEAD + body
    return lean_text(text, insert_template(text), ns.INFERRED_GRAPH)


def shapes(text):
    return sorted(" ".join(x.n3() for x in t) for t in insert_template(text))


def test_provenance_links_are_left_out_and_everything_else_kept():
    body = f"""INSERT {{ GRAPH <{ns.INFERRED_GRAPH}> {{
  ?x a sk:Thing ; sk:label "a }} brace # and no comment" ;
     prov:wasGeneratedBy <https://w3id.org/samarbejde-kg/rule/r> ; prov:wasDerivedFrom ?c , ?d .
}} }}
WHERE {{ ?c sk:has ?d . BIND(IRI(CONCAT(STR(?c), "/x")) AS ?x) FILTER(1 < 2) }}"""
    text = lean(body)
    assert "wasDerivedFrom" not in text and "wasGeneratedBy" not in text
    assert shapes(text) == [t for t in shapes(HEAD + body) if "prov#" not in t]
    assert text.endswith(body[body.index("WHERE"):])


def test_a_rule_writing_only_provenance_has_no_lean_text():
    assert lean(f"INSERT {{ GRAPH <{ns.INFERRED_GRAPH}> {{ ?d prov:wasDerivedFrom ?e }} }} WHERE {{ ?d sk:of ?e }}") is None


def test_a_rule_without_provenance_is_unchanged():
    body = f"INSERT {{ GRAPH <{ns.INFERRED_GRAPH}> {{ ?d sk:of ?e }} }} WHERE {{ ?d sk:from ?e }}"
    assert lean(body) == HEAD + body


def test_the_template_is_found_past_comments_strings_and_iris():
    text = '# INSERT { no\nPREFIX a: <urn:{x}>\nINSERT { GRAPH <urn:g> { ?s a:p "}" } } WHERE { ?s a:q ?o }'
    start, end = template_span(text)
    assert text[start:end] == '{ GRAPH <urn:g> { ?s a:p "}" } }'

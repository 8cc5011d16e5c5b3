# id: degree-evidence
# label@da: Evidens bag en grad
# label@en: Evidence behind a degree
# comment@en: Links each degree to the observed, undefeated evidence it counted, so an explanation reaches down to the evidence.
# source: DESIGN §2.9
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?d prov:wasDerivedFrom ?e .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  ?c sk:evidence ?e .
  ?e sk:indicator ?i ; sk:status sk:Observed .
  ?i a sk:Indicator ; sk:parameter ?p ; sk:model ?m .
  ?p skos:notation ?pn . ?m skos:notation ?mn .
  # the degree node of (?c, ?p, ?m) has a deterministic IRI: look it up directly
  BIND(IRI(CONCAT(STR(?c), "/grad/", STR(?pn), "/", STR(?mn))) AS ?d)
  FILTER EXISTS { ?d a sk:Degree }
  FILTER NOT EXISTS { ?defeat a sk:Defeat ; sk:defeatedEvidence ?e ; sk:collaboration ?c }
}

# id: defeat
# label@da: Tilsidesat evidens
# label@en: Defeated evidence
# comment@en: An observed indicator does not count when a condition that defeats it (sk:defeatedBy) holds, e.g. an offer catalogue that is not aligned with the schools' needs or not communicated to the teachers.
# source: DESIGN §2.2; rapporten: "hvis kataloget ikke er afstemt med skolernes behov ... eller ikke bliver formidlet til lærerne"
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?d a sk:Defeat ; sk:collaboration ?c ; sk:defeatedEvidence ?e ; sk:conditionHolding ?h ;
     prov:wasGeneratedBy skr:defeat ; prov:wasDerivedFrom ?e , ?h .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  ?c sk:evidence ?e .
  ?e sk:indicator ?i ; sk:status sk:Observed .
  ?i sk:defeatedBy ?cond ; skos:notation ?in .
  ?h a sk:ConditionHolding ; sk:collaboration ?c ; sk:condition ?cond .
  ?cond skos:notation ?cn .
  BIND(IRI(CONCAT(STR(?c), "/tilsidesat/", STR(?in), "/", STR(?cn))) AS ?d)
}

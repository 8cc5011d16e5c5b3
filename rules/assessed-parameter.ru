# id: assessed-parameter
# label@da: Vurderet parameter
# label@en: Assessed parameter
# comment@en: A parameter is assessed when at least one of its indicators is observed or absent (stated or derived).
# source: DESIGN §2.3
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?a a sk:ParameterAssessment ; sk:collaboration ?c ; sk:parameter ?p ;
     prov:wasGeneratedBy skr:assessed-parameter ; prov:wasDerivedFrom ?e .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  ?c sk:evidence ?e .
  ?e sk:indicator ?i ; sk:status ?status .
  ?status a sk:EvidenceStatus .
  ?i a sk:Indicator ; sk:parameter ?p .
  ?p skos:notation ?pn .
  BIND(IRI(CONCAT(STR(?c), "/vurdering/", STR(?pn))) AS ?a)
}

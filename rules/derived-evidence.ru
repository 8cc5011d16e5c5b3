# id: derived-evidence
# label@da: Udledt evidens
# label@en: Derived evidence
# comment@en: When a condition holds and an indicator is declared derivable from it (sk:derivableFrom), the indicator counts as observed unless the description assessed it itself.
# source: DESIGN §2.1; rapporten: skoler og folkebiblioteker i hver deres forvaltning
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?c sk:evidence ?e .
  ?e a sk:Evidence , sk:DerivedEvidence ; sk:collaboration ?c ; sk:indicator ?i ; sk:status sk:Observed ;
     sk:conditionHolding ?h ;
     prov:wasGeneratedBy skr:derived-evidence ; prov:wasDerivedFrom ?h .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
USING NAMED <https://w3id.org/samarbejde-kg/graph/data>
WHERE {
  ?i sk:derivableFrom ?cond ; skos:notation ?n .
  ?h sk:condition ?cond ; a sk:ConditionHolding ; sk:collaboration ?c .
  FILTER NOT EXISTS { GRAPH <https://w3id.org/samarbejde-kg/graph/data> { ?c sk:evidence ?stated . ?stated sk:indicator ?i } }
  BIND(IRI(CONCAT(STR(?c), "/udledt-evidens/", STR(?n))) AS ?e)
}

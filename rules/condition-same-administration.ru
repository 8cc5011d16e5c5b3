# id: condition-same-administration
# label@da: Skole og bibliotek i samme forvaltning
# label@en: School and library in the same administration
# comment@en: The condition sk:SameAdministration holds when the school and the library belong to one and the same administration.
# source: DESIGN §2.7 (claim versus structure)
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?h a sk:ConditionHolding ; sk:collaboration ?c ; sk:condition sk:SameAdministration ;
     sk:basedOnFact sk:schoolAdministration , sk:libraryAdministration ;
     prov:wasGeneratedBy skr:condition-same-administration ; prov:wasDerivedFrom ?c , ?a .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  ?c a sk:Collaboration ; sk:schoolAdministration ?a ; sk:libraryAdministration ?a .
  sk:SameAdministration skos:notation ?n .
  BIND(IRI(CONCAT(STR(?c), "/betingelse/", STR(?n))) AS ?h)
}

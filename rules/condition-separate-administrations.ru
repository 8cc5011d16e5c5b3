# id: condition-separate-administrations
# label@da: Skole og bibliotek i hver sin forvaltning
# label@en: School and library in separate administrations
# comment@en: The condition sk:SeparateAdministrations holds when the school's and the library's administrations are both given and differ.
# source: Rapporten: "hvis skoler og folkebiblioteker hører til hver deres forvaltning"
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?h a sk:ConditionHolding ; sk:collaboration ?c ; sk:condition sk:SeparateAdministrations ;
     sk:basedOnFact sk:schoolAdministration , sk:libraryAdministration ;
     prov:wasGeneratedBy skr:condition-separate-administrations ; prov:wasDerivedFrom ?c , ?sa , ?la .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  ?c a sk:Collaboration ; sk:schoolAdministration ?sa ; sk:libraryAdministration ?la .
  sk:SeparateAdministrations skos:notation ?n .
  FILTER NOT EXISTS { ?c sk:schoolAdministration ?x . ?c sk:libraryAdministration ?x }
  BIND(IRI(CONCAT(STR(?c), "/betingelse/", STR(?n))) AS ?h)
}

# id: condition-from-facts
# label@da: Betingelse ud fra strukturelle forhold
# label@en: Condition from structural facts
# comment@en: A condition that declares required facts (sk:requiresFact) holds for a description that states every required property with the required value and none of the facts the condition excludes (sk:unlessFact).
# source: DESIGN §2 (structural facts); rapportens eksempel med tilbudskataloget og rammer og ressourcer
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?h a sk:ConditionHolding ; sk:collaboration ?c ; sk:condition ?cond ; sk:basedOnFact ?prop ;
     prov:wasGeneratedBy skr:condition-from-facts ; prov:wasDerivedFrom ?c .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
USING NAMED <https://w3id.org/samarbejde-kg/graph/data>
WHERE {
  ?cond a sk:Condition ; skos:notation ?n ; sk:requiresFact ?required .
  ?required sk:factProperty ?prop .
  GRAPH <https://w3id.org/samarbejde-kg/graph/data> { ?c a sk:Collaboration }
  FILTER NOT EXISTS {
    ?cond sk:requiresFact ?r . ?r sk:factProperty ?p ; sk:factValue ?v .
    FILTER NOT EXISTS { GRAPH <https://w3id.org/samarbejde-kg/graph/data> { ?c ?p ?v } }
  }
  FILTER NOT EXISTS {
    ?cond sk:unlessFact ?u . ?u sk:factProperty ?up ; sk:factValue ?uv .
    GRAPH <https://w3id.org/samarbejde-kg/graph/data> { ?c ?up ?uv }
  }
  BIND(IRI(CONCAT(STR(?c), "/betingelse/", STR(?n))) AS ?h)
}

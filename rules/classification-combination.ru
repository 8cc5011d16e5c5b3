# id: classification-combination
# label@da: Kombination af modeller
# label@en: Combination of models
# comment@en: More than one model is dominant across the assessed parameters (including ties on one parameter).
# source: DESIGN §2.6; rapporten: samarbejdet kan være "karakteriseret ved en kombination af modeller"
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?k a sk:Classification ; sk:collaboration ?c ; sk:classificationKind sk:Combination ;
     prov:wasGeneratedBy skr:classification-combination ; prov:wasDerivedFrom ?dm .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  { SELECT ?c (COUNT(DISTINCT ?m) AS ?models) WHERE { ?x a sk:DominantModel ; sk:collaboration ?c ; sk:model ?m } GROUP BY ?c }
  FILTER(?models >= 2)
  ?dm a sk:DominantModel ; sk:collaboration ?c .
  sk:Combination skos:notation ?kn .
  BIND(IRI(CONCAT(STR(?c), "/klassifikation/", STR(?kn))) AS ?k)
}

# id: classification-predominantly
# label@da: Overvejende model
# label@en: Predominantly one model
# comment@en: A collaboration is predominantly model M when M is the sole dominant model on every assessed parameter.
# source: DESIGN §2.6
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?k a sk:Classification ; sk:collaboration ?c ; sk:classificationKind sk:Predominantly ; sk:model ?m ;
     prov:wasGeneratedBy skr:classification-predominantly ; prov:wasDerivedFrom ?dm .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  ?dm a sk:DominantModel ; sk:collaboration ?c ; sk:model ?m .
  FILTER NOT EXISTS {
    ?a a sk:ParameterAssessment ; sk:collaboration ?c ; sk:parameter ?p .
    FILTER NOT EXISTS { ?dm1 a sk:DominantModel ; sk:collaboration ?c ; sk:parameter ?p ; sk:model ?m }
  }
  FILTER NOT EXISTS { ?dm2 a sk:DominantModel ; sk:collaboration ?c ; sk:model ?other . FILTER(?other != ?m) }
  sk:Predominantly skos:notation ?kn . ?m skos:notation ?mn .
  BIND(IRI(CONCAT(STR(?c), "/klassifikation/", STR(?kn), "/", STR(?mn))) AS ?k)
}

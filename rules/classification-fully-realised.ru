# id: classification-fully-realised
# label@da: Fuldt realiseret model
# label@en: Fully realised model
# comment@en: A collaboration fully realises a model when every indicator of the model (on every parameter) is observed and counted.
# source: DESIGN §2.6; rapporten: "en fuldt integreret samskabelsesmodel"
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?k a sk:Classification ; sk:collaboration ?c ; sk:classificationKind sk:FullyRealised ; sk:model ?m ;
     prov:wasGeneratedBy skr:classification-fully-realised ; prov:wasDerivedFrom ?d .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  { SELECT ?c ?m (COUNT(DISTINCT ?i) AS ?counted) WHERE {
        ?c sk:evidence ?e . ?e sk:indicator ?i ; sk:status sk:Observed .
        ?i a sk:Indicator ; sk:model ?m .
        FILTER NOT EXISTS { ?defeat a sk:Defeat ; sk:defeatedEvidence ?e ; sk:collaboration ?c }
    } GROUP BY ?c ?m }
  { SELECT ?m (COUNT(DISTINCT ?j) AS ?total) WHERE { ?j a sk:Indicator ; sk:model ?m } GROUP BY ?m }
  FILTER(?counted = ?total)
  ?d a sk:Degree ; sk:collaboration ?c ; sk:model ?m .
  sk:FullyRealised skos:notation ?kn . ?m skos:notation ?mn .
  BIND(IRI(CONCAT(STR(?c), "/klassifikation/", STR(?kn), "/", STR(?mn))) AS ?k)
}

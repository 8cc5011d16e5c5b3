# id: classification-predominantly
# label@da: Overvejende model
# label@en: Predominantly one model
# comment@en: A collaboration is predominantly model M when M is the sole dominant model on every assessed parameter (counted: M is the only model dominant anywhere, and dominant on as many parameters as are assessed).
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
  # exactly one model is dominant anywhere in the description ...
  { SELECT ?c (COUNT(DISTINCT ?any) AS ?models) WHERE {
      ?x1 a sk:DominantModel ; sk:collaboration ?c ; sk:model ?any } GROUP BY ?c }
  FILTER(?models = 1)
  # ... and it is dominant on every assessed parameter
  { SELECT ?c ?m (COUNT(DISTINCT ?p) AS ?levels) WHERE {
      ?x2 a sk:DominantModel ; sk:collaboration ?c ; sk:model ?m ; sk:parameter ?p } GROUP BY ?c ?m }
  { SELECT ?c (COUNT(DISTINCT ?q) AS ?assessed) WHERE {
      ?a a sk:ParameterAssessment ; sk:collaboration ?c ; sk:parameter ?q } GROUP BY ?c }
  FILTER(?levels = ?assessed)
  ?dm sk:collaboration ?c ; sk:model ?m ; a sk:DominantModel .
  sk:Predominantly skos:notation ?kn . ?m skos:notation ?mn .
  BIND(IRI(CONCAT(STR(?c), "/klassifikation/", STR(?kn), "/", STR(?mn))) AS ?k)
}

# id: classification-several-levels
# label@da: Model på flere niveauer
# label@en: Model on several levels
# comment@en: A model that is dominant on at least two parameters without being fully realised, e.g. co-creation on several levels without a fully integrated co-creation model.
# source: DESIGN §2.6; rapporten: "samskabelse på flere niveauer, uden at der er tale om en fuldt integreret samskabelsesmodel"
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?k a sk:Classification ; sk:collaboration ?c ; sk:classificationKind sk:SeveralLevels ; sk:model ?m ;
     prov:wasGeneratedBy skr:classification-several-levels ; prov:wasDerivedFrom ?dm .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  { SELECT ?c ?m (COUNT(DISTINCT ?p) AS ?levels) WHERE {
      ?x a sk:DominantModel ; sk:collaboration ?c ; sk:model ?m ; sk:parameter ?p
    } GROUP BY ?c ?m }
  FILTER(?levels >= 2)
  { SELECT ?m (COUNT(DISTINCT ?j) AS ?total) WHERE { ?j a sk:Indicator ; sk:model ?m } GROUP BY ?m }
  OPTIONAL { { SELECT ?c ?m (COUNT(DISTINCT ?i) AS ?counted) WHERE {
        ?c sk:evidence ?e . ?e sk:indicator ?i ; sk:status sk:Observed .
        ?i a sk:Indicator ; sk:model ?m .
        FILTER NOT EXISTS { ?defeat a sk:Defeat ; sk:defeatedEvidence ?e ; sk:collaboration ?c }
    } GROUP BY ?c ?m } }
  FILTER(COALESCE(?counted, 0) < ?total)
  ?dm a sk:DominantModel ; sk:collaboration ?c ; sk:model ?m .
  sk:SeveralLevels skos:notation ?kn . ?m skos:notation ?mn .
  BIND(IRI(CONCAT(STR(?c), "/klassifikation/", STR(?kn), "/", STR(?mn))) AS ?k)
}

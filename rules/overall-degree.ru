# id: overall-degree
# label@da: Samlet grad
# label@en: Overall degree
# comment@en: The overall degree of a model is the mean of its degrees over the assessed parameters. Rounded to 12 decimal places (rules/README.md, "Numbers").
# source: DESIGN §2.5
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?o a sk:OverallDegree ; sk:collaboration ?c ; sk:model ?m ; sk:degree ?mean ; sk:assessedParameters ?n ;
     prov:wasGeneratedBy skr:overall-degree ; prov:wasDerivedFrom ?d .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  { SELECT ?c ?m (AVG(?x) AS ?exact) (COUNT(DISTINCT ?p) AS ?n) WHERE {
      ?any a sk:Degree ; sk:collaboration ?c ; sk:model ?m ; sk:parameter ?p ;
        sk:countedIndicators ?k ; sk:indicatorCount ?t .
      BIND(?k / ?t AS ?x)   # the exact fraction, not the rounded degree
    } GROUP BY ?c ?m }
  ?d a sk:Degree ; sk:collaboration ?c ; sk:model ?m .
  ?m skos:notation ?mn .
  BIND(ROUND(?exact * 1000000000000) / 1000000000000 AS ?mean)
  BIND(IRI(CONCAT(STR(?c), "/samlet-grad/", STR(?mn))) AS ?o)
}

# id: municipal-profile-cell
# label@da: Kommuneprofilens celler
# label@en: Municipal profile cells
# comment@en: Per parameter and model: the mean degree over the profile's collaborations in which the parameter is assessed, and how many collaborations have the model dominant there. The mean is rounded to 12 decimal places (rules/README.md, "Numbers").
# source: DESIGN §2.8 (mean degrees, distribution of dominant models across schools)
# scope: municipality
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?profile sk:profileCell ?cell .
  ?cell a sk:ProfileCell ; sk:parameter ?p ; sk:model ?m ; sk:meanDegree ?mean ; sk:dominantCount ?dominant ;
     sk:collaborationCount ?assessed ;
     prov:wasGeneratedBy skr:municipal-profile-cell ; prov:wasDerivedFrom ?profile .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  ?profile a sk:MunicipalProfile ; sk:municipality ?mun ; sk:assessmentDate ?date .
  { SELECT ?mun ?date ?p ?m (AVG(?x) AS ?exact) (COUNT(DISTINCT ?c) AS ?assessed) WHERE {
      ?c a sk:Collaboration ; sk:municipality ?mun ; sk:assessmentDate ?date .
      ?d a sk:Degree ; sk:collaboration ?c ; sk:parameter ?p ; sk:model ?m ;
         sk:countedIndicators ?k ; sk:indicatorCount ?t .
      BIND(?k / ?t AS ?x)   # the exact fraction, not the rounded degree
  } GROUP BY ?mun ?date ?p ?m }
  OPTIONAL { { SELECT ?mun ?date ?p ?m (COUNT(DISTINCT ?c2) AS ?dom) WHERE {
      ?c2 a sk:Collaboration ; sk:municipality ?mun ; sk:assessmentDate ?date .
      ?dm a sk:DominantModel ; sk:collaboration ?c2 ; sk:parameter ?p ; sk:model ?m .
  } GROUP BY ?mun ?date ?p ?m } }
  BIND(COALESCE(?dom, 0) AS ?dominant)
  BIND(ROUND(?exact * 1000000000000) / 1000000000000 AS ?mean)
  ?p skos:notation ?pn . ?m skos:notation ?mn .
  BIND(IRI(CONCAT(STR(?profile), "/", STR(?pn), "/", STR(?mn))) AS ?cell)
}

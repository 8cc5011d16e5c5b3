# id: municipal-profile-change
# label@da: Kommuneprofilens udvikling
# label@en: Change of a municipal profile
# comment@en: Between two consecutive assessment dates of a municipality: the change of the mean degree per parameter and model.
# source: DESIGN §2.8 (change between dates)
# scope: municipality
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?change a sk:ProfileChange ; sk:municipality ?mun ; sk:fromProfile ?p1 ; sk:toProfile ?p2 ;
     sk:parameter ?p ; sk:model ?m ; sk:degreeChange ?delta ;
     prov:wasGeneratedBy skr:municipal-profile-change ; prov:wasDerivedFrom ?cell1 , ?cell2 .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  # each assessment date of a municipality and the next one (the smallest later date)
  { SELECT ?mun ?d1 (MIN(?later) AS ?d2) WHERE {
      { SELECT ?mun ?d1 WHERE { ?a a sk:MunicipalProfile ; sk:municipality ?mun ; sk:assessmentDate ?d1 } }
      { SELECT ?mun ?later WHERE { ?b a sk:MunicipalProfile ; sk:municipality ?mun ; sk:assessmentDate ?later } }
      FILTER(?later > ?d1)
  } GROUP BY ?mun ?d1 }
  # the cells of both profiles (sub-selects keep the joins on the shared keys)
  { SELECT ?mun ?d1 ?p1 ?cell1 ?p ?m ?x1 WHERE {
      ?p1 a sk:MunicipalProfile ; sk:municipality ?mun ; sk:assessmentDate ?d1 ; sk:profileCell ?cell1 .
      ?cell1 a sk:ProfileCell ; sk:parameter ?p ; sk:model ?m ; sk:meanDegree ?x1 } }
  { SELECT ?mun ?d2 ?p2 ?cell2 ?p ?m ?x2 WHERE {
      ?p2 a sk:MunicipalProfile ; sk:municipality ?mun ; sk:assessmentDate ?d2 ; sk:profileCell ?cell2 .
      ?cell2 a sk:ProfileCell ; sk:parameter ?p ; sk:model ?m ; sk:meanDegree ?x2 } }
  BIND(?x2 - ?x1 AS ?delta)
  ?p skos:notation ?pn . ?m skos:notation ?mn .
  BIND(IRI(CONCAT(STR(?mun), "/udvikling/", STR(?d1), "--", STR(?d2), "/", STR(?pn), "/", STR(?mn))) AS ?change)
}

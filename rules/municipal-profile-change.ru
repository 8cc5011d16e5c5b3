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
  # consecutive assessment dates of one municipality
  { SELECT ?mun ?p1 ?p2 ?d1 ?d2 WHERE {
      ?p1 a sk:MunicipalProfile ; sk:municipality ?mun ; sk:assessmentDate ?d1 .
      ?p2 sk:municipality ?mun ; a sk:MunicipalProfile ; sk:assessmentDate ?d2 .
      FILTER(?d1 < ?d2)
      FILTER NOT EXISTS {
        ?p3 sk:municipality ?mun ; a sk:MunicipalProfile ; sk:assessmentDate ?d3 .
        FILTER(?d1 < ?d3 && ?d3 < ?d2)
      }
  } }
  ?p2 sk:profileCell ?cell2 .
  ?cell2 a sk:ProfileCell ; sk:parameter ?p ; sk:model ?m ; sk:meanDegree ?x2 .
  ?p skos:notation ?pn . ?m skos:notation ?mn .
  # the same cell of the earlier profile has a deterministic IRI: look it up directly
  BIND(IRI(CONCAT(STR(?p1), "/", STR(?pn), "/", STR(?mn))) AS ?cell1)
  ?cell1 sk:meanDegree ?x1 .
  BIND(?x2 - ?x1 AS ?delta)
  BIND(IRI(CONCAT(STR(?mun), "/udvikling/", STR(?d1), "--", STR(?d2), "/", STR(?pn), "/", STR(?mn))) AS ?change)
}

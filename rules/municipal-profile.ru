# id: municipal-profile
# label@da: Kommuneprofil
# label@en: Municipal profile
# comment@en: One profile per municipality and assessment date, over the municipality's collaborations assessed that date.
# source: DESIGN §2.8
# scope: municipality
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?profile a sk:MunicipalProfile ; sk:municipality ?mun ; sk:assessmentDate ?date ; sk:collaborationCount ?n ;
     prov:wasGeneratedBy skr:municipal-profile ; prov:wasDerivedFrom ?c .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  { SELECT ?mun ?date (COUNT(DISTINCT ?x) AS ?n) WHERE {
      ?x a sk:Collaboration ; sk:municipality ?mun ; sk:assessmentDate ?date
  } GROUP BY ?mun ?date }
  ?c a sk:Collaboration ; sk:municipality ?mun ; sk:assessmentDate ?date .
  BIND(IRI(CONCAT(STR(?mun), "/profil/", STR(?date))) AS ?profile)
}

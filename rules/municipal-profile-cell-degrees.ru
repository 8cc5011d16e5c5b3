# id: municipal-profile-cell-degrees
# label@da: Graderne bag en kommuneprofils celle
# label@en: Degrees behind a municipal profile cell
# comment@en: Links each cell of a municipal profile to the degrees its mean is taken over, so an explanation of the mean reaches the degrees and their evidence.
# source: DESIGN §2.8, §2.9
# scope: municipality
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?cell prov:wasDerivedFrom ?d .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  ?d a sk:Degree ; sk:collaboration ?c ; sk:parameter ?p ; sk:model ?m .
  ?c a sk:Collaboration ; sk:municipality ?mun ; sk:assessmentDate ?date .
  ?p skos:notation ?pn . ?m skos:notation ?mn .
  # the cell of (?mun, ?date, ?p, ?m) has a deterministic IRI: look it up directly
  BIND(IRI(CONCAT(STR(?mun), "/profil/", STR(?date), "/", STR(?pn), "/", STR(?mn))) AS ?cell)
  FILTER EXISTS { ?cell a sk:ProfileCell }
}

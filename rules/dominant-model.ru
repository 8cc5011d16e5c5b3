# id: dominant-model
# label@da: Dominerende model
# label@en: Dominant model
# comment@en: Every model with the highest degree on a parameter is dominant there, if that degree is above 0; ties give several dominant models (a mixed parameter).
# source: DESIGN §2.4; rapporten: modellerne er ikke skarpt adskilte og gensidigt udelukkende
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?dm a sk:DominantModel ; sk:collaboration ?c ; sk:parameter ?p ; sk:model ?m ; sk:degree ?max ;
     prov:wasGeneratedBy skr:dominant-model ; prov:wasDerivedFrom ?d .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  { SELECT ?c ?p (MAX(?x) AS ?max) WHERE { ?any a sk:Degree ; sk:collaboration ?c ; sk:parameter ?p ; sk:degree ?x } GROUP BY ?c ?p }
  FILTER(?max > 0)
  ?d a sk:Degree ; sk:collaboration ?c ; sk:parameter ?p ; sk:model ?m ; sk:degree ?max .
  ?p skos:notation ?pn . ?m skos:notation ?mn .
  BIND(IRI(CONCAT(STR(?c), "/dominerende/", STR(?pn), "/", STR(?mn))) AS ?dm)
}

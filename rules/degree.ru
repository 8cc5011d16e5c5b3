# id: degree
# label@da: Grad af modelrealisering pr. parameter
# label@en: Degree of model realisation per parameter
# comment@en: degree(C,P,M) = counted observed indicators of (P,M) / indicators of (P,M) in the ontology, for every assessed parameter P and every model M with indicators on P. Defeated evidence does not count. The denominator comes from the ontology. Rounded to 12 decimal places (rules/README.md, "Numbers").
# source: DESIGN §2.3; rapportens figur 1
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?d a sk:Degree ; sk:collaboration ?c ; sk:parameter ?p ; sk:model ?m ; sk:degree ?degree ;
     sk:countedIndicators ?counted ; sk:indicatorCount ?total ;
     prov:wasGeneratedBy skr:degree ; prov:wasDerivedFrom ?a .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  {
    SELECT ?c ?p ?m ?a (COUNT(DISTINCT ?ok) AS ?counted) WHERE {
      ?a a sk:ParameterAssessment ; sk:collaboration ?c ; sk:parameter ?p .
      { SELECT DISTINCT ?p ?m WHERE { ?x a sk:Indicator ; sk:parameter ?p ; sk:model ?m } }
      OPTIONAL {
        ?c sk:evidence ?e .
        ?e sk:indicator ?ok ; sk:status sk:Observed .
        ?ok a sk:Indicator ; sk:parameter ?p ; sk:model ?m .
        FILTER NOT EXISTS { ?defeat a sk:Defeat ; sk:defeatedEvidence ?e ; sk:collaboration ?c }
      }
    } GROUP BY ?c ?p ?m ?a
  }
  { SELECT ?p ?m (COUNT(DISTINCT ?i) AS ?total) WHERE { ?i a sk:Indicator ; sk:parameter ?p ; sk:model ?m } GROUP BY ?p ?m }
  ?p skos:notation ?pn . ?m skos:notation ?mn .
  BIND(ROUND(?counted * 1000000000000 / ?total) / 1000000000000 AS ?degree)
  BIND(IRI(CONCAT(STR(?c), "/grad/", STR(?pn), "/", STR(?mn))) AS ?d)
}

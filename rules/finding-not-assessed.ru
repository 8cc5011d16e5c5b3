# id: finding-not-assessed
# label@da: Parameter ikke vurderet
# label@en: Parameter not assessed
# comment@en: A parameter of the ontology none of whose indicators is observed or absent in the description.
# source: DESIGN §2.7
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?f a sk:Finding ; sk:collaboration ?c ; sk:findingKind sk:NotAssessed ; sk:severity ?severity ;
     sk:message ?da , ?en ; sk:involvesParameter ?p ;
     prov:wasGeneratedBy skr:finding-not-assessed ; prov:wasDerivedFrom ?c .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  ?c a sk:Collaboration .
  ?p a sk:Parameter ; skos:notation ?n .
  # the assessment node of (?c, ?p) has a deterministic IRI: look it up directly
  BIND(IRI(CONCAT(STR(?c), "/vurdering/", STR(?n))) AS ?a)
  FILTER NOT EXISTS { ?a a sk:ParameterAssessment }
  ?p skos:prefLabel ?lpda . FILTER(LANG(?lpda) = "da") ?p skos:prefLabel ?lpen . FILTER(LANG(?lpen) = "en")
  sk:NotAssessed sk:defaultSeverity ?severity ; skos:notation ?kn .
  BIND(STRLANG(CONCAT("Parameteren '", STR(?lpda), "' er ikke vurderet: ingen af dens indikatorer er angivet som ja eller nej."), "da") AS ?da)
  BIND(STRLANG(CONCAT("The parameter '", STR(?lpen), "' is not assessed: none of its indicators is marked observed or absent."), "en") AS ?en)
  BIND(IRI(CONCAT(STR(?c), "/fund/", STR(?kn), "/", STR(?n))) AS ?f)
}

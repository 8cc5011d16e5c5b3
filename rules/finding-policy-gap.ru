# id: finding-policy-gap
# label@da: Afstand til kommunens politik
# label@en: Policy gap
# comment@en: The municipality's target model for an assessed parameter (sk:policyTarget) is not among the dominant models there.
# source: DESIGN §2.7; rapporten: den optimale model "bør ... fortolkes i lyset af den kommunale politik"
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?f a sk:Finding ; sk:collaboration ?c ; sk:findingKind sk:PolicyGap ; sk:severity ?severity ;
     sk:message ?da , ?en ; sk:involvesModel ?m ; sk:involvesParameter ?p ;
     prov:wasGeneratedBy skr:finding-policy-gap ; prov:wasDerivedFrom ?a , ?c , ?degree , ?dominant .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  ?c a sk:Collaboration ; sk:policyTarget ?t .
  ?t sk:parameter ?p ; sk:model ?m .
  ?a sk:collaboration ?c ; sk:parameter ?p ; a sk:ParameterAssessment .
  ?p skos:notation ?pn . ?m skos:notation ?mn .
  BIND(IRI(CONCAT(STR(?c), "/dominerende/", STR(?pn), "/", STR(?mn))) AS ?dm)
  FILTER NOT EXISTS { ?dm a sk:DominantModel }
  ?p skos:prefLabel ?lpda . FILTER(LANG(?lpda) = "da") ?p skos:prefLabel ?lpen . FILTER(LANG(?lpen) = "en")
  ?m skos:prefLabel ?lmda . FILTER(LANG(?lmda) = "da") ?m skos:prefLabel ?lmen . FILTER(LANG(?lmen) = "en")
  sk:PolicyGap sk:defaultSeverity ?severity ; skos:notation ?kn .
  BIND(STRLANG(CONCAT("Kommunens mål for '", STR(?lpda), "' er ", STR(?lmda), ", men den er ikke blandt de dominerende modeller."), "da") AS ?da)
  BIND(STRLANG(CONCAT("The municipality's target for '", STR(?lpen), "' is the ", STR(?lmen), ", but it is not among the dominant models."), "en") AS ?en)
  BIND(IRI(CONCAT(STR(?c), "/fund/", STR(?kn), "/", STR(?pn), "/", STR(?mn))) AS ?f)
  # for the explanation: the target model's degree and the models dominant instead
  # (last: placed earlier, an OPTIONAL makes the store evaluate this rule ten times slower)
  OPTIONAL { ?degree a sk:Degree ; sk:collaboration ?c ; sk:parameter ?p ; sk:model ?m }
  OPTIONAL { ?dominant a sk:DominantModel ; sk:collaboration ?c ; sk:parameter ?p }
}

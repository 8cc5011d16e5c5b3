# id: finding-model-may-fit
# label@da: Modellen kan passe
# label@en: Model may fit
# comment@en: A model that is dominant on some parameter may be the right one when a condition it fits holds (sk:mayFitWhen), e.g. the person model for a school that lacks frames and resources.
# source: DESIGN §1 and §2.7; rapporten: "Personmodellen kan således være optimal for enkelte skoler, hvis der ikke er rammer og ressourcer"
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?f a sk:Finding ; sk:collaboration ?c ; sk:findingKind sk:ModelMayFit ; sk:severity ?severity ;
     sk:message ?da , ?en ; sk:involvesModel ?m ; sk:involvesCondition ?cond ; sk:involvesParameter ?p ;
     prov:wasGeneratedBy skr:finding-model-may-fit ; prov:wasDerivedFrom ?dm , ?h .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  ?m sk:mayFitWhen ?cond ; skos:notation ?n .
  ?h a sk:ConditionHolding ; sk:collaboration ?c ; sk:condition ?cond .
  ?dm a sk:DominantModel ; sk:collaboration ?c ; sk:model ?m ; sk:parameter ?p .
  ?m skos:prefLabel ?lmda . FILTER(LANG(?lmda) = "da") ?m skos:prefLabel ?lmen . FILTER(LANG(?lmen) = "en")
  ?cond skos:prefLabel ?lcda . FILTER(LANG(?lcda) = "da") ?cond skos:prefLabel ?lcen . FILTER(LANG(?lcen) = "en")
  sk:ModelMayFit sk:defaultSeverity ?severity ; skos:notation ?kn .
  BIND(STRLANG(CONCAT(STR(?lmda), " dominerer på en eller flere parametre, og ", STR(?lcda), ": her kan ", STR(?lmda), " være den rette model. Vurdér det i lyset af kommunens politik og de lokale forhold."), "da") AS ?da)
  BIND(STRLANG(CONCAT("The ", STR(?lmen), " dominates on one or more parameters, and ", STR(?lcen), ": the ", STR(?lmen), " may be the right one here. Judge it in the light of municipal policy and local conditions."), "en") AS ?en)
  BIND(IRI(CONCAT(STR(?c), "/fund/", STR(?kn), "/", STR(?n))) AS ?f)
}

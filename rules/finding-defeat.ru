# id: finding-defeat
# label@da: Tilsidesat evidens giver et fund
# label@en: Defeated evidence gives a finding
# comment@en: Reports every defeat with the finding kind the defeating condition declares (sk:defeatFinding), e.g. an ineffective offer.
# source: DESIGN §2.2 and §2.7; rapporten: kataloget "bidrager kun i ringe grad", "brug af tilbuddet vil variere og være personafhængigt"
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?f a sk:Finding ; sk:collaboration ?c ; sk:findingKind ?kind ; sk:severity ?severity ;
     sk:message ?da , ?en ; sk:involvesIndicator ?i ; sk:involvesCondition ?cond ; sk:involvesModel ?m ;
     prov:wasGeneratedBy skr:finding-defeat ; prov:wasDerivedFrom ?d .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  ?d a sk:Defeat ; sk:collaboration ?c ; sk:defeatedEvidence ?e ; sk:conditionHolding ?h .
  ?e sk:indicator ?i .
  ?h a sk:ConditionHolding ; sk:condition ?cond .
  ?cond sk:defeatFinding ?kind ; skos:notation ?cn .
  ?i a sk:Indicator ; sk:model ?m ; skos:notation ?n .
  ?i skos:prefLabel ?lida . FILTER(LANG(?lida) = "da") ?i skos:prefLabel ?lien . FILTER(LANG(?lien) = "en")
  ?m skos:prefLabel ?lmda . FILTER(LANG(?lmda) = "da") ?m skos:prefLabel ?lmen . FILTER(LANG(?lmen) = "en")
  ?cond skos:prefLabel ?lcda . FILTER(LANG(?lcda) = "da") ?cond skos:prefLabel ?lcen . FILTER(LANG(?lcen) = "en")
  ?kind sk:defaultSeverity ?severity ; skos:notation ?kn .
  BIND(STRLANG(CONCAT("'", STR(?lida), "' tæller ikke som evidens for ", STR(?lmda), ". Årsag: ", STR(?lcda), ". Brugen af tilbuddet bliver derfor varierende og personafhængig."), "da") AS ?da)
  BIND(STRLANG(CONCAT("'", STR(?lien), "' does not count as evidence for the ", STR(?lmen), ". Reason: ", STR(?lcen), ". Use of the offer therefore varies and depends on persons."), "en") AS ?en)
  BIND(IRI(CONCAT(STR(?c), "/fund/", STR(?kn), "/", STR(?n), "/", STR(?cn))) AS ?f)
}

# id: finding-claim-versus-structure
# label@da: Påstand mod struktur
# label@en: Claim versus structure
# comment@en: An observed indicator that a holding structural condition contradicts (sk:contradictedBy), e.g. separate administrations claimed while school and library belong to the same administration.
# source: DESIGN §2.7; ontology/conditions.ttl
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?f a sk:Finding ; sk:collaboration ?c ; sk:findingKind sk:ClaimVersusStructure ; sk:severity ?severity ;
     sk:message ?da , ?en ; sk:involvesIndicator ?i ; sk:involvesCondition ?cond ;
     prov:wasGeneratedBy skr:finding-claim-versus-structure ; prov:wasDerivedFrom ?e , ?h .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  ?i sk:contradictedBy ?cond ; skos:notation ?n .
  ?e sk:indicator ?i ; sk:status sk:Observed .
  ?c sk:evidence ?e .
  ?h a sk:ConditionHolding ; sk:collaboration ?c ; sk:condition ?cond .
  ?i skos:prefLabel ?lida . FILTER(LANG(?lida) = "da") ?i skos:prefLabel ?lien . FILTER(LANG(?lien) = "en")
  ?cond skos:prefLabel ?lcda . FILTER(LANG(?lcda) = "da") ?cond skos:prefLabel ?lcen . FILTER(LANG(?lcen) = "en")
  sk:ClaimVersusStructure sk:defaultSeverity ?severity ; skos:notation ?kn .
  BIND(STRLANG(CONCAT("Indikatoren '", STR(?lida), "' er observeret, men ifølge de strukturelle forhold gælder: ", STR(?lcda), ". Ret indikatoren eller forholdene."), "da") AS ?da)
  BIND(STRLANG(CONCAT("The indicator '", STR(?lien), "' is observed, but the structural facts say: ", STR(?lcen), ". Correct the indicator or the facts."), "en") AS ?en)
  BIND(IRI(CONCAT(STR(?c), "/fund/", STR(?kn), "/", STR(?n))) AS ?f)
}

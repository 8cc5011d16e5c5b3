# id: finding-tension
# label@da: Spænding
# label@en: Tension
# comment@en: An observed indicator that is hard to realise under a holding condition (sk:inTensionWith), e.g. jointly planned budgets with separate administrations.
# source: DESIGN §2.7; rapporten: forvaltninger "der har vanskeligt ved at samskabe på grund af adskilte økonomier"
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?f a sk:Finding ; sk:collaboration ?c ; sk:findingKind sk:Tension ; sk:severity ?severity ;
     sk:message ?da , ?en ; sk:involvesIndicator ?i ; sk:involvesCondition ?cond ;
     prov:wasGeneratedBy skr:finding-tension ; prov:wasDerivedFrom ?e , ?h .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  ?i sk:inTensionWith ?cond ; skos:notation ?n .
  ?e sk:indicator ?i ; sk:status sk:Observed .
  ?c sk:evidence ?e .
  ?h a sk:ConditionHolding ; sk:collaboration ?c ; sk:condition ?cond .
  ?i skos:prefLabel ?lida . FILTER(LANG(?lida) = "da") ?i skos:prefLabel ?lien . FILTER(LANG(?lien) = "en")
  ?cond skos:prefLabel ?lcda . FILTER(LANG(?lcda) = "da") ?cond skos:prefLabel ?lcen . FILTER(LANG(?lcen) = "en")
  sk:Tension sk:defaultSeverity ?severity ; skos:notation ?kn .
  BIND(STRLANG(CONCAT("Indikatoren '", STR(?lida), "' er observeret, selv om ", STR(?lcda), ". Det er muligt, men svært; beskriv gerne, hvordan det lykkes."), "da") AS ?da)
  BIND(STRLANG(CONCAT("The indicator '", STR(?lien), "' is observed although ", STR(?lcen), ". That is possible but hard; describe how it is achieved."), "en") AS ?en)
  BIND(IRI(CONCAT(STR(?c), "/fund/", STR(?kn), "/", STR(?n))) AS ?f)
}

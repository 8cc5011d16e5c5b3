# id: finding-contradiction
# label@da: Modsigelse
# label@en: Contradiction
# comment@en: Two indicators that the ontology declares mutually exclusive (sk:excludes) are both observed in one description.
# source: DESIGN §2.7; ontology/exclusions.ttl
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?f a sk:Finding ; sk:collaboration ?c ; sk:findingKind sk:Contradiction ; sk:severity ?severity ;
     sk:message ?da , ?en ; sk:involvesIndicator ?i1 , ?i2 ;
     prov:wasGeneratedBy skr:finding-contradiction ; prov:wasDerivedFrom ?e1 , ?e2 .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  ?i1 sk:excludes ?i2 .
  ?e1 sk:indicator ?i1 ; sk:status sk:Observed .
  ?c sk:evidence ?e1 .
  ?c sk:evidence ?e2 . ?e2 sk:indicator ?i2 ; sk:status sk:Observed .
  ?i1 skos:notation ?n1 . ?i2 skos:notation ?n2 .
  ?i1 skos:prefLabel ?l1da . FILTER(LANG(?l1da) = "da") ?i1 skos:prefLabel ?l1en . FILTER(LANG(?l1en) = "en")
  ?i2 skos:prefLabel ?l2da . FILTER(LANG(?l2da) = "da") ?i2 skos:prefLabel ?l2en . FILTER(LANG(?l2en) = "en")
  sk:Contradiction sk:defaultSeverity ?severity ; skos:notation ?kn .
  BIND(STRLANG(CONCAT("Indikatorerne '", STR(?l1da), "' og '", STR(?l2da), "' er begge observeret, men udelukker hinanden. Ret den ene til 'nej', eller kontrollér kilden."), "da") AS ?da)
  BIND(STRLANG(CONCAT("The indicators '", STR(?l1en), "' and '", STR(?l2en), "' are both observed but exclude each other. Set one of them to absent, or check the source."), "en") AS ?en)
  BIND(IF(STR(?n1) < STR(?n2), CONCAT(STR(?n1), "-", STR(?n2)), CONCAT(STR(?n2), "-", STR(?n1))) AS ?pair)
  BIND(IRI(CONCAT(STR(?c), "/fund/", STR(?kn), "/", ?pair)) AS ?f)
}

# id: finding-unsupported-claim
# label@da: Udokumenteret påstand
# label@en: Unsupported claim
# comment@en: An observed indicator that claims a model dominates everywhere (sk:claimsDominanceOf), e.g. co-creation at all levels, while the model is not dominant on some assessed parameter.
# source: DESIGN §2.7
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?f a sk:Finding ; sk:collaboration ?c ; sk:findingKind sk:UnsupportedClaim ; sk:severity ?severity ;
     sk:message ?da , ?en ; sk:involvesIndicator ?i ; sk:involvesModel ?m ; sk:involvesParameter ?p ;
     prov:wasGeneratedBy skr:finding-unsupported-claim ; prov:wasDerivedFrom ?e , ?a .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  ?i sk:claimsDominanceOf ?m ; skos:notation ?n .
  ?e sk:indicator ?i ; sk:status sk:Observed .
  ?c sk:evidence ?e .
  ?p a sk:Parameter ; skos:notation ?pn . ?m skos:notation ?mn .
  BIND(IRI(CONCAT(STR(?c), "/vurdering/", STR(?pn))) AS ?a)
  ?a a sk:ParameterAssessment .
  # the dominant-model node of (?c, ?p, ?m) has a deterministic IRI: look it up directly
  BIND(IRI(CONCAT(STR(?c), "/dominerende/", STR(?pn), "/", STR(?mn))) AS ?dm)
  FILTER NOT EXISTS { ?dm a sk:DominantModel }
  ?i skos:prefLabel ?lida . FILTER(LANG(?lida) = "da") ?i skos:prefLabel ?lien . FILTER(LANG(?lien) = "en")
  ?m skos:prefLabel ?lmda . FILTER(LANG(?lmda) = "da") ?m skos:prefLabel ?lmen . FILTER(LANG(?lmen) = "en")
  sk:UnsupportedClaim sk:defaultSeverity ?severity ; skos:notation ?kn .
  BIND(STRLANG(CONCAT("Indikatoren '", STR(?lida), "' er observeret, men ", STR(?lmda), " er ikke dominerende på alle vurderede parametre."), "da") AS ?da)
  BIND(STRLANG(CONCAT("The indicator '", STR(?lien), "' is observed, but the ", STR(?lmen), " is not dominant on every assessed parameter."), "en") AS ?en)
  BIND(IRI(CONCAT(STR(?c), "/fund/", STR(?kn), "/", STR(?n))) AS ?f)
}

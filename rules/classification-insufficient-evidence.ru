# id: classification-insufficient-evidence
# label@da: Utilstrækkelig evidens
# label@en: Insufficient evidence
# comment@en: Fewer parameters are assessed than the minimum configured on sk:InsufficientEvidence (sk:minimumAssessedParameters).
# source: DESIGN §2.6
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
PREFIX skr: <https://w3id.org/samarbejde-kg/rule/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> {
  ?k a sk:Classification ; sk:collaboration ?c ; sk:classificationKind sk:InsufficientEvidence ;
     sk:assessedParameters ?assessed ; sk:minimumAssessedParameters ?min ;
     prov:wasGeneratedBy skr:classification-insufficient-evidence ; prov:wasDerivedFrom ?c .
} }
USING <https://w3id.org/samarbejde-kg/graph/ontology>
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE {
  ?c a sk:Collaboration .
  sk:InsufficientEvidence sk:minimumAssessedParameters ?min ; skos:notation ?kn .
  OPTIONAL { { SELECT ?c (COUNT(DISTINCT ?p) AS ?n) WHERE {
      ?a a sk:ParameterAssessment ; sk:collaboration ?c ; sk:parameter ?p
  } GROUP BY ?c } }
  BIND(COALESCE(?n, 0) AS ?assessed)
  FILTER(?assessed < ?min)
  BIND(IRI(CONCAT(STR(?c), "/klassifikation/", STR(?kn))) AS ?k)
}

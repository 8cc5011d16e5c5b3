# id: count
# label@en: Counts what the closure reached (aggregation over a lower stratum)
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> { ?x sk:testReachCount ?n } }
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE { { SELECT ?x (COUNT(?z) AS ?n) WHERE { ?x sk:testReaches ?z } GROUP BY ?x } }

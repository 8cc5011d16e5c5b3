# id: closure
# label@en: Transitive closure of a test relation (positive recursion)
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> { ?x sk:testReaches ?z } }
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE { { ?x sk:testLink ?z } UNION { ?x sk:testReaches ?y . ?y sk:testLink ?z } }

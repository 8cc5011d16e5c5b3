# id: b
# label@en: B holds where A does not
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> { ?x sk:testB ?y } }
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE { ?x sk:excludes ?y . FILTER NOT EXISTS { ?x sk:testA ?y } }

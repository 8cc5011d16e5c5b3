# id: a
# label@en: A writes what B negates, and reads what B writes
PREFIX sk: <https://w3id.org/samarbejde-kg/def#>
INSERT { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> { ?x sk:testA ?y } }
USING <https://w3id.org/samarbejde-kg/graph/data>
USING <https://w3id.org/samarbejde-kg/graph/inferred>
WHERE { ?x sk:testB ?y }

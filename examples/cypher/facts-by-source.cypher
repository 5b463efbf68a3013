// title: How many facts each source states
// description: For every source, the number of concepts, relationships and statements that cite it.
// expect: rows
MATCH (s:Source)
RETURN s.id AS source, s.title AS title,
       COUNT { MATCH (c:Concept) WHERE s.id IN c.evidenceSources } AS concepts,
       COUNT { MATCH (:Concept)-[r]->(:Concept) WHERE s.id IN r.evidenceSources } AS relationships,
       COUNT { MATCH (st:Statement) WHERE s.id IN st.evidenceSources } AS statements
ORDER BY source

import type { Database, RequestScope } from './database';

/**
 * The full-text index `search` runs on: names, synonyms (a list) and cross-references (a list of CURIEs) of every
 * concept. Analyzer `standard-no-stop-words`: Unicode word boundaries (UAX #29) and lower case, no stemming and no
 * stop words, so "hepatitis A" keeps its "a" and a CURIE stays searchable ("DOID:769" is indexed as the words doid
 * and 769, "UMLS:C0027819" as one word; the query builder sends both as phrases the same analyzer splits the same
 * way). Not eventually consistent: a committed write is searchable at once (the default, stated so it stays so).
 */
export const CONCEPT_SEARCH_INDEX = {
  name: 'concept_search',
  properties: ['name', 'synonyms', 'xrefs'],
  analyzer: 'standard-no-stop-words',
} as const;

/**
 * `conceptByXref` runs on this one: the canonical keys of every concept's cross-references (`xrefKeys`, see
 * xref/curie.ts: UMLS:C0027819 whatever prefix variant the source wrote). A full-text index because it indexes each
 * element of a list; the `keyword` analyzer keeps each key whole, so a lookup is an exact match.
 */
export const CONCEPT_XREF_INDEX = { name: 'concept_xref', property: 'xrefKeys' } as const;

/**
 * The constraints and indexes the API's lookups rely on. Each is named, so applying them is idempotent
 * (`IF NOT EXISTS`) and `/ready` can check they are all there.
 */
export const SCHEMA_STATEMENTS: ReadonlyArray<{ name: string; cypher: string }> = [
  {
    name: 'concept_id_unique',
    cypher: 'CREATE CONSTRAINT concept_id_unique IF NOT EXISTS FOR (c:Concept) REQUIRE c.id IS UNIQUE',
  },
  {
    name: 'source_id_unique',
    cypher: 'CREATE CONSTRAINT source_id_unique IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE',
  },
  {
    name: 'statement_id_unique',
    cypher: 'CREATE CONSTRAINT statement_id_unique IF NOT EXISTS FOR (s:Statement) REQUIRE s.id IS UNIQUE',
  },
  // The lease that keeps `import:obo` to one run at a time (obo/import/import-lock.ts).
  {
    name: 'import_lock_id_unique',
    cypher: 'CREATE CONSTRAINT import_lock_id_unique IF NOT EXISTS FOR (l:ImportLock) REQUIRE l.id IS UNIQUE',
  },
  // `conditions` pages in (lower-cased name, id) order: a range index on nameKey serves the order and the seek.
  {
    name: 'condition_name_key',
    cypher: 'CREATE INDEX condition_name_key IF NOT EXISTS FOR (c:Condition) ON (c.nameKey)',
  },
  {
    name: CONCEPT_SEARCH_INDEX.name,
    cypher:
      `CREATE FULLTEXT INDEX ${CONCEPT_SEARCH_INDEX.name} IF NOT EXISTS FOR (c:Concept) ` +
      `ON EACH [${CONCEPT_SEARCH_INDEX.properties.map((p) => `c.${p}`).join(', ')}] ` +
      `OPTIONS {indexConfig: {\`fulltext.analyzer\`: '${CONCEPT_SEARCH_INDEX.analyzer}', ` +
      `\`fulltext.eventually_consistent\`: false}}`,
  },
  {
    name: CONCEPT_XREF_INDEX.name,
    cypher:
      `CREATE FULLTEXT INDEX ${CONCEPT_XREF_INDEX.name} IF NOT EXISTS FOR (c:Concept) ` +
      `ON EACH [c.${CONCEPT_XREF_INDEX.property}] ` +
      "OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword', `fulltext.eventually_consistent`: false}}",
  },
];

/** Creates every constraint and index that is missing and waits until they are online. */
export async function applySchema(db: Database): Promise<void> {
  // One read finds what is there already (the usual case: a command line run on a graph the service made).
  const present = await db.read<{ name: string; online: boolean }>(
    "SHOW INDEXES YIELD name, state WHERE name IN $names RETURN name, state = 'ONLINE' AS online",
    { names: SCHEMA_STATEMENTS.map((s) => s.name) },
  );
  const online = new Set(present.filter((row) => row.online).map((row) => row.name));
  if (online.size === SCHEMA_STATEMENTS.length) return;
  for (const statement of SCHEMA_STATEMENTS) {
    if (!online.has(statement.name)) await db.write(statement.cypher);
  }
  await db.write('CALL db.awaitIndexes(300)');
}

/** True when every constraint and index of SCHEMA_STATEMENTS exists and is online. */
export async function schemaApplied(db: Database, scope?: RequestScope): Promise<boolean> {
  const rows = await db.read<{ name: string }>(
    "SHOW INDEXES YIELD name, state WHERE name IN $names AND state = 'ONLINE' RETURN name",
    { names: SCHEMA_STATEMENTS.map((s) => s.name) },
    scope,
  );
  return rows.length === SCHEMA_STATEMENTS.length;
}

/**
 * A generated graph for benchmarks, loaded beside the seed: deterministic (a seeded PRNG), shaped like an ontology
 * (SUBTYPE_OF and PART_OF trees, causes with chains and some cycles, body regions, cancers, procedures), with
 * searchable names and evidence on every fact. Ids start with `gen-` and everything carries `generated: true`.
 */
import type { Database } from '../src/neo4j/database';
import { prng } from './prng';

export interface GeneratedGraph {
  concepts: number;
  relationships: number;
  conditionIds: string[];
  ids: string[];
}

const ADJECTIVES = [
  'progressive',
  'benign',
  'juvenile',
  'familial',
  'acute',
  'chronic',
  'essential',
  'secondary',
  'hereditary',
  'idiopathic',
  'episodic',
  'congenital',
  'focal',
  'generalized',
  'nocturnal',
  'transient',
];
/** The organ words of generated names; each marks about 1/16 of the generated conditions. */
export const ORGANS = [
  'ocular',
  'palatal',
  'spinal',
  'cortical',
  'cerebellar',
  'laryngeal',
  'cardiac',
  'renal',
  'hepatic',
  'muscular',
  'vestibular',
  'thalamic',
  'retinal',
  'pulmonary',
  'cutaneous',
  'auditory',
];
const NOUNS = [
  'dystonia',
  'tremor',
  'ataxia',
  'neuropathy',
  'syndrome',
  'encephalopathy',
  'myopathy',
  'spasm',
  'epilepsy',
  'palsy',
  'chorea',
  'sclerosis',
  'degeneration',
  'dysplasia',
  'disorder',
  'tic',
];
const CANCER_NOUNS = ['carcinoma', 'sarcoma', 'lymphoma', 'blastoma', 'glioma', 'melanoma'];
const CAUSE_NOUNS = [
  'infection',
  'deficiency',
  'toxicity',
  'injury',
  'lesion',
  'reaction',
  'mutation',
  'exposure',
];
const REGION_NOUNS = ['muscle', 'nerve', 'lobe', 'gland', 'membrane', 'tissue', 'vessel', 'bone'];

export interface GenerateOptions {
  /** Total concepts (default 10,000). */
  concepts?: number;
  /** Relationships per concept, on average (default 5: 50,000 for 10,000 concepts). */
  relationshipsPerConcept?: number;
  seed?: number;
}

interface Row {
  id: string;
  name: string;
  synonyms: string[];
}

/** Writes the generated graph in batches; returns what it wrote. */
export async function generateGraph(db: Database, options: GenerateOptions = {}): Promise<GeneratedGraph> {
  const total = options.concepts ?? 10_000;
  const perConcept = options.relationshipsPerConcept ?? 5;
  const random = prng(options.seed ?? 20261124);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const int = (n: number) => Math.floor(random() * n);

  const counts = {
    Condition: Math.round(total * 0.55),
    Cancer: Math.round(total * 0.05),
    Cause: Math.round(total * 0.15),
    BodyRegion: Math.round(total * 0.2),
  };
  const procedures = total - counts.Condition - counts.Cancer - counts.Cause - counts.BodyRegion;

  const make = (
    prefix: string,
    n: number,
    name: (i: number) => string,
    synonyms: (i: number) => string[] = () => [],
  ) =>
    Array.from({ length: n }, (_, i): Row => ({
      id: `gen-${prefix}-${i}`,
      name: name(i),
      synonyms: synonyms(i),
    }));

  const conditions = make(
    'condition',
    counts.Condition,
    (i) => `${pick(ADJECTIVES)} ${pick(ORGANS)} ${pick(NOUNS)} ${i}`,
    (i) => (i % 4 === 0 ? [`${pick(ORGANS)} ${pick(NOUNS)} type ${i}`] : []),
  );
  const cancers = make('cancer', counts.Cancer, (i) => `${pick(ORGANS)} ${pick(CANCER_NOUNS)} ${i}`);
  const causes = make('cause', counts.Cause, (i) => `${pick(ORGANS)} ${pick(CAUSE_NOUNS)} ${i}`);
  const regions = make('region', counts.BodyRegion, (i) => `${pick(ORGANS)} ${pick(REGION_NOUNS)} ${i}`);
  const procs = make(
    'procedure',
    procedures,
    (i) => `${pick(ORGANS)} ${pick(['scan', 'biopsy', 'therapy', 'surgery'])} ${i}`,
  );

  await db.write(
    `MERGE (s:Source {id: 'bench-generated'})
     SET s.kind = 'article', s.title = 'Generated benchmark data', s.publisher = 'benchmark', s.generated = true`,
  );
  const writeNodes = async (rows: Row[], labels: string) => {
    for (let i = 0; i < rows.length; i += 2000) {
      await db.write(
        `UNWIND $rows AS row
         CREATE (c:Concept:${labels} {id: row.id, name: row.name, nameKey: toLower(row.name), synonyms: row.synonyms,
                 xrefs: [], description: null, evidenceSources: ['bench-generated'],
                 evidenceQuotes: ['Generated concept ' + row.id + '.'], generated: true})`,
        { rows: rows.slice(i, i + 2000) },
      );
    }
  };
  await writeNodes(conditions, 'Condition');
  await writeNodes(cancers, 'Condition:Cancer');
  await writeNodes(causes, 'Cause');
  await writeNodes(regions, 'BodyRegion');
  await writeNodes(procs, 'Procedure');

  const allConditions = [...conditions, ...cancers];
  const rels: Record<string, Array<{ from: string; to: string; population: string | null }>> = {};
  const seen = new Set<string>();
  let planned = 0;
  // One relationship per (from, type, to), as the seed writer makes them; no self-loops.
  const add = (type: string, from: string, to: string, population: string | null = null) => {
    const key = `${from}|${type}|${to}`;
    if (from === to || seen.has(key)) return;
    seen.add(key);
    planned += 1;
    (rels[type] ??= []).push({ from, to, population });
  };
  // Trees: every condition but the first 20 has a parent among earlier ones; every region but 10 is part of one.
  conditions.forEach((c, i) => i >= 20 && add('SUBTYPE_OF', c.id, conditions[int(i)]!.id));
  regions.forEach((r, i) => i >= 10 && add('PART_OF', r.id, regions[int(i)]!.id));
  const target = total * perConcept;
  const populations = [null, null, null, 'children', 'adults', 'newborns'];
  while (planned < target) {
    const roll = random();
    if (roll < 0.3) add('CAUSES', pick(causes).id, pick(allConditions).id, pick(populations));
    else if (roll < 0.42) add('CAUSES', pick(allConditions).id, pick(allConditions).id, pick(populations));
    else if (roll < 0.47) add('CAUSES', pick(cancers).id, pick(causes).id, pick(populations));
    else if (roll < 0.7) add('AFFECTS', pick(allConditions).id, pick(regions).id);
    else if (roll < 0.77) add('ASSOCIATED_WITH', pick(conditions).id, pick(cancers).id, pick(populations));
    else if (roll < 0.85) add('HAS_FEATURE', pick(conditions).id, pick(conditions).id);
    else if (roll < 0.9) add('DIAGNOSED_BY', pick(allConditions).id, pick(procs).id);
    else if (roll < 0.95) add('TREATED_BY', pick(allConditions).id, pick(procs).id);
    else add('MIMICS', pick(conditions).id, pick(conditions).id);
  }
  let relationships = 0;
  for (const [type, list] of Object.entries(rels)) {
    for (let i = 0; i < list.length; i += 5000) {
      const result = await db.write(
        `UNWIND $rows AS row
         MATCH (a:Concept {id: row.from}), (b:Concept {id: row.to})
         CREATE (a)-[r:${type} {population: row.population, evidenceSources: ['bench-generated'],
                                evidenceQuotes: ['Generated ' + row.from + ' ${type} ' + row.to + '.'], generated: true}]->(b)`,
        { rows: list.slice(i, i + 5000) },
      );
      relationships += result.summary.counters.updates().relationshipsCreated;
    }
  }
  const ids = [...allConditions, ...causes, ...regions, ...procs].map((r) => r.id);
  return { concepts: ids.length, relationships, conditionIds: allConditions.map((c) => c.id), ids };
}

/** Removes everything generateGraph wrote. */
export async function removeGeneratedGraph(db: Database): Promise<void> {
  await db.write('MATCH (n {generated: true}) DETACH DELETE n');
}

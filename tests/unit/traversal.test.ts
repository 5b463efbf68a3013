import type { GraphQLError } from 'graphql';
import type { ConceptRow, SourceRow } from '../../src/model/records';
import { RELATIONSHIP_TYPES } from '../../src/model/kinds';
import type { RelationshipTypeName } from '../../src/model/kinds';
import { intArg, relationshipTypesArg, TRAVERSAL_LIMITS } from '../../src/traversal/traversal.args';
import {
  causalChainsCypher,
  neighborhoodCypher,
  pathsCypher,
  typeAlternation,
} from '../../src/traversal/traversal.cypher';
import { notFound } from '../../src/graphql/errors';
import { toNeighborhood, toPaths } from '../../src/traversal/traversal.record';
import type { RelationshipRow } from '../../src/traversal/traversal.record';

const thrown = (fn: () => unknown): GraphQLError => {
  try {
    fn();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected an error');
};

describe('traversal arguments', () => {
  it('uses the default for a null or absent integer and accepts the bounds themselves', () => {
    const depth = TRAVERSAL_LIMITS.chainDepth;
    expect(intArg('maxDepth', null, depth)).toBe(4);
    expect(intArg('maxDepth', undefined, depth)).toBe(4);
    expect(intArg('maxDepth', 1, depth)).toBe(1);
    expect(intArg('maxDepth', 6, depth)).toBe(6);
  });

  it('rejects an integer outside its bounds with BAD_USER_INPUT naming the argument and the bounds', () => {
    for (const value of [0, 7, 2.5]) {
      const error = thrown(() => intArg('maxDepth', value, TRAVERSAL_LIMITS.chainDepth));
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.argument).toBe('maxDepth');
      expect(error.message).toBe(`Argument "maxDepth" must be between 1 and 6 (got ${value})`);
    }
  });

  it('caps every traversal: depths 6, 6 and 3, counts 500', () => {
    expect(TRAVERSAL_LIMITS).toMatchObject({
      chainDepth: { max: 6 },
      pathLength: { max: 6 },
      neighborhoodDepth: { max: 3 },
      chainFirst: { max: 500 },
      pathFirst: { max: 500 },
      neighborhoodLimit: { max: 500 },
    });
  });

  it('reads relationship types from the fixed list, every type by default, and rejects an empty list', () => {
    expect(relationshipTypesArg('relationshipTypes', null)).toEqual([...RELATIONSHIP_TYPES]);
    expect(relationshipTypesArg('relationshipTypes', ['MIMICS', 'CAUSES', 'CAUSES'])).toEqual([
      'CAUSES',
      'MIMICS',
    ]);
    const error = thrown(() => relationshipTypesArg('relationshipTypes', []));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('"relationshipTypes"');
  });

  it('names the id and the argument in a NOT_FOUND error', () => {
    const error = notFound('to', 'no-such-concept');
    expect(error.extensions).toEqual({ code: 'NOT_FOUND', argument: 'to' });
    expect(error.message).toBe('No concept with id "no-such-concept" (argument "to")');
  });
});

describe('traversal Cypher', () => {
  it('takes relationship types only from the fixed vocabulary', () => {
    expect(typeAlternation(['HAS_FEATURE', 'CAUSES'])).toBe('CAUSES|HAS_FEATURE');
    const injected = ['CAUSES]->() DETACH DELETE (x) //' as RelationshipTypeName, 'CAUSES' as const];
    expect(typeAlternation(injected)).toBe('CAUSES');
    expect(() => typeAlternation([])).toThrow(/at least one relationship type/);
  });

  it('splices only integers within the caps into variable-length bounds and unrolled levels', () => {
    const chains = (maxDepth: number) =>
      causalChainsCypher({ direction: 'UPSTREAM', maxDepth, types: ['CAUSES'], byPopulation: false });
    for (const bad of [0, 7, 2.5, Number.NaN]) expect(() => chains(bad)).toThrow(/maxDepth/);
    for (const bad of [0, 7, 1.5]) {
      expect(() => pathsCypher({ maxLength: bad, types: ['CAUSES'], directed: false })).toThrow(/maxLength/);
    }
    for (const bad of [0, 4])
      expect(() => neighborhoodCypher({ depth: bad, types: ['CAUSES'] })).toThrow(/depth/);
    expect(pathsCypher({ maxLength: 5, types: ['CAUSES'], directed: false })).toContain('[:CAUSES*..5]');
    expect(neighborhoodCypher({ depth: 3, types: ['CAUSES'] })).toContain('[:CAUSES*1..3]');
  });

  it('builds causal chains as one fixed-length pattern per length, each pruning repeated nodes at every hop', () => {
    expect(
      causalChainsCypher({
        direction: 'UPSTREAM',
        maxDepth: 2,
        types: ['CAUSES'],
        byPopulation: false,
      }).split('\nRETURN')[0],
    ).toBe(`OPTIONAL MATCH (s:Concept {id: $from})
WITH s, COLLECT {
  MATCH p = (s)<-[r1:CAUSES]-(n1)
  WHERE NOT n1 IN [s]
  RETURN p ORDER BY [n IN nodes(p) | toLower(n.name)], [n IN nodes(p) | n.id] LIMIT $first
} AS l1
WITH s, l1, COLLECT {
  WITH s WHERE size(l1) < $first
  MATCH p = (s)<-[r1:CAUSES]-(n1)<-[r2:CAUSES]-(n2)
  WHERE NOT n1 IN [s] AND NOT n2 IN [s, n1]
  RETURN p ORDER BY [n IN nodes(p) | toLower(n.name)], [n IN nodes(p) | n.id] LIMIT $first
} AS l2
WITH s, (l1 + l2)[0..$first] AS matched`);
    const deepest = causalChainsCypher({
      direction: 'DOWNSTREAM',
      maxDepth: 6,
      types: ['CAUSES', 'SUBTYPE_OF'],
      byPopulation: false,
    });
    expect(deepest).toContain('(s)-[r1:SUBTYPE_OF|CAUSES]->(n1)');
    expect(deepest).toContain('NOT n6 IN [s, n1, n2, n3, n4, n5]');
    expect(deepest).toContain('WITH s WHERE size(l1) + size(l2) + size(l3) + size(l4) + size(l5) < $first');
    expect(deepest).not.toMatch(/\*/);
  });

  it('filters every hop by population only when asked, with the population as a parameter', () => {
    const options = { direction: 'UPSTREAM', maxDepth: 3, types: ['CAUSES'] } as const;
    const filtered = causalChainsCypher({ ...options, byPopulation: true });
    expect(filtered).toContain('[r3:CAUSES WHERE r3.population IS NULL OR r3.population = $population]');
    expect(filtered.match(/= \$population/g)).toHaveLength(1 + 2 + 3);
    expect(causalChainsCypher({ ...options, byPopulation: false })).not.toContain('population =');
  });

  it('searches shortest paths in either direction unless directed', () => {
    expect(pathsCypher({ maxLength: 4, types: ['CAUSES', 'HAS_FEATURE'], directed: false })).toContain(
      'allShortestPaths((a)-[:CAUSES|HAS_FEATURE*..4]-(b))',
    );
    expect(pathsCypher({ maxLength: 4, types: ['CAUSES'], directed: true })).toContain(
      'allShortestPaths((a)-[:CAUSES*..4]->(b))',
    );
  });
});

const SOURCE: SourceRow = {
  id: 'cleveland-clinic-myoclonus',
  kind: 'article',
  title: 'Myoclonus',
  publisher: 'Cleveland Clinic',
  lastReviewed: '2023-03-16',
  version: null,
  url: null,
  license: null,
};

const concept = (id: string, labels: string[]): ConceptRow => ({
  id,
  name: id.replace(/-/g, ' '),
  labels: ['Concept', ...labels],
  synonyms: null,
  description: null,
  xrefs: null,
  evidenceSources: null,
  evidenceQuotes: null,
  sources: [],
});

const relationship = (key: string, quote: string, population: RelationshipRow['population'] = null) => ({
  key,
  type: 'CAUSES' as const,
  population,
  statedAs: null,
  evidenceSources: [SOURCE.id],
  evidenceQuotes: [quote],
  sources: [SOURCE],
});

describe('toPaths', () => {
  const row = {
    nodes: [
      concept('opsoclonus-myoclonus-syndrome', ['Condition']),
      concept('faulty-immune-reaction', ['Cause']),
      concept('neuroblastoma', ['Condition', 'Cancer']),
    ],
    relationships: [
      relationship('r1', 'OMS sometimes happens because...'),
      relationship('r2', 'In children...', 'children'),
    ],
    paths: [
      {
        ids: ['opsoclonus-myoclonus-syndrome', 'faulty-immune-reaction'],
        hops: [{ key: 'r1', forward: false }],
      },
      {
        ids: ['opsoclonus-myoclonus-syndrome', 'faulty-immune-reaction', 'neuroblastoma'],
        hops: [
          { key: 'r1', forward: false },
          { key: 'r2', forward: false },
        ],
      },
    ],
  };

  it('assembles each path from the shared concepts and relationships, in order, with direction and evidence', () => {
    const [short, long] = toPaths(row);
    expect(short).toMatchObject({ start: { id: 'opsoclonus-myoclonus-syndrome' }, length: 1 });
    expect(long?.start.kind).toBe('Condition');
    expect(long?.end).toMatchObject({ id: 'neuroblastoma', kind: 'Cancer' });
    expect(long?.length).toBe(2);
    expect(long?.hops.map((h) => [h.node.id, h.relationship, h.direction, h.population])).toEqual([
      ['faulty-immune-reaction', 'CAUSES', 'BACKWARD', null],
      ['neuroblastoma', 'CAUSES', 'BACKWARD', 'children'],
    ]);
    expect(long?.hops[1]?.evidence).toEqual([
      { quote: 'In children...', source: { ...SOURCE, kind: 'article' } },
    ]);
    expect(short?.hops[0]?.node).toBe(long?.hops[0]?.node);
  });

  it('marks a hop FORWARD when it follows the stored direction', () => {
    const [path] = toPaths({
      ...row,
      paths: [{ ids: ['neuroblastoma', 'faulty-immune-reaction'], hops: [{ key: 'r2', forward: true }] }],
    });
    expect(path?.hops[0]?.direction).toBe('FORWARD');
  });

  it('fails loudly when a path refers to a concept or relationship the row does not hold', () => {
    expect(() =>
      toPaths({ ...row, paths: [{ ids: ['a', 'b'], hops: [{ key: 'r1', forward: true }] }] }),
    ).toThrow(/concept/);
    expect(() =>
      toPaths({
        ...row,
        paths: [{ ids: ['neuroblastoma', 'neuroblastoma'], hops: [{ key: 'r9', forward: true }] }],
      }),
    ).toThrow(/relationship/);
  });
});

describe('toNeighborhood', () => {
  it('takes the depth-0 node as the center and keeps the edges in their stored direction', () => {
    const n = toNeighborhood({
      found: true,
      truncated: true,
      nodes: [
        { depth: 0, node: concept('faulty-immune-reaction', ['Cause']) },
        { depth: 1, node: concept('neuroblastoma', ['Condition', 'Cancer']) },
      ],
      edges: [
        {
          ...relationship('r2', 'In children...', 'children'),
          from: 'neuroblastoma',
          to: 'faulty-immune-reaction',
        },
      ],
    });
    expect(n.center.id).toBe('faulty-immune-reaction');
    expect(n.nodes.map((x) => [x.node.id, x.depth])).toEqual([
      ['faulty-immune-reaction', 0],
      ['neuroblastoma', 1],
    ]);
    expect(n.edges).toEqual([
      {
        from: 'neuroblastoma',
        to: 'faulty-immune-reaction',
        relationship: 'CAUSES',
        population: 'children',
        statedAs: null,
        evidence: [{ quote: 'In children...', source: SOURCE }],
      },
    ]);
    expect(n.truncated).toBe(true);
  });

  it('fails loudly without a center', () => {
    expect(() => toNeighborhood({ found: true, truncated: false, nodes: [], edges: [] })).toThrow(/center/);
  });
});

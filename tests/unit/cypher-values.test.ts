import neo4j, { Integer, Node, Path, PathSegment, Relationship } from 'neo4j-driver';
import { collectGraphIds, toCypherJson, toDriverParams } from '../../src/cypher/cypher.values';

const int = (n: number) => neo4j.int(n);
const a = new Node(int(1), ['Concept', 'Cause'], { id: 'infections', name: 'infections' }, 'e:1');
const b = new Node(int(2), ['Concept', 'Condition'], { id: 'myoclonus', count: int(3) }, 'e:2');
const anonymous = new Node(int(3), ['Thing'], { name: 'no id' }, 'e:3');
const r = new Relationship(int(9), int(1), int(2), 'CAUSES', { population: 'children' }, 'r:9', 'e:1', 'e:2');

describe('toCypherJson', () => {
  it('names nodes by their id property, or their element id when they have none', () => {
    expect(toCypherJson(a, new Map())).toEqual({
      id: 'infections',
      elementId: 'e:1',
      labels: ['Concept', 'Cause'],
      properties: { id: 'infections', name: 'infections' },
    });
    expect(toCypherJson(anonymous, new Map())).toMatchObject({ id: 'e:3' });
    expect(toCypherJson(b, new Map())).toMatchObject({ properties: { count: 3 } });
  });

  it('names relationship ends through the map, falling back to element ids', () => {
    const ends = new Map([['e:1', 'infections']]);
    expect(toCypherJson(r, ends)).toEqual({
      elementId: 'r:9',
      type: 'CAUSES',
      start: 'infections',
      end: 'e:2',
      properties: { population: 'children' },
    });
  });

  it('turns a path into its nodes and relationships in order', () => {
    const path = new Path(a, b, [new PathSegment(a, r, b)]);
    const json = toCypherJson(
      path,
      new Map([
        ['e:1', 'infections'],
        ['e:2', 'myoclonus'],
      ]),
    ) as {
      length: number;
      nodes: Array<{ id: string }>;
      relationships: Array<{ start: string; end: string }>;
    };
    expect(json.length).toBe(1);
    expect(json.nodes.map((n) => n.id)).toEqual(['infections', 'myoclonus']);
    expect(json.relationships[0]).toMatchObject({ start: 'infections', end: 'myoclonus' });
  });

  it('converts lists and maps deeply, and integers past 2^53 to strings', () => {
    const big = Integer.fromString('9007199254740993');
    expect(toCypherJson({ xs: [int(1), big, null, { n: a }] }, new Map())).toEqual({
      xs: [1, '9007199254740993', null, { n: expect.objectContaining({ id: 'infections' }) }],
    });
  });
});

describe('collectGraphIds', () => {
  it('learns node ids and the relationship ends it has not met', () => {
    const known = new Map<string, string>();
    const ends = new Set<string>();
    collectGraphIds({ list: [a, r], path: new Path(b, b, []) }, known, ends);
    expect([...known]).toEqual([
      ['e:1', 'infections'],
      ['e:2', 'myoclonus'],
    ]);
    expect([...ends].sort()).toEqual(['e:1', 'e:2']);
  });
});

describe('toDriverParams', () => {
  it('turns whole numbers into Cypher integers and leaves other JSON as it is', () => {
    const params = toDriverParams({ n: 3, f: 1.5, s: 'x', list: [1, 'a'], map: { deep: [2] }, nil: null });
    expect(neo4j.isInt(params.n)).toBe(true);
    expect((params.n as Integer).toNumber()).toBe(3);
    expect(params.f).toBe(1.5);
    expect(params.s).toBe('x');
    expect(neo4j.isInt((params.list as unknown[])[0])).toBe(true);
    expect(neo4j.isInt((params.map as { deep: unknown[] }).deep[0])).toBe(true);
    expect(params.nil).toBeNull();
  });

  it('takes null and undefined as no parameters', () => {
    expect(toDriverParams(null)).toEqual({});
    expect(toDriverParams(undefined)).toEqual({});
  });

  it.each([
    [[1, 2], /must be a JSON object/],
    ['text', /must be a JSON object/],
    [{ 'a b': 1 }, /parameter name "a b" is not valid/],
    [{ '1a': 1 }, /parameter name "1a" is not valid/],
    [{ 'x}) DETACH DELETE n //': 1 }, /is not valid/],
    [{ deep: JSON.parse('['.repeat(20) + ']'.repeat(20)) }, /nested more than 16 levels/],
  ])('rejects %j', (params, message) => {
    expect(() => toDriverParams(params)).toThrow(message);
  });
});

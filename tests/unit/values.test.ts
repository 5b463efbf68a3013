import neo4j from 'neo4j-driver';
import { toPlain, toPlainInPlace, toPlainMap } from '../../src/neo4j/values';

// Every driver value here is built with the driver's own constructors, the way the driver hydrates query results.
const {
  Date: Neo4jDate,
  DateTime,
  Duration,
  LocalDateTime,
  LocalTime,
  Time,
  Point,
  Node,
  Relationship,
} = neo4j.types;
const { Path, PathSegment } = neo4j.types;

describe('toPlain', () => {
  describe('integers', () => {
    it('turns an Integer in the safe range into a number', () => {
      expect(toPlain(neo4j.int(42))).toBe(42);
      expect(toPlain(neo4j.int(-7))).toBe(-7);
      expect(toPlain(neo4j.int(0))).toBe(0);
    });

    it('keeps the edges of the safe range as numbers', () => {
      expect(toPlain(neo4j.int(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
      expect(toPlain(neo4j.int(Number.MIN_SAFE_INTEGER))).toBe(Number.MIN_SAFE_INTEGER);
    });

    it('turns an Integer past 2^53 into its exact decimal string rather than a rounded number', () => {
      expect(toPlain(neo4j.int('9007199254740993'))).toBe('9007199254740993');
      expect(toPlain(neo4j.int('-9007199254740993'))).toBe('-9007199254740993');
      expect(toPlain(neo4j.int('9223372036854775807'))).toBe('9223372036854775807');
    });

    it('treats a bigint the same way as an Integer', () => {
      expect(toPlain(12n)).toBe(12);
      expect(toPlain(9007199254740993n)).toBe('9007199254740993');
    });
  });

  describe('temporal values become ISO-8601 strings', () => {
    it('converts a Date', () => {
      expect(toPlain(new Neo4jDate(2023, 3, 16))).toBe('2023-03-16');
    });

    it('converts a Date whose fields are driver Integers (as hydrated from Bolt)', () => {
      expect(toPlain(new Neo4jDate(neo4j.int(2023), neo4j.int(3), neo4j.int(16)))).toBe('2023-03-16');
    });

    it('converts a DateTime with an offset', () => {
      expect(toPlain(new DateTime(2023, 3, 16, 10, 20, 30, 5000, 3600))).toBe(
        '2023-03-16T10:20:30.000005000+01:00',
      );
    });

    it('converts a DateTime with an offset and a zone id', () => {
      expect(toPlain(new DateTime(2023, 3, 16, 10, 20, 30, 0, 3600, 'Europe/Paris'))).toBe(
        '2023-03-16T10:20:30+01:00[Europe/Paris]',
      );
    });

    it('converts a LocalDateTime', () => {
      expect(toPlain(new LocalDateTime(2023, 3, 16, 10, 20, 30, 0))).toBe('2023-03-16T10:20:30');
    });

    it('converts a Time and a LocalTime', () => {
      expect(toPlain(new Time(10, 20, 30, 0, -18000))).toBe('10:20:30-05:00');
      expect(toPlain(new LocalTime(1, 2, 3, 4))).toBe('01:02:03.000000004');
    });

    it('converts a Duration', () => {
      expect(toPlain(new Duration(14, 16, 12, 1))).toBe('P1Y2M16DT12.000000001S');
      expect(toPlain(new Duration(0, 0, -1, 0))).toBe('PT-1S');
    });
  });

  describe('spatial values', () => {
    it('turns a 2D point into { srid, x, y } with a numeric srid', () => {
      expect(toPlain(new Point(neo4j.int(7203), 1.5, -2))).toEqual({ srid: 7203, x: 1.5, y: -2 });
    });

    it('turns a 3D point into { srid, x, y, z }', () => {
      expect(toPlain(new Point(neo4j.int(4979), 12.5, 55.6, 100))).toEqual({
        srid: 4979,
        x: 12.5,
        y: 55.6,
        z: 100,
      });
    });
  });

  describe('graph values', () => {
    const a = new Node(
      neo4j.int(1),
      ['Concept', 'Condition'],
      { id: 'myoclonus', rank: neo4j.int(3) },
      '4:db:1',
    );
    const b = new Node(neo4j.int(2), ['Concept', 'BodyRegion'], { id: 'hands' }, '4:db:2');
    const r = new Relationship(
      neo4j.int(10),
      neo4j.int(1),
      neo4j.int(2),
      'AFFECTS',
      { population: null, since: new Neo4jDate(2023, 3, 16) },
      '5:db:10',
      '4:db:1',
      '4:db:2',
    );
    const plainA = {
      elementId: '4:db:1',
      labels: ['Concept', 'Condition'],
      properties: { id: 'myoclonus', rank: 3 },
    };
    const plainB = { elementId: '4:db:2', labels: ['Concept', 'BodyRegion'], properties: { id: 'hands' } };
    const plainR = {
      elementId: '5:db:10',
      type: 'AFFECTS',
      startElementId: '4:db:1',
      endElementId: '4:db:2',
      properties: { population: null, since: '2023-03-16' },
    };

    it('turns a Node into { elementId, labels, properties }, converting its properties', () => {
      expect(toPlain(a)).toEqual(plainA);
    });

    it('does not expose the legacy numeric identity of a node or relationship', () => {
      expect(toPlain(a)).not.toHaveProperty('identity');
      expect(toPlain(r)).not.toHaveProperty('identity');
    });

    it('turns a Relationship into { elementId, type, startElementId, endElementId, properties }', () => {
      expect(toPlain(r)).toEqual(plainR);
    });

    it('turns a Path into { start, end, segments } of plain nodes and relationships', () => {
      const path = new Path(a, b, [new PathSegment(a, r, b)]);
      expect(toPlain(path)).toEqual({
        start: plainA,
        end: plainB,
        segments: [{ start: plainA, relationship: plainR, end: plainB }],
      });
    });

    it('turns a zero-length Path into a path with no segments', () => {
      expect(toPlain(new Path(a, a, []))).toEqual({ start: plainA, end: plainA, segments: [] });
    });
  });

  describe('collections', () => {
    it('converts nested lists and maps recursively', () => {
      const value = {
        ids: [neo4j.int(1), [neo4j.int(2), new Neo4jDate(2023, 3, 16)]],
        inner: { count: neo4j.int('9007199254740993'), when: new LocalDateTime(2023, 3, 16, 0, 0, 0, 0) },
        empty: [],
      };
      expect(toPlain(value)).toEqual({
        ids: [1, [2, '2023-03-16']],
        inner: { count: '9007199254740993', when: '2023-03-16T00:00:00' },
        empty: [],
      });
    });

    it('converts every value of a record map (toPlainMap)', () => {
      expect(toPlainMap({ n: neo4j.int(5), s: 'x', missing: undefined })).toEqual({
        n: 5,
        s: 'x',
        missing: null,
      });
    });

    it('turns byte arrays into base64', () => {
      expect(toPlain(new Uint8Array([0, 1, 2, 254, 255]))).toBe('AAEC/v8=');
    });
  });

  describe('scalars', () => {
    it('turns null and undefined into null', () => {
      expect(toPlain(null)).toBeNull();
      expect(toPlain(undefined)).toBeNull();
    });

    it('passes booleans, strings and finite numbers through', () => {
      expect(toPlain(true)).toBe(true);
      expect(toPlain(false)).toBe(false);
      expect(toPlain('')).toBe('');
      expect(toPlain('text')).toBe('text');
      expect(toPlain(0.5)).toBe(0.5);
      expect(toPlain(-0)).toBe(-0);
    });

    it('turns NaN and the infinities into strings, since JSON cannot carry them', () => {
      expect(toPlain(Number.NaN)).toBe('NaN');
      expect(toPlain(Number.POSITIVE_INFINITY)).toBe('Infinity');
      expect(toPlain(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
    });

    it('produces values that survive a JSON round trip unchanged', () => {
      const plain = toPlain({
        big: neo4j.int('9223372036854775807'),
        nan: Number.NaN,
        date: new Neo4jDate(2023, 3, 16),
        list: [neo4j.int(1), null],
      });
      expect(JSON.parse(JSON.stringify(plain))).toEqual(plain);
    });
  });
});

describe('toPlainInPlace', () => {
  const record = () => ({
    name: 'myoclonus',
    depth: neo4j.int(2),
    big: neo4j.int('9007199254740993'),
    ok: true,
    nothing: null,
    ratio: 0.5,
    synonyms: ['jerks', 'twitches'],
    node: { id: 'a', labels: ['Concept'], nested: [{ count: neo4j.int(3) }, [neo4j.int(4)]] },
    reviewed: new Neo4jDate(2023, 3, 16),
    element: new Node(neo4j.int(1), ['Concept'], { id: 'x', n: neo4j.int(5) }, 'e1'),
  });

  it('gives what toPlain gives, for every kind of value a record holds', () => {
    expect(toPlainInPlace(record())).toEqual(toPlain(record()));
  });

  it('converts plain maps and lists in place instead of copying them', () => {
    const value = record();
    const { node, synonyms } = value;
    const plain = toPlainInPlace(value) as Record<string, unknown>;
    expect(plain).toBe(value);
    expect(plain.node).toBe(node);
    expect(plain.synonyms).toBe(synonyms);
    expect(node.nested[0]).toEqual({ count: 3 });
  });
});

import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, PAGE_SIZE, pageInfo, pageSize } from '../../src/graphql/pagination';

/** The error `fn` throws; fails unless it is a BAD_USER_INPUT GraphQLError about `argument`. */
function badUserInput(fn: () => unknown, argument: string): GraphQLError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(GraphQLError);
  const error = thrown as GraphQLError;
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  expect(error.message).toContain(`"${argument}"`);
  return error;
}

const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

describe('pageSize', () => {
  it('uses the default page size when `first` is absent', () => {
    expect(pageSize(undefined)).toBe(PAGE_SIZE.default);
    expect(pageSize(null)).toBe(PAGE_SIZE.default);
  });

  it('caps the default at a smaller maximum', () => {
    expect(pageSize(undefined, 5)).toBe(5);
  });

  it('accepts 0, 1 and the maximum', () => {
    expect(pageSize(0)).toBe(0);
    expect(pageSize(1)).toBe(1);
    expect(pageSize(PAGE_SIZE.max)).toBe(PAGE_SIZE.max);
    expect(pageSize(50, 50)).toBe(50);
  });

  it.each([
    ['max + 1', PAGE_SIZE.max + 1],
    ['a negative number', -1],
    ['a non-integer', 2.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('rejects `first` = %s as BAD_USER_INPUT naming `first`', (_label, first) => {
    const error = badUserInput(() => pageSize(first), 'first');
    expect(error.message).toContain(`between 0 and ${PAGE_SIZE.max}`);
  });

  it('checks `first` against the maximum it is given, not the global one', () => {
    const error = badUserInput(() => pageSize(51, 50), 'first');
    expect(error.message).toContain('between 0 and 50 (got 51)');
  });
});

describe('cursors', () => {
  it.each<[string, Array<string | number>, Array<'string' | 'number'>]>([
    ['NAME', ['NAME', 'palatal myoclonus', 'palatal-myoclonus'], ['string', 'string']],
    ['ID', ['ID', 'opsoclonus-myoclonus-syndrome'], ['string']],
    ['search', ['search', 0], ['number']],
    ['search', ['search', 1234], ['number']],
    ['NAME', ['NAME', 'naïve “quoted” ’name’ / with ~ and 😀', 'x'], ['string', 'string']],
  ])('round-trips a %s cursor', (ordering, parts, types) => {
    const cursor = encodeCursor(parts);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]*$/);
    expect(decodeCursor(cursor, ordering, types)).toEqual(parts.slice(1));
  });

  it('makes cursors that do not show their content in plain text', () => {
    expect(encodeCursor(['ID', 'myoclonus'])).not.toContain('myoclonus');
  });

  describe('rejects a cursor it did not make as BAD_USER_INPUT naming `after`', () => {
    it.each([
      ['empty', ''],
      ['garbage', 'not a cursor!'],
      ['base64 of non-JSON', base64url('{{{')],
      ['base64 of a JSON object', base64url('{"ordering":"ID","id":"x"}')],
      ['base64 of a JSON string', base64url('"ID"')],
      ['base64 of JSON null', base64url('null')],
      ['base64 of an empty JSON array', base64url('[]')],
    ])('%s', (_label, cursor) => {
      badUserInput(() => decodeCursor(cursor, 'ID', ['string']), 'after');
    });

    it('a cursor of another ordering', () => {
      const error = badUserInput(
        () => decodeCursor(encodeCursor(['ID', 'myoclonus']), 'NAME', ['string', 'string']),
        'after',
      );
      expect(error.message).toContain('NAME');
    });

    it('a cursor with too few parts', () => {
      badUserInput(
        () => decodeCursor(encodeCursor(['NAME', 'myoclonus']), 'NAME', ['string', 'string']),
        'after',
      );
    });

    it('a cursor with too many parts', () => {
      badUserInput(() => decodeCursor(encodeCursor(['ID', 'myoclonus', 'extra']), 'ID', ['string']), 'after');
    });

    it.each<[string, unknown[], Array<'string' | 'number'>]>([
      ['a number where a string belongs', ['NAME', 5, 'myoclonus'], ['string', 'string']],
      ['a string where a number belongs', ['search', '5'], ['number']],
      ['null where a string belongs', ['ID', null], ['string']],
      ['a list where a string belongs', ['ID', ['myoclonus']], ['string']],
      ['a negative offset', ['search', -1], ['number']],
      ['a fractional offset', ['search', 1.5], ['number']],
    ])('a cursor with %s', (_label, parts, types) => {
      const cursor = base64url(JSON.stringify(parts));
      badUserInput(() => decodeCursor(cursor, String(parts[0]), types), 'after');
    });

    it('an oversized cursor, even when it is otherwise well formed', () => {
      const cursor = encodeCursor(['ID', 'x'.repeat(2000)]);
      expect(cursor.length).toBeGreaterThan(2048);
      badUserInput(() => decodeCursor(cursor, 'ID', ['string']), 'after');
    });
  });

  it('answers random bytes and corrupted cursors with parts or BAD_USER_INPUT, never another error', () => {
    // A fixed pseudo-random sequence (no flakiness): byte strings, truncated and corrupted real cursors.
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const real = encodeCursor(['NAME', 'palatal myoclonus', 'palatal-myoclonus']);
    const inputs: string[] = [];
    for (let i = 0; i < 300; i += 1) {
      const bytes = Buffer.from(Array.from({ length: next() % 64 }, () => next() % 256));
      inputs.push(bytes.toString('base64url'), bytes.toString('latin1'));
      const cut = next() % real.length;
      inputs.push(
        real.slice(0, cut),
        real.slice(0, cut) + String.fromCharCode(next() % 128) + real.slice(cut + 1),
      );
    }
    const outcomes = inputs.map((input) => {
      try {
        const parts = decodeCursor(input, 'NAME', ['string', 'string']);
        return parts.every((p) => typeof p === 'string') ? 'parts' : 'wrong parts';
      } catch (error) {
        return error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT'
          ? 'BAD_USER_INPUT'
          : String(error);
      }
    });
    expect(outcomes.filter((o) => o !== 'parts' && o !== 'BAD_USER_INPUT')).toEqual([]);
    expect(outcomes).toContain('BAD_USER_INPUT');
  });
});

describe('pageInfo', () => {
  it('takes the start and end cursors from the page and the previous-page flag from `after`', () => {
    expect(pageInfo(['a', 'b', 'c'], true, 'prev')).toEqual({
      hasNextPage: true,
      hasPreviousPage: true,
      startCursor: 'a',
      endCursor: 'c',
    });
  });

  it('has null cursors for an empty page', () => {
    expect(pageInfo([], false, null)).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });
});

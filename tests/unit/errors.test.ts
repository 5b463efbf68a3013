import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import { Neo4jError } from 'neo4j-driver';
import { badInput, ErrorCode, formatError, isDatabaseUnavailable } from '../../src/graphql/errors';

/** A driver error as neo4j-driver builds it (message, code, GQL status). */
const neo4jError = (message: string, code: string): Neo4jError =>
  new Neo4jError(message, code, '50N42', 'error');

/** What Apollo hands formatError for an error a resolver threw: the wrapped error and its formatted form. */
function fromResolver(original: Error): { formatted: GraphQLFormattedError; error: GraphQLError } {
  const error = new GraphQLError(original.message, { path: ['concept'], originalError: original });
  const formatted: GraphQLFormattedError = {
    message: original.message,
    locations: [{ line: 1, column: 3 }],
    path: ['concept'],
    extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: (original.stack ?? '').split('\n') },
  };
  return { formatted, error };
}

const INTERNALS =
  'Failed to connect to bolt://10.1.2.3:7687 as neo4j/hunter2-password at /srv/app/src/neo4j/database.ts:42';

describe('formatError', () => {
  describe('client errors the service raised on purpose', () => {
    it('passes a BAD_USER_INPUT error through with its message, location, path and argument', () => {
      const error = badInput('first', 'must be between 0 and 100 (got 101)');
      const formatted: GraphQLFormattedError = {
        message: error.message,
        locations: [{ line: 2, column: 5 }],
        path: ['conditions'],
        extensions: {
          code: 'BAD_USER_INPUT',
          argument: 'first',
          stacktrace: ['GraphQLError: ...', '    at x.ts:1'],
        },
      };
      expect(
        formatError(
          formatted,
          new GraphQLError(error.message, { path: ['conditions'], originalError: error }),
        ),
      ).toEqual({
        message: 'Argument "first" must be between 0 and 100 (got 101)',
        locations: [{ line: 2, column: 5 }],
        path: ['conditions'],
        extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
      });
    });

    it.each(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'])(
      'passes a %s error through without stacktrace',
      (code) => {
        const formatted: GraphQLFormattedError = {
          message: 'Cannot query field "nope" on type "Query".',
          locations: [{ line: 1, column: 3 }],
          extensions: { code, stacktrace: ['GraphQLError: Cannot query field', '    at validate'] },
        };
        const result = formatError(formatted, new GraphQLError(formatted.message));
        expect(result).toEqual({
          message: 'Cannot query field "nope" on type "Query".',
          locations: [{ line: 1, column: 3 }],
          extensions: { code },
        });
        expect(result.extensions).not.toHaveProperty('stacktrace');
      },
    );
  });

  describe('database outages', () => {
    it.each(['ServiceUnavailable', 'SessionExpired', 'Neo.TransientError.General.DatabaseUnavailable'])(
      'maps a Neo4jError with code %s to DATABASE_UNAVAILABLE without the driver message',
      (code) => {
        const { formatted, error } = fromResolver(neo4jError(INTERNALS, code));
        const result = formatError(formatted, error);
        expect(result).toEqual({
          message: 'The database is unavailable right now; try again shortly.',
          locations: [{ line: 1, column: 3 }],
          path: ['concept'],
          extensions: { code: ErrorCode.DATABASE_UNAVAILABLE },
        });
        expect(JSON.stringify(result)).not.toContain('10.1.2.3');
      },
    );

    it('recognises an outage that reaches formatError unwrapped', () => {
      const original = neo4jError('No routing servers available', 'ServiceUnavailable');
      const formatted: GraphQLFormattedError = {
        message: original.message,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
      expect(formatError(formatted, original).extensions).toEqual({ code: 'DATABASE_UNAVAILABLE' });
    });
  });

  describe('any other error becomes a generic INTERNAL_SERVER_ERROR', () => {
    const generic = (result: GraphQLFormattedError): void => {
      expect(result).toEqual({
        message: 'Internal server error.',
        locations: [{ line: 1, column: 3 }],
        path: ['concept'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    };

    it('a Neo4jError for a Cypher syntax error, with no trace of the query or the driver code', () => {
      const original = neo4jError(
        `Invalid input 'MATCHH': expected 'MATCH' (line 1, column 1 (offset: 0)) "MATCHH (c:Concept {secret: 1})"`,
        'Neo.ClientError.Statement.SyntaxError',
      );
      const { formatted, error } = fromResolver(original);
      const result = formatError(formatted, error);
      generic(result);
      const text = JSON.stringify(result);
      for (const leak of ['MATCHH', 'secret', 'SyntaxError', 'Neo.ClientError', 'stacktrace']) {
        expect(text).not.toContain(leak);
      }
    });

    it('a plain Error whose message holds internals (hosts, credentials, file paths)', () => {
      const { formatted, error } = fromResolver(new Error(INTERNALS));
      const result = formatError(formatted, error);
      generic(result);
      const text = JSON.stringify(result);
      for (const leak of ['10.1.2.3', 'hunter2', '/srv/app', 'database.ts', 'stacktrace']) {
        expect(text).not.toContain(leak);
      }
    });

    it('a TypeError from a bug in a resolver', () => {
      const { formatted, error } = fromResolver(
        new TypeError("Cannot read properties of undefined (reading 'id')"),
      );
      generic(formatError(formatted, error));
    });

    it('a formatted error with no code at all', () => {
      const formatted: GraphQLFormattedError = {
        message: 'something internal',
        locations: [{ line: 1, column: 3 }],
        path: ['concept'],
      };
      generic(formatError(formatted, new Error('something internal')));
    });
  });
});

describe('isDatabaseUnavailable', () => {
  it('is false for errors that are not driver errors, whatever their code', () => {
    const lookalike = Object.assign(new Error('down'), { code: 'ServiceUnavailable' });
    expect(isDatabaseUnavailable(lookalike)).toBe(false);
    expect(isDatabaseUnavailable('ServiceUnavailable')).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });

  it('is false for driver errors about the query', () => {
    expect(isDatabaseUnavailable(neo4jError('bad', 'Neo.ClientError.Statement.SyntaxError'))).toBe(false);
  });
});

describe('formatError inside Apollo Server', () => {
  // A real Apollo Server with stack traces switched ON, to show formatError strips them whatever the setting.
  const server = new ApolloServer({
    typeDefs:
      'type Query { badInput: Int, outage: Int, syntax: Int, bug: Int, sized(first: Int! = 10): Int, strict: Int! }',
    resolvers: {
      Query: {
        badInput: () => {
          throw badInput('first', 'must be between 0 and 100 (got 101)');
        },
        outage: () => {
          throw neo4jError(INTERNALS, 'ServiceUnavailable');
        },
        syntax: () => {
          throw neo4jError(`Invalid input 'MATCHH'`, 'Neo.ClientError.Statement.SyntaxError');
        },
        bug: () => {
          throw new Error(INTERNALS);
        },
        sized: (_: unknown, args: { first: number }) => args.first,
        strict: () => null,
      },
    },
    formatError,
    includeStacktraceInErrorResponses: true,
  });

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  async function errorsOf(query: string): Promise<readonly GraphQLFormattedError[]> {
    const response = await server.executeOperation({ query });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult.errors ?? [];
  }

  it('gives each resolver error the code and message clients rely on, with no stacktrace or internals', async () => {
    const errors = await errorsOf('{ badInput outage syntax bug }');
    const byField = Object.fromEntries(errors.map((e) => [String(e.path?.[0]), e]));
    expect(byField.badInput).toMatchObject({
      message: 'Argument "first" must be between 0 and 100 (got 101)',
      extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
    });
    expect(byField.outage).toMatchObject({ extensions: { code: 'DATABASE_UNAVAILABLE' } });
    expect(byField.syntax).toMatchObject({
      message: 'Internal server error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(byField.bug).toMatchObject({
      message: 'Internal server error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    const text = JSON.stringify(errors);
    for (const leak of ['stacktrace', '10.1.2.3', 'hunter2', 'MATCHH']) expect(text).not.toContain(leak);
  });

  it('calls an argument that graphql-js refuses at execution (null for a non-null with default) BAD_USER_INPUT', async () => {
    const response = await server.executeOperation({
      query: 'query ($n: Int) { sized(first: $n) }',
      variables: { n: null },
    });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const [error] = response.body.singleResult.errors ?? [];
    expect(error?.message).toBe('Argument "first" of non-null type "Int!" must not be null.');
    expect(error?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('keeps a null returned for a non-null field an internal error: that is a server bug, not bad input', async () => {
    const [error] = await errorsOf('{ strict }');
    expect(error).toMatchObject({
      message: 'Internal server error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('passes a validation error through with its code and without stacktrace', async () => {
    const [error, ...rest] = await errorsOf('{ nope }');
    expect(rest).toEqual([]);
    expect(error?.message).toContain('Cannot query field "nope"');
    expect(error?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });
});

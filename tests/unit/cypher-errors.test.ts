import { Neo4jError } from 'neo4j-driver';
import { CypherError, fixPositions, toCypherError } from '../../src/cypher/cypher.errors';

const neo4jError = (code: string, message: string) => new Neo4jError(message, code, 'gql', 'description');

describe('toCypherError', () => {
  it.each([
    [
      'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
      'CYPHER_TIMEOUT',
      /timeout of 1234 ms/,
    ],
    ['Neo.ClientError.Transaction.TransactionTimedOut', 'CYPHER_TIMEOUT', /stopped/],
    ['Neo.TransientError.General.MemoryPoolOutOfMemoryError', 'CYPHER_MEMORY_LIMIT', /more memory/],
    ['Neo.ClientError.Statement.AccessMode', 'CYPHER_WRITE_REFUSED', /read-only/],
    ['Neo.ClientError.Statement.SyntaxError', 'CYPHER_SYNTAX_ERROR', /Invalid input/],
    ['Neo.ClientError.Statement.SemanticError', 'CYPHER_SYNTAX_ERROR', /Invalid input/],
    ['Neo.ClientError.Statement.ParameterMissing', 'CYPHER_SYNTAX_ERROR', /Invalid input/],
    [
      'Neo.ClientError.Statement.ArithmeticError',
      'CYPHER_EXECUTION_ERROR',
      /failed while running: Invalid input/,
    ],
    ['ServiceUnavailable', 'DATABASE_UNAVAILABLE', /unavailable/],
  ])('maps %s to %s', (code, ours, message) => {
    const error = toCypherError(neo4jError(code, 'Invalid input'), 1234);
    expect(error).toBeInstanceOf(CypherError);
    expect(error!.code).toBe(ours);
    expect(error!.message).toMatch(message);
  });

  it('names the missing procedure without Neo4j internals', () => {
    const error = toCypherError(
      neo4jError(
        'Neo.ClientError.Procedure.ProcedureNotFound',
        'There is no procedure with the name `apoc.load.json` registered for this database instance.',
      ),
      5000,
    );
    expect(error).toEqual(expect.objectContaining({ code: 'CYPHER_REFUSED' }));
    expect(error!.message).toMatch(/no procedure `apoc.load.json` is available here/);
  });

  it('keeps Java stack lines out of messages', () => {
    const error = toCypherError(
      neo4jError('Neo.ClientError.Statement.TypeError', 'Wrong type\n\tat org.neo4j.Foo.bar(Foo.java:1)'),
      5000,
    );
    expect(error!.message).toBe('The query failed while running: Wrong type');
  });

  it('returns null for what the analyst cannot act on', () => {
    expect(toCypherError(new Error('boom'), 5000)).toBeNull();
    expect(toCypherError(neo4jError('Neo.DatabaseError.General.UnknownError', 'x'), 5000)).toBeNull();
  });

  it('gives every code an HTTP status', () => {
    expect(new CypherError('CYPHER_TIMEOUT', 'x').status).toBe(504);
    expect(new CypherError('CYPHER_WRITE_REFUSED', 'x').status).toBe(403);
    expect(new CypherError('BAD_USER_INPUT', 'x').status).toBe(400);
  });
});

describe('fixPositions', () => {
  it('moves positions from the EXPLAIN-prefixed text back into the analyst’s', () => {
    expect(fixPositions('Invalid input (line 3, column 5 (offset: 30))', 8)).toBe(
      'Invalid input (line 2, column 5 (offset: 22))',
    );
  });
});

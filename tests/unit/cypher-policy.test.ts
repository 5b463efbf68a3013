import { ALLOWED_PROCEDURES, checkPlan, procedureName } from '../../src/cypher/cypher.policy';
import type { PlanLike } from '../../src/cypher/cypher.policy';

/** A plan shaped like neo4j-driver's: ProduceResults on top of the given operators, each the child of the last. */
function plan(...ops: Array<string | [string, string]>): PlanLike {
  let node: PlanLike | undefined;
  for (const op of [...ops].reverse()) {
    const [operatorType, details] = typeof op === 'string' ? [op, undefined] : op;
    node = {
      operatorType: `${operatorType}@neo4j`,
      arguments: details ? { Details: details } : {},
      children: node ? [node] : [],
    };
  }
  return { operatorType: 'ProduceResults@neo4j', arguments: {}, children: node ? [node] : [] };
}

describe('checkPlan', () => {
  it('lets a read through', () => {
    expect(checkPlan({ queryType: 'r', plan: plan('Expand(All)', 'NodeIndexSeek') }, 'neo4j')).toBeNull();
  });

  it.each([
    ['w', /writes to the graph/],
    ['rw', /reads and writes/],
    ['s', /schema or administers/],
    ['x', /query type "x"/],
  ])('refuses query type %s as a write', (queryType, message) => {
    const refusal = checkPlan({ queryType, plan: plan('Create') }, 'neo4j');
    expect(refusal).toEqual({ code: 'CYPHER_WRITE_REFUSED', message: expect.stringMatching(message) });
  });

  it.each([
    ['LoadCSV', /LOAD CSV/],
    ['TerminateTransactions', /administers/],
    ['TransactionForeach', /IN TRANSACTIONS/],
    ['ShowTransactions', /SHOW TRANSACTIONS describes the server/],
    ['ShowSettings', /SHOW SETTINGS/],
    ['ShowUsers', /SHOW USERS/],
  ])('refuses the read operator %s', (operator, message) => {
    const refusal = checkPlan({ queryType: 'r', plan: plan('Filter', operator) }, 'neo4j');
    expect(refusal).toEqual({ code: 'CYPHER_REFUSED', message: expect.stringMatching(message) });
  });

  it.each(['ShowIndexes', 'ShowConstraints', 'ShowProcedures', 'ShowFunctions'])(
    'allows the catalogue command %s',
    (op) => {
      expect(checkPlan({ queryType: 'r', plan: plan(op) }, 'neo4j')).toBeNull();
    },
  );

  it('refuses an operator planned for another database', () => {
    const p: PlanLike = { operatorType: 'AdministrationCommand@system', children: [] };
    expect(checkPlan({ queryType: 'r', plan: p }, 'neo4j')).toEqual({
      code: 'CYPHER_REFUSED',
      message: expect.stringMatching(/database "system"/),
    });
  });

  it('allows listed procedures and refuses others, however deep in the plan', () => {
    const allowed = plan('Apply', [
      'ProcedureCall',
      'db.index.fulltext.queryNodes($a, $b) :: (node :: NODE)',
    ]);
    expect(checkPlan({ queryType: 'r', plan: allowed }, 'neo4j')).toBeNull();
    const refused = plan('Apply', 'Filter', ['ProcedureCall', 'db.awaitIndexes($t) :: ()']);
    expect(checkPlan({ queryType: 'r', plan: refused }, 'neo4j')).toEqual({
      code: 'CYPHER_REFUSED',
      message: expect.stringMatching(/procedure db.awaitIndexes is not allowed/),
    });
    const unnamed = plan(['ProcedureCall', '???']);
    expect(checkPlan({ queryType: 'r', plan: unnamed }, 'neo4j')?.code).toBe('CYPHER_REFUSED');
  });

  it('refuses a plan it cannot inspect', () => {
    expect(checkPlan({ queryType: 'r', plan: false }, 'neo4j')?.code).toBe('CYPHER_REFUSED');
  });

  it('reads procedure names from plan details', () => {
    expect(procedureName('db.labels() :: (label :: STRING)')).toBe('db.labels');
    expect(
      procedureName('db.index.fulltext.queryNodes($autostring_0, $autostring_1) :: (node :: NODE)'),
    ).toBe('db.index.fulltext.queryNodes');
    expect(procedureName(undefined)).toBeNull();
    expect(procedureName('no call here')).toBeNull();
  });

  it('allows only read-only catalogue procedures', () => {
    for (const name of ALLOWED_PROCEDURES)
      expect(name).toMatch(
        /^db\.(labels|relationshipTypes|propertyKeys|schema\.|index\.fulltext\.(query|list)|info|ping)/,
      );
  });
});

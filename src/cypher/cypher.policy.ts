/**
 * What the read-only Cypher endpoint lets through, decided on the plan Neo4j makes with EXPLAIN (never on the
 * query text): the query type must be read-only, every operator must run on the service's database, and a few read
 * operators that reach outside the graph or administer the server are refused by name. Pure: tested with fake
 * plans in tests/unit/cypher-policy.test.ts and with Neo4j's real plans in tests/integration/cypher-*.test.ts.
 */

/** The procedures an analyst may call: read-only catalogue procedures and the full-text index the API uses. */
export const ALLOWED_PROCEDURES: ReadonlySet<string> = new Set([
  'db.labels',
  'db.relationshipTypes',
  'db.propertyKeys',
  'db.schema.nodeTypeProperties',
  'db.schema.relTypeProperties',
  'db.schema.visualization',
  'db.index.fulltext.queryNodes',
  'db.index.fulltext.queryRelationships',
  'db.index.fulltext.listAvailableAnalyzers',
  'db.info',
  'db.ping',
]);

/**
 * SHOW commands that describe the graph's schema and the callable catalogue. Every other SHOW (transactions,
 * settings, servers, databases, users, privileges) describes the server and its users and is refused.
 */
const ALLOWED_SHOW_OPERATORS: ReadonlySet<string> = new Set([
  'ShowIndexes',
  'ShowConstraints',
  'ShowProcedures',
  'ShowFunctions',
]);

/** Read-typed operators that still reach outside the graph or act on the server. */
const REFUSED_OPERATORS: Readonly<Record<string, string>> = {
  LoadCSV: 'LOAD CSV reads files and URLs; only the graph itself can be queried here.',
  TerminateTransactions: 'TERMINATE TRANSACTIONS administers the server.',
  TransactionForeach: 'CALL { ... } IN TRANSACTIONS is not available in a read-only query.',
  TransactionApply: 'CALL { ... } IN TRANSACTIONS is not available in a read-only query.',
};

export type RefusalCode = 'CYPHER_WRITE_REFUSED' | 'CYPHER_REFUSED';

export interface Refusal {
  code: RefusalCode;
  message: string;
}

/** The parts of a driver ResultSummary the policy reads (neo4j-driver's Plan and queryType). */
export interface PlanLike {
  operatorType: string;
  arguments?: Record<string, unknown>;
  children?: readonly PlanLike[];
}

export interface ExplainedQuery {
  /** 'r' read only, 'rw' read and write, 'w' write only, 's' schema or administration. */
  queryType: string;
  plan: PlanLike | false | null | undefined;
}

const QUERY_TYPE_WORDS: Readonly<Record<string, string>> = {
  w: 'writes to the graph',
  rw: 'reads and writes the graph',
  s: 'changes the schema or administers the server',
};

/** The operator's name without its runtime and database suffix: "ProcedureCall@neo4j" → "ProcedureCall". */
function operatorName(operatorType: string): string {
  return operatorType.split('@')[0] ?? operatorType;
}

/** The database an operator runs on ("AdministrationCommand@system" → "system"); null when the plan omits it. */
function operatorDatabase(operatorType: string): string | null {
  const at = operatorType.indexOf('@');
  return at < 0 ? null : operatorType.slice(at + 1);
}

/** "db.labels() :: (label :: STRING)" → "db.labels". */
export function procedureName(details: unknown): string | null {
  if (typeof details !== 'string') return null;
  const match = /^\s*([A-Za-z_][\w]*(?:\.[A-Za-z_`][\w`]*)*)\s*\(/.exec(details);
  return match?.[1]?.replace(/`/g, '') ?? null;
}

function* operators(plan: PlanLike): Generator<PlanLike> {
  yield plan;
  for (const child of plan.children ?? []) yield* operators(child);
}

/**
 * Null when the explained query may run; otherwise why not. `database` is the database the service queries: an
 * operator planned for another one (`USE system`, administration commands) is refused.
 */
export function checkPlan(explained: ExplainedQuery, database: string): Refusal | null {
  if (explained.queryType !== 'r') {
    const what = QUERY_TYPE_WORDS[explained.queryType] ?? `is of query type "${explained.queryType}"`;
    return {
      code: 'CYPHER_WRITE_REFUSED',
      message: `Refused: this query ${what}. Only read-only queries can run here.`,
    };
  }
  if (!explained.plan) {
    return { code: 'CYPHER_REFUSED', message: 'Refused: Neo4j returned no plan for this query.' };
  }
  for (const op of operators(explained.plan)) {
    const name = operatorName(op.operatorType);
    const db = operatorDatabase(op.operatorType);
    if (db !== null && db !== database) {
      return {
        code: 'CYPHER_REFUSED',
        message: `Refused: the query reaches the database "${db}"; only "${database}" can be queried here.`,
      };
    }
    const refused = REFUSED_OPERATORS[name];
    if (refused) return { code: 'CYPHER_REFUSED', message: `Refused: ${refused}` };
    if (name.startsWith('Show') && !ALLOWED_SHOW_OPERATORS.has(name)) {
      return {
        code: 'CYPHER_REFUSED',
        message: `Refused: ${name.replace(/^Show/, 'SHOW ').toUpperCase()} describes the server, not the graph.`,
      };
    }
    if (name === 'ProcedureCall') {
      const procedure = procedureName(op.arguments?.Details);
      if (!procedure || !ALLOWED_PROCEDURES.has(procedure)) {
        return {
          code: 'CYPHER_REFUSED',
          message:
            `Refused: the procedure ${procedure ?? '(unknown)'} is not allowed. Allowed procedures: ` +
            `${[...ALLOWED_PROCEDURES].join(', ')}.`,
        };
      }
    }
  }
  return null;
}

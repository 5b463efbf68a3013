import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from './logger';
import { createContext } from './graphql/context';
import type { Context } from './graphql/context';
import { formatError } from './graphql/errors';
import { queryStatsPlugin } from './graphql/query-stats.plugin';
import type { Database } from './neo4j/database';
import { schemaApplied } from './neo4j/schema';

export interface AppOptions {
  db: Database;
  schema: GraphQLSchema;
  logger: Logger;
  queryStats: boolean;
}

export interface App {
  app: express.Express;
  apollo: ApolloServer<Context>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The HTTP application: POST /graphql, GET /health (process up), GET /ready (Neo4j answers, schema applied). */
export async function createApp({ db, schema, logger, queryStats }: AppOptions): Promise<App> {
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ...(queryStats ? [queryStatsPlugin()] : []),
      {
        async requestDidStart() {
          return {
            async didEncounterErrors({ errors, contextValue }) {
              for (const error of errors) {
                if (!error.extensions?.code || error.extensions.code === 'INTERNAL_SERVER_ERROR') {
                  logger.error(
                    { requestId: contextValue.requestId, err: error.originalError ?? error },
                    error.message,
                  );
                }
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/ready', async (_req, res) => {
    const reachable = await db.ping();
    const applied = reachable ? await schemaApplied(db).catch(() => false) : false;
    const ready = reachable && applied;
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not ready', neo4j: reachable, schema: applied });
  });

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const header = req.headers['x-request-id'];
        const requestId = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
        return createContext(db, requestId);
      },
    }),
  );

  // Body-parser failures (malformed JSON, too large) answer in GraphQL's error shape, never with an HTML page.
  app.use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status;
    const type = (error as { type?: string }).type;
    if (status === 413 || type === 'entity.too.large') {
      res.status(413).json({
        errors: [{ message: 'Request body too large.', extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
      });
    } else if (status && status >= 400 && status < 500) {
      const message = type === 'entity.parse.failed' ? 'Request body is not valid JSON.' : 'Bad request.';
      res.status(status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    } else {
      logger.error({ err: error }, 'unhandled HTTP error');
      res.status(500).json({
        errors: [{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      });
    }
  });

  return { app, apollo };
}

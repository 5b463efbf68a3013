import type { ApolloServerPlugin } from '@apollo/server';

/** Pinned versions of GraphiQL's browser build and the React it runs on (loaded by the browser from unpkg). */
const GRAPHIQL_VERSION = '3.8.3';
const REACT_VERSION = '18.3.1';

/**
 * GraphiQL's own CDN page (github.com/graphql/graphiql, examples/graphiql-cdn), pointed at this endpoint. Its
 * requests are POSTs with Content-Type: application/json, which CSRF prevention lets through.
 */
export function graphiqlPage(endpoint: string): string {
  const unpkg = 'https://unpkg.com';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Myoclonus ontology: GraphiQL</title>
    <style>body { margin: 0; } #graphiql { height: 100vh; }</style>
    <link rel="stylesheet" href="${unpkg}/graphiql@${GRAPHIQL_VERSION}/graphiql.min.css" />
    <script crossorigin src="${unpkg}/react@${REACT_VERSION}/umd/react.production.min.js"></script>
    <script crossorigin src="${unpkg}/react-dom@${REACT_VERSION}/umd/react-dom.production.min.js"></script>
    <script crossorigin src="${unpkg}/graphiql@${GRAPHIQL_VERSION}/graphiql.min.js"></script>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script>
      const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
      ReactDOM.createRoot(document.getElementById('graphiql')).render(
        React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }),
      );
    </script>
  </body>
</html>
`;
}

/** Serves GraphiQL to browsers that GET the GraphQL endpoint (Accept: text/html); config GRAPHIQL. */
export function graphiqlPlugin<TContext extends object>(endpoint = '/graphql'): ApolloServerPlugin<TContext> {
  const html = graphiqlPage(endpoint);
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}

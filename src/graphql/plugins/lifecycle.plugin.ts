import type { ApolloServerPlugin } from '@apollo/server';

/** Hears the server's stop: `draining` when it stops accepting requests, `stopping` once they are done. */
export function lifecyclePlugin<TContext extends object>(hooks: {
  draining: () => void;
  stopping: () => void;
}): ApolloServerPlugin<TContext> {
  return {
    async serverWillStart() {
      return {
        async drainServer() {
          hooks.draining();
        },
        async serverWillStop() {
          hooks.stopping();
        },
      };
    },
  };
}

import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { PROJECT_ROOT } from '../../src/paths';

const TYPESCRIPT = require.resolve('typescript');

/**
 * `npm start` as a user runs it: src/main.ts in a plain Node process (no jest, so NODE_ENV is not "test" and every
 * library behaves as in production), on the test run's Neo4j. Ctrl-C (SIGINT) and SIGTERM must stop it, cleanly and
 * soon. Apollo Server installs its own signal handlers outside NODE_ENV=test; with main.ts's they raced and the
 * process never exited.
 */
function startMain(): {
  child: ReturnType<typeof spawn>;
  ready: Promise<string>;
  exited: Promise<number | null>;
} {
  const script = `
    const ts = require(${JSON.stringify(TYPESCRIPT)});
    require.extensions['.ts'] = (module, filename) => {
      const out = ts.transpileModule(require('node:fs').readFileSync(filename, 'utf8'), {
        fileName: filename,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true,
                           experimentalDecorators: true, emitDecoratorMetadata: true },
      });
      module._compile(out.outputText, filename);
    };
    require(${JSON.stringify(path.join(PROJECT_ROOT, 'src', 'main.ts'))});`;
  const child = spawn(process.execPath, ['-e', script], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      NEO4J_URI: process.env.NEO4J_TEST_URI,
      NEO4J_USERNAME: process.env.NEO4J_TEST_USERNAME ?? 'neo4j',
      NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD,
      PORT: '0',
      SEED_ON_EMPTY: 'false',
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const url = /GraphQL API ready at (\S+)\/graphql/.exec(line)?.[1];
      if (url) resolve(url);
    });
    void exited.then(() => reject(new Error(`the service exited before it was ready:\n${lines.join('\n')}`)));
  });
  child.stderr!.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  return { child, ready, exited };
}

describe('npm start and signals', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('stops cleanly on %s, outside NODE_ENV=test', async (signal) => {
    const { child, ready, exited } = startMain();
    try {
      const url = await ready;
      expect((await fetch(`${url}/health`)).status).toBe(200);
      const sent = performance.now();
      child.kill(signal);
      const guard = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 20_000).unref());
      const outcome = await Promise.race([exited, guard]);
      expect(outcome).toBe(0);
      expect(performance.now() - sent).toBeLessThan(20_000);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});

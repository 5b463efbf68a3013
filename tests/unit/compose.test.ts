/** docker-compose.yml cannot be run here (no Docker engine), so check what it says against config/neo4j.conf. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { confToDockerEnv, parseNeo4jConf } from '../../src/neo4j/embedded-config';

const ROOT = path.join(__dirname, '..', '..');

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, unknown> | string[];
  volumes?: Array<string | { type?: string; source?: string; target?: string }>;
  ports?: Array<string | { host_ip?: string; published?: string | number; target?: number }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as ComposeFile;
const neo4j = compose.services.neo4j as ComposeService;
const service = compose.services.service as ComposeService;

/** Compose accepts a map or a list of NAME=value; values are strings, numbers or booleans. */
function envOf(svc: ComposeService): Record<string, string> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((item) => {
        const eq = item.indexOf('=');
        return eq < 0 ? [item, ''] : [item.slice(0, eq), item.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value)]));
}

describe('docker-compose.yml', () => {
  test('has a neo4j service and an app service', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['neo4j', 'service']);
  });

  test('neo4j runs the official neo4j:5.26-community image', () => {
    expect(neo4j.image).toBe('neo4j:5.26-community');
  });

  test('neo4j keeps /data in a named volume declared at the top level', () => {
    const data = (neo4j.volumes ?? []).find((v) =>
      typeof v === 'string' ? v.split(':')[1] === '/data' : v.target === '/data',
    );
    expect(data).toBeDefined();
    const source = typeof data === 'string' ? data.split(':')[0] : data?.source;
    expect(source).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/); // a name, not a host path
    expect(Object.keys(compose.volumes ?? {})).toContain(source);
  });

  test('neo4j has a health check that runs a real query with the configured password', () => {
    expect(neo4j.healthcheck?.disable).not.toBe(true);
    const test = neo4j.healthcheck?.test;
    const command = Array.isArray(test) ? test.slice(1).join(' ') : (test ?? '');
    expect(command).toContain('cypher-shell');
    expect(command).toMatch(/RETURN 1/);
    expect(command).toMatch(/-p\s+"\$\$\{?NEO4J_/); // "$$" so the container's shell, not compose, expands it
  });

  test('neo4j auth comes from NEO4J_PASSWORD with the local default myoclonus-local', () => {
    expect(envOf(neo4j).NEO4J_AUTH).toBe('neo4j/${NEO4J_PASSWORD:-myoclonus-local}');
  });

  test('every setting of config/neo4j.conf is in the neo4j environment with the same value', () => {
    const conf = parseNeo4jConf(readFileSync(path.join(ROOT, 'config', 'neo4j.conf'), 'utf8'));
    const expected = confToDockerEnv(conf);
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(3);
    const env = envOf(neo4j);
    for (const [name, value] of Object.entries(expected)) {
      expect({ name, value: env[name] }).toEqual({ name, value });
    }
  });

  test('the neo4j environment sets no Neo4j setting that config/neo4j.conf does not have', () => {
    const conf = parseNeo4jConf(readFileSync(path.join(ROOT, 'config', 'neo4j.conf'), 'utf8'));
    const expected = Object.keys(confToDockerEnv(conf));
    const settings = Object.keys(envOf(neo4j)).filter((name) => name !== 'NEO4J_AUTH');
    expect(settings.sort()).toEqual(expected.sort());
  });

  test('the service is built from the Dockerfile and gets the NEO4J_* connection variables', () => {
    expect(service.build).toBeDefined();
    const env = envOf(service);
    expect(env).toMatchObject({
      NEO4J_URI: 'bolt://neo4j:7687',
      NEO4J_USERNAME: 'neo4j',
      NEO4J_PASSWORD: '${NEO4J_PASSWORD:-myoclonus-local}',
      NEO4J_DATABASE: 'neo4j',
      PORT: '4000',
      HOST: '0.0.0.0',
    });
  });

  test('the service waits for a healthy neo4j', () => {
    expect(service.depends_on).toEqual({ neo4j: { condition: 'service_healthy' } });
  });

  test('every published port is bound to 127.0.0.1, and the service publishes 4000', () => {
    const published: Array<{ svc: string; hostIp: string | undefined; port: string }> = [];
    for (const [svc, def] of Object.entries(compose.services)) {
      for (const port of def.ports ?? []) {
        if (typeof port === 'string') {
          const parts = port.split(':');
          published.push({
            svc,
            hostIp: parts.length === 3 ? parts[0] : undefined,
            port: String(parts.at(-2)),
          });
        } else {
          published.push({ svc, hostIp: port.host_ip, port: String(port.published) });
        }
      }
    }
    expect(published).toContainEqual({ svc: 'service', hostIp: '127.0.0.1', port: '4000' });
    expect(published.filter((p) => p.hostIp !== '127.0.0.1')).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

  test('builds from node:20 with npm ci and the build script, and runs dist/main.js', () => {
    expect(dockerfile).toMatch(/^FROM node:20\b/m);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/^RUN npm run build\b/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/main\.js"\]/m);
  });

  test('.dockerignore keeps local state and build output out of the context', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', '.data', 'neo4j-embedded', '.git']) {
      expect(ignored).toContain(entry);
    }
  });
});

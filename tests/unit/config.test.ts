import { ConfigError, loadConfig } from '../../src/config';

/** The ConfigError loadConfig throws for `env` (fails the test when it throws nothing or something else). */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

/** The variables a ConfigError message names, one per problem line ("  NAME: what is wrong"). */
function namedVariables(error: ConfigError): string[] {
  return [...error.message.matchAll(/^ {2}([A-Z0-9_]+): /gm)].map((m) => m[1] ?? '');
}

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      port: 4000,
      host: '127.0.0.1',
      neo4jUri: undefined,
      neo4j: { username: 'neo4j', password: 'myoclonus-local', database: 'neo4j' },
      embedded: { port: 7687, dataDir: '.data/neo4j', heap: undefined, pageCache: undefined },
      seedDir: 'seeds',
      seedOnEmpty: true,
      warmupOnStart: true,
      queryStats: false,
      metricsEnabled: true,
      logLevel: 'info',
      cypher: {
        defaultTimeoutMs: 5000,
        maxTimeoutMs: 8000,
        defaultRows: 1000,
        maxRows: 10000,
        maxQueryLength: 10000,
        maxParamsBytes: 65536,
      },
      limits: {
        maxDepth: 10,
        maxAliases: 15,
        maxDirectives: 10,
        maxTokens: 1000,
        maxCost: 50000,
        maxBodyBytes: 262144,
      },
      production: false,
      introspection: true,
      graphiql: true,
      corsOrigins: [],
      deadlines: {
        requestTimeoutMs: 10000,
        connectionAcquisitionTimeoutMs: 5000,
        connectionTimeoutMs: 3000,
        maxTransactionRetryTimeMs: 5000,
        shutdownGraceMs: 10000,
      },
      responseCache: { maxBytes: 64 * 2 ** 20, checkMs: 1000, ttlMs: 60000 },
    });
  });

  it('turns introspection and GraphiQL off in production, unless set on their own', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({
      production: true,
      introspection: false,
      graphiql: false,
    });
    expect(
      loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true', GRAPHIQL: 'yes' }),
    ).toMatchObject({
      production: true,
      introspection: true,
      graphiql: true,
    });
    expect(loadConfig({ NODE_ENV: 'development', GRAPHQL_INTROSPECTION: 'false' })).toMatchObject({
      production: false,
      introspection: false,
      graphiql: true,
    });
  });

  it('reads CORS_ORIGINS as a list of origins, or *', () => {
    expect(
      loadConfig({ CORS_ORIGINS: 'https://app.example.org, http://localhost:3000' }).corsOrigins,
    ).toEqual(['https://app.example.org', 'http://localhost:3000']);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    expect(namedVariables(configError({ CORS_ORIGINS: 'app.example.org' }))).toEqual(['CORS_ORIGINS']);
    expect(namedVariables(configError({ CORS_ORIGINS: '*,https://a.example' }))).toEqual(['CORS_ORIGINS']);
    expect(namedVariables(configError({ CORS_ORIGINS: 'https://a.example/path' }))).toEqual(['CORS_ORIGINS']);
  });

  it('refuses driver timeouts and a Cypher timeout that are not below the request deadline', () => {
    const error = configError({
      REQUEST_TIMEOUT_MS: '4000',
      NEO4J_CONNECTION_ACQUISITION_TIMEOUT_MS: '4000',
      NEO4J_CONNECTION_TIMEOUT_MS: '5000',
      NEO4J_MAX_TRANSACTION_RETRY_TIME_MS: '9000',
      CYPHER_DEFAULT_TIMEOUT_MS: '1000',
      CYPHER_MAX_TIMEOUT_MS: '4000',
    });
    expect(namedVariables(error).sort()).toEqual([
      'CYPHER_MAX_TIMEOUT_MS',
      'NEO4J_CONNECTION_ACQUISITION_TIMEOUT_MS',
      'NEO4J_CONNECTION_TIMEOUT_MS',
      'NEO4J_MAX_TRANSACTION_RETRY_TIME_MS',
    ]);
    expect(error.message).toContain('must be below REQUEST_TIMEOUT_MS');
    expect(
      loadConfig({ REQUEST_TIMEOUT_MS: '30000', CYPHER_MAX_TIMEOUT_MS: '20000' }).deadlines.requestTimeoutMs,
    ).toBe(30000);
  });

  it('reads an override for every variable', () => {
    expect(
      loadConfig({
        PORT: '8080',
        HOST: '0.0.0.0',
        NEO4J_URI: 'neo4j+s://abc123.databases.neo4j.io',
        NEO4J_USERNAME: 'reader',
        NEO4J_PASSWORD: 'a-long-password',
        NEO4J_DATABASE: 'ontology',
        NEO4J_EMBEDDED_PORT: '7999',
        NEO4J_EMBEDDED_DATA_DIR: '/var/lib/ontology',
        NEO4J_EMBEDDED_HEAP: '1g',
        NEO4J_EMBEDDED_PAGECACHE: '512m',
        SEED_DIR: 'content/seeds',
        SEED_ON_EMPTY: 'false',
        WARMUP_ON_START: 'false',
        QUERY_STATS: 'true',
        METRICS_ENABLED: 'false',
        LOG_LEVEL: 'debug',
        CYPHER_DEFAULT_TIMEOUT_MS: '2000',
        CYPHER_MAX_TIMEOUT_MS: '10000',
        CYPHER_DEFAULT_ROWS: '100',
        CYPHER_MAX_ROWS: '500',
        CYPHER_MAX_QUERY_LENGTH: '2000',
        CYPHER_MAX_PARAMS_BYTES: '1024',
        GRAPHQL_MAX_DEPTH: '6',
        GRAPHQL_MAX_ALIASES: '5',
        GRAPHQL_MAX_DIRECTIVES: '4',
        GRAPHQL_MAX_TOKENS: '300',
        GRAPHQL_MAX_COST: '2000',
        HTTP_MAX_BODY_BYTES: '65536',
        NODE_ENV: 'production',
        GRAPHQL_INTROSPECTION: 'true',
        GRAPHIQL: 'false',
        CORS_ORIGINS: 'https://app.example.org',
        REQUEST_TIMEOUT_MS: '20000',
        NEO4J_CONNECTION_ACQUISITION_TIMEOUT_MS: '2000',
        NEO4J_CONNECTION_TIMEOUT_MS: '1000',
        NEO4J_MAX_TRANSACTION_RETRY_TIME_MS: '4000',
        SHUTDOWN_GRACE_MS: '30000',
        RESPONSE_CACHE_MB: '16',
        RESPONSE_CACHE_CHECK_MS: '250',
        RESPONSE_CACHE_TTL_MS: '5000',
      }),
    ).toEqual({
      port: 8080,
      host: '0.0.0.0',
      neo4jUri: 'neo4j+s://abc123.databases.neo4j.io',
      neo4j: { username: 'reader', password: 'a-long-password', database: 'ontology' },
      embedded: { port: 7999, dataDir: '/var/lib/ontology', heap: '1g', pageCache: '512m' },
      seedDir: 'content/seeds',
      seedOnEmpty: false,
      warmupOnStart: false,
      queryStats: true,
      metricsEnabled: false,
      logLevel: 'debug',
      cypher: {
        defaultTimeoutMs: 2000,
        maxTimeoutMs: 10000,
        defaultRows: 100,
        maxRows: 500,
        maxQueryLength: 2000,
        maxParamsBytes: 1024,
      },
      limits: {
        maxDepth: 6,
        maxAliases: 5,
        maxDirectives: 4,
        maxTokens: 300,
        maxCost: 2000,
        maxBodyBytes: 65536,
      },
      production: true,
      introspection: true,
      graphiql: false,
      corsOrigins: ['https://app.example.org'],
      deadlines: {
        requestTimeoutMs: 20000,
        connectionAcquisitionTimeoutMs: 2000,
        connectionTimeoutMs: 1000,
        maxTransactionRetryTimeMs: 4000,
        shutdownGraceMs: 30000,
      },
      responseCache: { maxBytes: 16 * 2 ** 20, checkMs: 250, ttlMs: 5000 },
    });
  });

  describe('the response cache (RESPONSE_CACHE_MB, RESPONSE_CACHE_CHECK_MS, RESPONSE_CACHE_TTL_MS)', () => {
    it('is on by default: 64 MB, the version read every second, answers kept at most a minute', () => {
      expect(loadConfig({}).responseCache).toEqual({ maxBytes: 67_108_864, checkMs: 1_000, ttlMs: 60_000 });
    });

    it('is off with RESPONSE_CACHE_MB=0', () => {
      expect(loadConfig({ RESPONSE_CACHE_MB: '0' }).responseCache.maxBytes).toBe(0);
    });

    it('reads megabytes, fractions too, as bytes', () => {
      expect(loadConfig({ RESPONSE_CACHE_MB: '1' }).responseCache.maxBytes).toBe(1_048_576);
      expect(loadConfig({ RESPONSE_CACHE_MB: '0.5' }).responseCache.maxBytes).toBe(524_288);
      expect(loadConfig({ RESPONSE_CACHE_MB: '65536' }).responseCache.maxBytes).toBe(65_536 * 2 ** 20);
    });

    it('takes a check interval from 50 ms to 10 minutes, and any positive TTL', () => {
      expect(loadConfig({ RESPONSE_CACHE_CHECK_MS: '50' }).responseCache.checkMs).toBe(50);
      expect(loadConfig({ RESPONSE_CACHE_CHECK_MS: '600000' }).responseCache.checkMs).toBe(600_000);
      expect(loadConfig({ RESPONSE_CACHE_TTL_MS: '1' }).responseCache.ttlMs).toBe(1);
      expect(loadConfig({ RESPONSE_CACHE_TTL_MS: '86400000' }).responseCache.ttlMs).toBe(86_400_000);
    });

    it.each([
      [{ RESPONSE_CACHE_MB: '-1' }, 'RESPONSE_CACHE_MB'],
      [{ RESPONSE_CACHE_MB: 'lots' }, 'RESPONSE_CACHE_MB'],
      [{ RESPONSE_CACHE_MB: '64mb' }, 'RESPONSE_CACHE_MB'],
      [{ RESPONSE_CACHE_MB: '65537' }, 'RESPONSE_CACHE_MB'],
      [{ RESPONSE_CACHE_CHECK_MS: '49' }, 'RESPONSE_CACHE_CHECK_MS'],
      [{ RESPONSE_CACHE_CHECK_MS: '0' }, 'RESPONSE_CACHE_CHECK_MS'],
      [{ RESPONSE_CACHE_CHECK_MS: '600001' }, 'RESPONSE_CACHE_CHECK_MS'],
      [{ RESPONSE_CACHE_CHECK_MS: '100.5' }, 'RESPONSE_CACHE_CHECK_MS'],
      [{ RESPONSE_CACHE_CHECK_MS: 'often' }, 'RESPONSE_CACHE_CHECK_MS'],
      [{ RESPONSE_CACHE_TTL_MS: '0' }, 'RESPONSE_CACHE_TTL_MS'],
      [{ RESPONSE_CACHE_TTL_MS: '-5' }, 'RESPONSE_CACHE_TTL_MS'],
      [{ RESPONSE_CACHE_TTL_MS: '1.5' }, 'RESPONSE_CACHE_TTL_MS'],
      [{ RESPONSE_CACHE_TTL_MS: 'forever' }, 'RESPONSE_CACHE_TTL_MS'],
    ])('refuses %j, naming the variable', (env, variable) => {
      expect(namedVariables(configError(env))).toEqual([variable]);
    });

    it('names all three when all three are bad', () => {
      const error = configError({
        RESPONSE_CACHE_MB: 'x',
        RESPONSE_CACHE_CHECK_MS: '1',
        RESPONSE_CACHE_TTL_MS: '0',
      });
      expect(namedVariables(error).sort()).toEqual([
        'RESPONSE_CACHE_CHECK_MS',
        'RESPONSE_CACHE_MB',
        'RESPONSE_CACHE_TTL_MS',
      ]);
    });
  });

  it.each([
    'bolt://localhost:7687',
    'neo4j://cluster.example:7687',
    'bolt+s://db.example',
    'neo4j+ssc://db.example',
  ])('accepts the Neo4j URI %s', (uri) => {
    expect(loadConfig({ NEO4J_URI: uri }).neo4jUri).toBe(uri);
  });

  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
  ])('reads the boolean %s as %s', (text, value) => {
    expect(loadConfig({ QUERY_STATS: text, SEED_ON_EMPTY: text, METRICS_ENABLED: text })).toMatchObject({
      queryStats: value,
      seedOnEmpty: value,
      metricsEnabled: value,
    });
  });

  it.each(['512', '512k', '512m', '2g', '2G'])('accepts the memory size %s', (size) => {
    expect(loadConfig({ NEO4J_EMBEDDED_HEAP: size, NEO4J_EMBEDDED_PAGECACHE: size }).embedded).toMatchObject({
      heap: size,
      pageCache: size,
    });
  });

  it('ignores environment variables it does not read', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root', NODE_ENV: 'test' }).port).toBe(4000);
  });

  describe('rejects bad values with a ConfigError naming the variable', () => {
    it('PORT=0 asks for any free port', () => {
      expect(loadConfig({ PORT: '0' }).port).toBe(0);
    });

    it.each(['65536', '-1', 'abc', '80.5'])('PORT=%s', (value) => {
      expect(namedVariables(configError({ PORT: value }))).toEqual(['PORT']);
    });

    it.each([
      [{ CYPHER_MAX_ROWS: '0' }, 'CYPHER_MAX_ROWS'],
      [{ CYPHER_DEFAULT_TIMEOUT_MS: 'soon' }, 'CYPHER_DEFAULT_TIMEOUT_MS'],
      [{ CYPHER_DEFAULT_TIMEOUT_MS: '40000' }, 'CYPHER_DEFAULT_TIMEOUT_MS'],
      [{ CYPHER_DEFAULT_ROWS: '20000' }, 'CYPHER_DEFAULT_ROWS'],
      [{ GRAPHQL_MAX_DEPTH: '0' }, 'GRAPHQL_MAX_DEPTH'],
      [{ GRAPHQL_MAX_DEPTH: 'deep' }, 'GRAPHQL_MAX_DEPTH'],
      [{ GRAPHQL_MAX_ALIASES: '-1' }, 'GRAPHQL_MAX_ALIASES'],
      [{ GRAPHQL_MAX_DIRECTIVES: '2.5' }, 'GRAPHQL_MAX_DIRECTIVES'],
      [{ GRAPHQL_MAX_TOKENS: '0' }, 'GRAPHQL_MAX_TOKENS'],
      [{ GRAPHQL_MAX_COST: 'lots' }, 'GRAPHQL_MAX_COST'],
      [{ HTTP_MAX_BODY_BYTES: '1mb' }, 'HTTP_MAX_BODY_BYTES'],
      // A Cypher params object within CYPHER_MAX_PARAMS_BYTES (default 65536) must fit in a body.
      [{ HTTP_MAX_BODY_BYTES: '65535' }, 'HTTP_MAX_BODY_BYTES'],
      [{ HTTP_MAX_BODY_BYTES: '2000', CYPHER_MAX_PARAMS_BYTES: '4000' }, 'HTTP_MAX_BODY_BYTES'],
    ])('%j', (env, variable) => {
      expect(namedVariables(configError(env))).toEqual([variable]);
    });

    it.each(['0', '70000', 'seven'])('NEO4J_EMBEDDED_PORT=%s', (value) => {
      expect(namedVariables(configError({ NEO4J_EMBEDDED_PORT: value }))).toEqual(['NEO4J_EMBEDDED_PORT']);
    });

    it.each([
      'http://localhost:7474',
      'localhost:7687',
      'bolt:/localhost',
      'neo4j+x://db.example',
      'bolt://',
    ])('NEO4J_URI=%s', (value) => {
      const error = configError({ NEO4J_URI: value });
      expect(namedVariables(error)).toEqual(['NEO4J_URI']);
      expect(error.message).toContain('neo4j://');
    });

    it('NEO4J_PASSWORD shorter than 8 characters, without echoing the password', () => {
      const error = configError({ NEO4J_PASSWORD: 'secr3t' });
      expect(namedVariables(error)).toEqual(['NEO4J_PASSWORD']);
      expect(error.message).toContain('at least 8 characters');
      expect(error.message).not.toContain('secr3t');
    });

    it.each(['verbose', 'INFO', 'warning'])('LOG_LEVEL=%s', (value) => {
      const error = configError({ LOG_LEVEL: value });
      expect(namedVariables(error)).toEqual(['LOG_LEVEL']);
    });

    it.each(['1gb', '2 g', 'lots', '-1g', '1.5g'])('NEO4J_EMBEDDED_HEAP=%s', (value) => {
      const error = configError({ NEO4J_EMBEDDED_HEAP: value });
      expect(namedVariables(error)).toEqual(['NEO4J_EMBEDDED_HEAP']);
      expect(error.message).toContain('512m');
    });

    it('NEO4J_EMBEDDED_PAGECACHE with a bad size', () => {
      expect(namedVariables(configError({ NEO4J_EMBEDDED_PAGECACHE: '1tb' }))).toEqual([
        'NEO4J_EMBEDDED_PAGECACHE',
      ]);
    });

    it.each(['maybe', 'TRUE', 'on'])('QUERY_STATS=%s', (value) => {
      expect(namedVariables(configError({ QUERY_STATS: value }))).toEqual(['QUERY_STATS']);
    });

    it('names every bad variable at once, not only the first', () => {
      const error = configError({ PORT: 'x', LOG_LEVEL: 'loud', NEO4J_PASSWORD: 'short' });
      expect(namedVariables(error).sort()).toEqual(['LOG_LEVEL', 'NEO4J_PASSWORD', 'PORT']);
    });
  });

  describe('treats an empty string as unset', () => {
    it('falls back to every default when every variable is empty', () => {
      const empty = Object.fromEntries(
        [
          'PORT',
          'HOST',
          'NEO4J_URI',
          'NEO4J_USERNAME',
          'NEO4J_PASSWORD',
          'NEO4J_DATABASE',
          'NEO4J_EMBEDDED_PORT',
          'NEO4J_EMBEDDED_DATA_DIR',
          'NEO4J_EMBEDDED_HEAP',
          'NEO4J_EMBEDDED_PAGECACHE',
          'SEED_DIR',
          'SEED_ON_EMPTY',
          'WARMUP_ON_START',
          'QUERY_STATS',
          'LOG_LEVEL',
          'GRAPHQL_MAX_DEPTH',
          'GRAPHQL_MAX_ALIASES',
          'GRAPHQL_MAX_DIRECTIVES',
          'GRAPHQL_MAX_TOKENS',
          'GRAPHQL_MAX_COST',
          'HTTP_MAX_BODY_BYTES',
          'RESPONSE_CACHE_MB',
          'RESPONSE_CACHE_CHECK_MS',
          'RESPONSE_CACHE_TTL_MS',
        ].map((name) => [name, '']),
      );
      expect(loadConfig(empty)).toEqual(loadConfig({}));
    });

    it('starts the embedded Neo4j (no URI) when NEO4J_URI is empty', () => {
      expect(loadConfig({ NEO4J_URI: '' }).neo4jUri).toBeUndefined();
    });

    it('keeps the default password, not a too-short empty one, when NEO4J_PASSWORD is empty', () => {
      expect(loadConfig({ NEO4J_PASSWORD: '' }).neo4j.password).toBe('myoclonus-local');
    });
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  garbageCollectorFlags,
  buildJvmArgs,
  confKeyToDockerEnv,
  confToDockerEnv,
  EMBEDDED_MAIN_CLASS,
  JVM_REQUIRED_FLAGS,
  Neo4jConfError,
  parseJavaVersion,
  parseMemorySize,
  parseNeo4jConf,
  readNeo4jConf,
  splitConfForEmbedded,
  toJvmSize,
} from '../../src/neo4j/embedded-config';

const CONF_PATH = path.join(__dirname, '..', '..', 'config', 'neo4j.conf');

describe('parseNeo4jConf', () => {
  test('reads name=value lines in order, skipping comments and blank lines, with line numbers', () => {
    const text =
      '# comment\n\nserver.memory.pagecache.size=256m\n  # indented comment\n db.logs.query.enabled = OFF \r\n';
    expect(parseNeo4jConf(text)).toEqual([
      { key: 'server.memory.pagecache.size', value: '256m', line: 3 },
      { key: 'db.logs.query.enabled', value: 'OFF', line: 5 },
    ]);
  });

  test('keeps everything after the first "=" as the value', () => {
    expect(parseNeo4jConf('server.jvm.additional=-Dfoo=bar')).toEqual([
      { key: 'server.jvm.additional', value: '-Dfoo=bar', line: 1 },
    ]);
  });

  test('rejects a line without "=" and names the file and line', () => {
    expect(() => parseNeo4jConf('a.b=1\nserver.memory.pagecache.size 256m', 'x.conf')).toThrow(
      new Neo4jConfError('x.conf:2: expected "name=value", got "server.memory.pagecache.size 256m"'),
    );
  });

  test('rejects a name that cannot be a Neo4j setting', () => {
    expect(() => parseNeo4jConf('pagecache=256m')).toThrow(/"pagecache" is not a valid Neo4j setting name/);
    expect(() => parseNeo4jConf('server.memory pagecache=256m')).toThrow(/not a valid Neo4j setting name/);
  });

  test('rejects an empty value', () => {
    expect(() => parseNeo4jConf('server.memory.pagecache.size=')).toThrow(
      /:1: server.memory.pagecache.size has no value/,
    );
  });

  test('rejects a repeated setting like Neo4j does, but allows repeated server.jvm.additional', () => {
    expect(() => parseNeo4jConf('a.b=1\na.b=2')).toThrow(/:2: a.b is already set on line 1/);
    expect(parseNeo4jConf('server.jvm.additional=-Da=1\nserver.jvm.additional=-Db=2')).toHaveLength(2);
  });
});

describe('config/neo4j.conf', () => {
  test('parses and sets page cache 256m and a 1g heap (initial = max)', async () => {
    const entries = await readNeo4jConf(CONF_PATH);
    const byKey = Object.fromEntries(entries.map((e) => [e.key, e.value]));
    expect(byKey['server.memory.pagecache.size']).toBe('256m');
    expect(byKey['server.memory.heap.initial_size']).toBe('1g');
    expect(byKey['server.memory.heap.max_size']).toBe('1g');
  });

  test('every setting has a comment right above it', async () => {
    const lines = readFileSync(CONF_PATH, 'utf8').split('\n');
    const entries = await readNeo4jConf(CONF_PATH);
    expect(entries.length).toBeGreaterThan(0);
    for (const { key, line } of entries) {
      let above = line - 2; // 0-based index of the line above
      while (above >= 0 && /^[a-z].*=/.test(lines[above] ?? '')) above--; // a block of related settings
      expect({ key, comment: (lines[above] ?? '').startsWith('#') }).toEqual({ key, comment: true });
    }
  });

  test('readNeo4jConf reports a missing file by path', async () => {
    await expect(readNeo4jConf('/nonexistent/neo4j.conf')).rejects.toThrow(
      /Cannot read .*\/nonexistent\/neo4j.conf/,
    );
  });
});

describe('memory sizes', () => {
  test.each([
    ['512m', 512 * 1024 ** 2],
    ['512M', 512 * 1024 ** 2],
    ['512MiB', 512 * 1024 ** 2],
    ['512mb', 512 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['64k', 64 * 1024],
    ['1048576', 1024 ** 2],
    ['10B', 10],
  ])('parseMemorySize(%s) = %d bytes (powers of 1024, as in Neo4j)', (text, bytes) => {
    expect(parseMemorySize(text)).toBe(bytes);
  });

  test.each(['', 'lots', '512 x', '-1m', '0', '1.5g', '10iB'])('parseMemorySize rejects %j', (text) => {
    expect(() => parseMemorySize(text)).toThrow(Neo4jConfError);
  });

  test('toJvmSize turns Neo4j sizes into -Xmx form', () => {
    expect(toJvmSize('512m')).toBe('512m');
    expect(toJvmSize('1g')).toBe('1024m');
    expect(toJvmSize('768MiB')).toBe('768m');
    expect(toJvmSize('1536k')).toBe('1536k');
    expect(() => toJvmSize('1000')).toThrow(/whole number of kilobytes/);
  });
});

describe('splitConfForEmbedded', () => {
  test('turns the heap settings into JVM sizes and passes everything else to the builder, in order', () => {
    const split = splitConfForEmbedded(
      parseNeo4jConf(
        [
          'server.memory.heap.initial_size=256MiB',
          'server.memory.pagecache.size=256m',
          'server.memory.heap.max_size=1g',
          'dbms.usage_report.enabled=false',
        ].join('\n'),
      ),
    );
    expect(split).toEqual({
      heapInitial: '256m',
      heapMax: '1024m',
      settings: [
        ['server.memory.pagecache.size', '256m'],
        ['dbms.usage_report.enabled', 'false'],
      ],
      jvmAdditional: [],
      ignored: [],
    });
  });

  test('leaves listen and advertised addresses to the launcher and collects server.jvm.additional as JVM flags', () => {
    const split = splitConfForEmbedded(
      parseNeo4jConf(
        [
          'server.bolt.listen_address=0.0.0.0:7687',
          'server.default_listen_address=0.0.0.0',
          'server.bolt.advertised_address=example.org:7687',
          'server.jvm.additional=-XX:+UseG1GC',
          'server.jvm.additional=-Dx=y',
        ].join('\n'),
      ),
    );
    expect(split.settings).toEqual([]);
    expect(split.ignored).toEqual([
      'server.bolt.listen_address',
      'server.default_listen_address',
      'server.bolt.advertised_address',
    ]);
    expect(split.jvmAdditional).toEqual(['-XX:+UseG1GC', '-Dx=y']);
  });

  test('the real config/neo4j.conf yields -Xms1024m/-Xmx1024m and no heap setting for the builder', async () => {
    const split = splitConfForEmbedded(await readNeo4jConf(CONF_PATH));
    expect([split.heapInitial, split.heapMax]).toEqual(['1024m', '1024m']);
    expect(split.settings.map(([key]) => key)).not.toContain('server.memory.heap.max_size');
    expect(split.settings).toContainEqual(['server.memory.pagecache.size', '256m']);
  });
});

describe('parseJavaVersion', () => {
  test.each([
    [
      'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)',
      17,
    ],
    ['openjdk version "21" 2023-09-19', 21],
    ['openjdk version "22-ea" 2024-03-19', 22],
    ['java version "1.8.0_381"\nJava(TM) SE Runtime Environment', 8],
    ['openjdk version "11.0.2" 2019-01-15', 11],
    ['Picked up JAVA_TOOL_OPTIONS: -Xss1m\nopenjdk version "25.0.1" 2025-10-21', 25],
  ])('reads the feature release from %j', (output, major) => {
    expect(parseJavaVersion(output)).toBe(major);
  });

  test('returns undefined when the output has no version', () => {
    expect(parseJavaVersion('bash: java: command not found')).toBeUndefined();
    expect(parseJavaVersion('')).toBeUndefined();
  });
});

describe('buildJvmArgs', () => {
  const spec = {
    classpath: '/m/target/classes:/m/target/lib/*',
    home: '/data/neo4j',
    boltPort: 7688,
    heapInitial: '512m',
    heapMax: '512m',
    settings: [
      ['server.memory.pagecache.size', '256m'],
      ['dbms.usage_report.enabled', 'false'],
    ] as Array<[string, string]>,
  };

  test('puts the Java 17 access flags and the heap before the classpath and main class', () => {
    const args = buildJvmArgs(spec);
    const main = args.indexOf(EMBEDDED_MAIN_CLASS);
    expect(args.slice(0, main)).toEqual([
      '--add-opens=java.base/java.nio=ALL-UNNAMED',
      '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
      '--add-opens=java.base/java.io=ALL-UNNAMED',
      '-Dio.netty.tryReflectionSetAccessible=true',
      '-Xms512m',
      '-Xmx512m',
      '-cp',
      spec.classpath,
    ]);
  });

  test('passes home, port, every setting and the stdin watch to the launcher', () => {
    const args = buildJvmArgs(spec);
    expect(args.slice(args.indexOf(EMBEDDED_MAIN_CLASS) + 1)).toEqual([
      '--home',
      '/data/neo4j',
      '--bolt-port',
      '7688',
      '--setting',
      'server.memory.pagecache.size=256m',
      '--setting',
      'dbms.usage_report.enabled=false',
      '--exit-on-stdin-eof',
    ]);
  });

  test('omits heap flags it was not given, adds extra JVM flags, and can leave out the stdin watch', () => {
    const args = buildJvmArgs({
      ...spec,
      heapInitial: undefined,
      heapMax: undefined,
      jvmAdditional: ['-XX:+UseG1GC'],
      exitOnStdinEof: false,
    });
    expect(args.filter((a) => a.startsWith('-Xm'))).toEqual([]);
    expect(args.indexOf('-XX:+UseG1GC')).toBe(JVM_REQUIRED_FLAGS.length);
    expect(args).not.toContain('--exit-on-stdin-eof');
  });

  test('never carries a password', () => {
    expect(buildJvmArgs(spec).join(' ')).not.toMatch(/password/i);
  });
});

describe('garbageCollectorFlags', () => {
  it('picks the serial collector on 2 cores or fewer, and leaves the JVM its choice on more', () => {
    expect(garbageCollectorFlags(1, [])).toEqual(['-XX:+UseSerialGC']);
    expect(garbageCollectorFlags(2, ['-XX:+AlwaysPreTouch'])).toEqual(['-XX:+UseSerialGC']);
    expect(garbageCollectorFlags(4, [])).toEqual([]);
  });

  it('leaves the collector config/neo4j.conf chooses', () => {
    expect(garbageCollectorFlags(2, ['-XX:+UseG1GC'])).toEqual([]);
    expect(garbageCollectorFlags(2, ['-XX:+UseParallelGC'])).toEqual([]);
    expect(garbageCollectorFlags(2, ['-XX:+UseZGC'])).toEqual([]);
  });
});

describe('conf -> Docker image environment names', () => {
  test.each([
    ['server.memory.pagecache.size', 'NEO4J_server_memory_pagecache_size'],
    ['server.memory.heap.initial_size', 'NEO4J_server_memory_heap_initial__size'],
    ['server.memory.heap.max_size', 'NEO4J_server_memory_heap_max__size'],
    ['dbms.usage_report.enabled', 'NEO4J_dbms_usage__report_enabled'],
    ['db.tx_log.rotation.retention_policy', 'NEO4J_db_tx__log_rotation_retention__policy'],
  ])('%s -> %s', (key, env) => {
    expect(confKeyToDockerEnv(key)).toBe(env);
  });

  test('confToDockerEnv maps every entry and joins repeated server.jvm.additional with newlines', () => {
    expect(
      confToDockerEnv(
        parseNeo4jConf(
          'server.memory.pagecache.size=256m\nserver.jvm.additional=-Da=1\nserver.jvm.additional=-Db=2',
        ),
      ),
    ).toEqual({
      NEO4J_server_memory_pagecache_size: '256m',
      NEO4J_server_jvm_additional: '-Da=1\n-Db=2',
    });
  });
});

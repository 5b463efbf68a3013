/**
 * The embedded Neo4j against real JVMs, each on its own free port and temp data dir (independent of the shared
 * instance from the global setup). Slow by nature: every start is a JVM and a Neo4j.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import neo4jDriver, { type Driver } from 'neo4j-driver';
import {
  checkJava,
  ensureEmbeddedBuilt,
  findFreePort,
  launchEmbeddedJvm,
  startEmbeddedNeo4j,
  type EmbeddedNeo4j,
  type EmbeddedNeo4jError,
} from '../../src/neo4j/embedded';

const JVM_TEST_TIMEOUT = 180_000;
const ROOT = path.join(__dirname, '..', '..');
const TYPESCRIPT = require.resolve('typescript');
const PASSWORD = 'embedded-test-pw-1';
const quiet = (): void => undefined;

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'myoclonus-neo4j-it-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dataDir: string, password = PASSWORD): Promise<EmbeddedNeo4j> {
  const neo4j = await startEmbeddedNeo4j({ dataDir, boltPort: await findFreePort(), password, log: quiet });
  cleanups.push(() => neo4j.stop());
  return neo4j;
}

function driverFor(neo4j: EmbeddedNeo4j, password: string): Driver {
  const driver = neo4jDriver.driver(neo4j.uri, neo4jDriver.auth.basic('neo4j', password));
  cleanups.push(() => driver.close());
  return driver;
}

/** Gone means no such process, or a zombie nobody has reaped yet (it no longer runs). */
function isGone(pid: number): boolean {
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
    } catch {
      return true;
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

async function waitUntilGone(pid: number, deadlineMs: number): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (!isGone(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Lets a plain Node child (no ts-jest) require .ts files through TypeScript's transpiler. */
const TS_REQUIRE_HOOK = `
  const ts = require(${JSON.stringify(TYPESCRIPT)});
  require.extensions['.ts'] = (module, filename) => {
    const out = ts.transpileModule(require('node:fs').readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    module._compile(out.outputText, filename);
  };`;

/**
 * Runs ensureEmbeddedBuilt() of a copy of the repository in a child process with the given PATH, once per entry of
 * `touchBefore` (a file to mark as just modified before that call, or null); returns one result per call.
 */
async function buildCopyInChild(
  copyRoot: string,
  pathEnv: string,
  touchBefore: Array<string | null> = [null],
): Promise<Array<{ built?: boolean; code?: string; message?: string }>> {
  const script = `
    ${TS_REQUIRE_HOOK}
    const fs = require('node:fs');
    const { ensureEmbeddedBuilt } = require(${JSON.stringify(path.join(copyRoot, 'src/neo4j/embedded.ts'))});
    (async () => {
      const results = [];
      for (const touch of ${JSON.stringify(touchBefore)}) {
        if (touch) fs.utimesSync(touch, new Date(), new Date());
        results.push(await ensureEmbeddedBuilt(() => undefined).then(
          (r) => ({ built: r.built }),
          (e) => ({ code: e.code, message: e.message }),
        ));
      }
      console.log(JSON.stringify(results));
    })();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], {
      env: { ...process.env, PATH: pathEnv },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', () =>
      resolve(JSON.parse(out || '[]') as Array<{ built?: boolean; code?: string; message?: string }>),
    );
  });
}

/** A copy of the parts of the repository the embedded controller needs, without neo4j-embedded/target. */
async function copyOfRepository(): Promise<string> {
  const copy = await tempDir();
  await mkdir(path.join(copy, 'src', 'neo4j'), { recursive: true });
  for (const file of [
    'embedded.ts',
    'embedded-build.ts',
    'embedded-config.ts',
    'embedded-java.ts',
    'embedded-jvm.ts',
    'embedded-launch.ts',
    'embedded-output.ts',
    'embedded-port.ts',
    'embedded.types.ts',
  ]) {
    await cp(path.join(ROOT, 'src', 'neo4j', file), path.join(copy, 'src', 'neo4j', file));
  }
  // The project root is the folder that holds package.json (src/paths.ts).
  await cp(path.join(ROOT, 'src', 'paths.ts'), path.join(copy, 'src', 'paths.ts'));
  await cp(path.join(ROOT, 'package.json'), path.join(copy, 'package.json'));
  await cp(path.join(ROOT, 'config'), path.join(copy, 'config'), { recursive: true });
  await cp(path.join(ROOT, 'neo4j-embedded', 'pom.xml'), path.join(copy, 'neo4j-embedded', 'pom.xml'));
  await cp(path.join(ROOT, 'neo4j-embedded', 'src'), path.join(copy, 'neo4j-embedded', 'src'), {
    recursive: true,
  });
  return copy;
}

function listenOn(port: number, host: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => resolve(server));
  });
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function connectOutcome(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 5_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** "0100007F:1F90" (/proc/net/tcp) or its 32-hex-digit tcp6 form -> "127.0.0.1" / "::" style text. */
function decodeProcAddress(hex: string): string {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const chunk = hex.slice(word, word + 8);
    for (let i = 6; i >= 0; i -= 2) bytes.push(parseInt(chunk.slice(i, i + 2), 16)); // little-endian words
  }
  if (bytes.length === 4) return bytes.join('.');
  const v4Mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (v4Mapped) return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups.join(':');
}

/** Every TCP socket the process listens on, as { address, port }, from /proc (Linux). */
function listeningSocketsOf(pid: number): Array<{ address: string; port: number }> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // the fd closed meanwhile
    }
  }
  const sockets: Array<{ address: string; port: number }> = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [local, state, inode] = [cols[1], cols[3], cols[9]];
      if (!local || state !== '0A' || !inode || !inodes.has(inode)) continue; // 0A = LISTEN
      const [addressHex = '', portHex = ''] = local.split(':');
      sockets.push({ address: decodeProcAddress(addressHex), port: parseInt(portHex, 16) });
    }
  }
  return sockets;
}

function nonLoopbackIPv4(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((info) => info && info.family === 'IPv4' && !info.internal)?.address;
}

describe('a running embedded Neo4j', () => {
  let neo4j: EmbeddedNeo4j;
  let port: number;

  beforeAll(async () => {
    neo4j = await start(await tempDir());
    port = Number(new URL(neo4j.uri).port);
  }, JVM_TEST_TIMEOUT);

  test('reports a bolt://127.0.0.1:<port> URI and the 5.26 version the server itself reports over Bolt', async () => {
    expect(neo4j.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
    expect(neo4j.version).toMatch(/^5\.26\.\d+$/);
    const { records } = await driverFor(neo4j, PASSWORD).executeQuery(
      "CALL dbms.components() YIELD name, versions, edition WHERE name = 'Neo4j Kernel' RETURN versions[0] AS v, edition",
    );
    expect(records[0]?.get('v')).toBe(neo4j.version);
    expect(records[0]?.get('edition')).toBe('community');
  });

  test('auth is on: a wrong password is refused with Neo.ClientError.Security.Unauthorized', async () => {
    await expect(driverFor(neo4j, 'not-the-password').verifyConnectivity()).rejects.toMatchObject({
      code: 'Neo.ClientError.Security.Unauthorized',
    });
  });

  test('auth is on: user neo4j logs in with the configured password and can write', async () => {
    const { records } = await driverFor(neo4j, PASSWORD).executeQuery(
      'CREATE (n:Probe) RETURN count(n) AS c',
    );
    expect(records[0]?.get('c').toNumber()).toBe(1);
  });

  const linuxOnly = process.platform === 'linux' ? test : test.skip;
  linuxOnly('the JVM listens on 127.0.0.1 only: its one listening socket is Bolt on 127.0.0.1:<port>', () => {
    expect(listeningSocketsOf(neo4j.pid)).toEqual([{ address: '127.0.0.1', port }]);
  });

  const external = nonLoopbackIPv4();
  (external ? test : test.skip)(
    `Bolt is not reachable on this machine's non-loopback address ${external}`,
    async () => {
      expect(await connectOutcome('127.0.0.1', port)).toBe('connected'); // the control: it is listening
      expect(await connectOutcome(external as string, port)).toBe('ECONNREFUSED');
    },
  );

  test('starting another instance on its port fails fast with PORT_IN_USE, before any JVM or data dir', async () => {
    const dataDir = path.join(await tempDir(), 'never-created');
    const error = (await startEmbeddedNeo4j({
      dataDir,
      boltPort: port,
      password: PASSWORD,
      log: quiet,
    }).catch((e: unknown) => e)) as EmbeddedNeo4jError;
    expect(error.code).toBe('PORT_IN_USE');
    expect(error.message).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    expect(existsSync(dataDir)).toBe(false);
  });

  test('stop() resolves once the JVM has exited (its pid is gone), and a second stop() is a no-op', async () => {
    expect(isGone(neo4j.pid)).toBe(false);
    await neo4j.stop();
    expect(isGone(neo4j.pid)).toBe(true);
    await expect(neo4j.stop()).resolves.toBeUndefined();
    expect((await neo4j.exited).signal).not.toBe('SIGKILL'); // it shut down on SIGTERM, it was not killed
  });
});

describe('restarting on the same data dir', () => {
  const marker = randomUUID();
  let first: EmbeddedNeo4j;
  let second: EmbeddedNeo4j;
  let firstGoneWhenStopResolved = false;
  let dataDir = '';

  beforeAll(async () => {
    dataDir = await tempDir();
    first = await start(dataDir, PASSWORD);
    await driverFor(first, PASSWORD).executeQuery('CREATE (:Marker {value: $marker})', { marker });
    await first.stop();
    firstGoneWhenStopResolved = isGone(first.pid);
    second = await start(dataDir, 'a-new-password-2');
  }, JVM_TEST_TIMEOUT * 2);

  test('the first JVM was gone as soon as its stop() resolved', () => {
    expect(firstGoneWhenStopResolved).toBe(true);
    expect(second.pid).not.toBe(first.pid);
  });

  test('data written before stop() is read back after the restart', async () => {
    const { records } = await driverFor(second, 'a-new-password-2').executeQuery(
      'MATCH (m:Marker) RETURN m.value AS value',
    );
    expect(records.map((r) => r.get('value'))).toEqual([marker]);
  });

  test('the password given at restart is applied to user neo4j, and the old one is refused', async () => {
    const { records } = await driverFor(second, 'a-new-password-2').executeQuery('RETURN 1 AS one');
    expect(records[0]?.get('one').toNumber()).toBe(1);
    await expect(driverFor(second, PASSWORD).verifyConnectivity()).rejects.toMatchObject({
      code: 'Neo.ClientError.Security.Unauthorized',
    });
  });

  test(
    'restarting with an unchanged password works (Neo4j refuses to "change" a password to itself)',
    async () => {
      await second.stop();
      const third = await start(dataDir, 'a-new-password-2');
      const { records } = await driverFor(third, 'a-new-password-2').executeQuery(
        'MATCH (m:Marker) RETURN m.value AS v',
      );
      expect(records.map((r) => r.get('v'))).toEqual([marker]);
    },
    JVM_TEST_TIMEOUT,
  );
});

describe('start-up failures', () => {
  test(
    'a port taken by another process fails with PORT_IN_USE without starting a JVM',
    async () => {
      const port = await findFreePort();
      const squatter = await listenOn(port, '127.0.0.1');
      cleanups.push(() => closeServer(squatter));
      const dataDir = path.join(await tempDir(), 'never-created');
      await expect(
        startEmbeddedNeo4j({ dataDir, boltPort: port, password: PASSWORD, log: quiet }),
      ).rejects.toMatchObject({ code: 'PORT_IN_USE' });
      expect(existsSync(dataDir)).toBe(false);
    },
    JVM_TEST_TIMEOUT,
  );

  test(
    "the JVM's own Bolt bind failure is reported as PORT_IN_USE too (no pre-check)",
    async () => {
      const { classpath } = await ensureEmbeddedBuilt(quiet);
      const port = await findFreePort();
      const squatter = await listenOn(port, '0.0.0.0');
      cleanups.push(() => closeServer(squatter));
      const dataDir = path.join(await tempDir(), 'data');
      const error = (await launchEmbeddedJvm({
        classpath,
        dataDir,
        boltPort: port,
        password: PASSWORD,
        log: quiet,
      }).catch((e: unknown) => e)) as EmbeddedNeo4jError;
      expect(error.code).toBe('PORT_IN_USE');
      expect(error.message).toMatch(/Address already in use/);
      expect(existsSync(path.join(dataDir, 'logs', 'debug.log'))).toBe(true); // the JVM did run
    },
    JVM_TEST_TIMEOUT,
  );

  test(
    'a misspelt setting in neo4j.conf aborts start-up with START_FAILED naming the setting',
    async () => {
      const { classpath } = await ensureEmbeddedBuilt(quiet);
      const dir = await tempDir();
      const confPath = path.join(dir, 'neo4j.conf');
      await writeFile(confPath, '# test\nserver.memory.pagecache.size=64m\ndb.logs.qery.enabled=OFF\n');
      const error = (await launchEmbeddedJvm({
        classpath,
        confPath,
        dataDir: path.join(dir, 'data'),
        boltPort: await findFreePort(),
        password: PASSWORD,
        log: quiet,
      }).catch((e: unknown) => e)) as EmbeddedNeo4jError;
      expect(error.code).toBe('START_FAILED');
      expect(error.message).toContain(
        'Unrecognized setting. No declared setting with name: db.logs.qery.enabled',
      );
    },
    JVM_TEST_TIMEOUT,
  );

  test('a password shorter than 8 characters is rejected before anything starts', async () => {
    const dataDir = path.join(await tempDir(), 'never-created');
    await expect(
      startEmbeddedNeo4j({ dataDir, boltPort: await findFreePort(), password: 'short', log: quiet }),
    ).rejects.toMatchObject({
      code: 'START_FAILED',
      message: expect.stringContaining('at least 8 characters'),
    });
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('missing or unusable tools', () => {
  test('a missing java fails with JAVA_MISSING and says how to install a JDK', async () => {
    await expect(checkJava(path.join(os.tmpdir(), 'no-such-dir', 'java'))).rejects.toMatchObject({
      code: 'JAVA_MISSING',
      message: expect.stringContaining('Install a JDK 17 or newer'),
    });
  });

  test('a java older than 17 fails with JAVA_TOO_OLD naming the version found', async () => {
    const fakeJava = path.join(await tempDir(), 'java');
    await writeFile(fakeJava, '#!/bin/sh\necho \'openjdk version "11.0.2" 2019-01-15\' >&2\n');
    await chmod(fakeJava, 0o755);
    await expect(checkJava(fakeJava)).rejects.toMatchObject({
      code: 'JAVA_TOO_OLD',
      message: expect.stringContaining('is Java 11'),
    });
  });

  test('the installed java is accepted (17 or newer)', async () => {
    expect(await checkJava()).toBeGreaterThanOrEqual(17);
  });

  test(
    'a build that is needed without mvn on the PATH fails with MAVEN_MISSING',
    async () => {
      const copy = await copyOfRepository();
      const [result] = await buildCopyInChild(copy, path.join(os.tmpdir(), 'no-such-dir'));
      expect(result?.code).toBe('MAVEN_MISSING');
      expect(result?.message).toContain('`mvn` is not on the PATH');
    },
    JVM_TEST_TIMEOUT,
  );

  test(
    "a failing build fails with BUILD_FAILED and shows the tail of Maven's output",
    async () => {
      const copy = await copyOfRepository();
      const main = path.join(
        copy,
        'neo4j-embedded/src/main/java/local/myoclonus/neo4j/EmbeddedNeo4jMain.java',
      );
      await writeFile(
        main,
        (await readFile(main, 'utf8')).replace('private EmbeddedNeo4jMain() {}', 'int broken = "x";'),
      );
      const [result] = await buildCopyInChild(copy, process.env.PATH ?? '');
      expect(result?.code).toBe('BUILD_FAILED');
      expect(result?.message).toMatch(/EmbeddedNeo4jMain\.java:\[\d+,\d+\] incompatible types/);
      expect(existsSync(path.join(copy, 'neo4j-embedded', 'target', '.build-stamp'))).toBe(false);
    },
    JVM_TEST_TIMEOUT,
  );
});

describe('building neo4j-embedded', () => {
  test(
    'Maven runs only when target/ is missing or older than pom.xml or a Java source',
    async () => {
      const copy = await copyOfRepository();
      const javaSource = path.join(
        copy,
        'neo4j-embedded/src/main/java/local/myoclonus/neo4j/EmbeddedNeo4jMain.java',
      );
      const pom = path.join(copy, 'neo4j-embedded/pom.xml');
      const results = await buildCopyInChild(copy, process.env.PATH ?? '', [
        null,
        null,
        javaSource,
        null,
        pom,
      ]);
      expect(results).toEqual([
        { built: true }, // no target/
        { built: false }, // up to date: no Maven
        { built: true }, // a Java source changed
        { built: false },
        { built: true }, // pom.xml changed
      ]);
      const jars = readdirSync(path.join(copy, 'neo4j-embedded/target/lib'));
      expect(jars.filter((jar) => /^neo4j-5\.26\.\d+\.jar$/.test(jar))).toHaveLength(1);
    },
    JVM_TEST_TIMEOUT,
  );
});

describe('no orphan JVM', () => {
  test(
    'a parent process killed with SIGKILL leaves no JVM behind: the JVM exits when its stdin closes',
    async () => {
      const dataDir = await tempDir();
      const boltPort = await findFreePort();
      // A plain Node child (no ts-jest) that loads src/neo4j/embedded.ts through TypeScript's transpiler.
      const script = `
        ${TS_REQUIRE_HOOK}
        const { startEmbeddedNeo4j } = require(${JSON.stringify(path.join(ROOT, 'src/neo4j/embedded.ts'))});
        startEmbeddedNeo4j(JSON.parse(process.env.TEST_OPTIONS)).then(
          (neo4j) => console.log('JVM_PID ' + neo4j.pid),
          (error) => { console.error(error); process.exit(1); },
        );`;
      const parent = spawn(process.execPath, ['-e', script], {
        env: { ...process.env, TEST_OPTIONS: JSON.stringify({ dataDir, boltPort, password: PASSWORD }) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      parent.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const parentExited = new Promise((resolve) => parent.once('exit', resolve));

      const jvmPid = await new Promise<number>((resolve, reject) => {
        readline.createInterface({ input: parent.stdout }).on('line', (line) => {
          const match = /^JVM_PID (\d+)$/.exec(line);
          if (match) resolve(Number(match[1]));
        });
        void parentExited.then(() =>
          reject(new Error(`the parent exited before the JVM was ready:\n${stderr}`)),
        );
      });
      cleanups.push(async () => {
        if (!isGone(jvmPid)) process.kill(jvmPid, 'SIGKILL'); // only if the test failed
      });

      if (process.platform === 'linux') {
        expect(readFileSync(`/proc/${jvmPid}/cmdline`, 'utf8')).toContain('EmbeddedNeo4jMain');
      }
      expect(isGone(jvmPid)).toBe(false);

      parent.kill('SIGKILL');
      await parentExited;
      expect(await waitUntilGone(jvmPid, 60_000)).toBe(true);
    },
    JVM_TEST_TIMEOUT,
  );
});

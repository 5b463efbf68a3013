/**
 * Building the Maven module in neo4j-embedded/ that the embedded Neo4j runs from: only when target/ is missing or
 * older than its sources, one build at a time per checkout.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths';
import { run, type RunResult } from './embedded-java';
import { defaultLog, seconds, stripAnsi, tail } from './embedded-output';
import { EmbeddedNeo4jError } from './embedded.types';

export const EMBEDDED_MODULE_DIR = path.join(PROJECT_ROOT, 'neo4j-embedded');
const TARGET_DIR = path.join(EMBEDDED_MODULE_DIR, 'target');
const STAMP_FILE = path.join(TARGET_DIR, '.build-stamp');

const MAVEN_TAIL_LINES = 40;

function classpath(): string {
  return [path.join(TARGET_DIR, 'classes'), path.join(TARGET_DIR, 'lib', '*')].join(path.delimiter);
}

async function newestMtime(entry: string): Promise<number> {
  const info = await stat(entry);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const child of await readdir(entry)) {
    newest = Math.max(newest, await newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** True when target/ lacks a complete build newer than pom.xml and every file under src/. */
async function buildNeeded(): Promise<boolean> {
  const stamp = await stat(STAMP_FILE).catch(() => undefined);
  if (!stamp) return true;
  const mainClass = path.join(
    TARGET_DIR,
    'classes',
    'local',
    'myoclonus',
    'neo4j',
    'EmbeddedNeo4jMain.class',
  );
  const jars = await readdir(path.join(TARGET_DIR, 'lib')).catch(() => [] as string[]);
  if (!existsSync(mainClass) || !jars.some((name) => name.startsWith('neo4j-'))) return true;
  const sources = Math.max(
    await newestMtime(path.join(EMBEDDED_MODULE_DIR, 'pom.xml')),
    await newestMtime(path.join(EMBEDDED_MODULE_DIR, 'src')),
  );
  return stamp.mtimeMs < sources;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return true;
}

/** One Maven build at a time per checkout (the service and a test run may both want one). */
async function withBuildLock<T>(log: (line: string) => void, fn: () => Promise<T>): Promise<T> {
  const hash = createHash('sha1').update(EMBEDDED_MODULE_DIR).digest('hex').slice(0, 12);
  const lock = path.join(os.tmpdir(), `neo4j-embedded-build-${hash}.lock`);
  const deadline = Date.now() + 20 * 60_000;
  let announced = false;
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(path.join(lock, 'pid'), 'utf8').catch(() => 'NaN'));
      const age = Date.now() - ((await stat(lock).catch(() => undefined))?.mtimeMs ?? 0);
      if ((Number.isInteger(owner) && !isAlive(owner)) || (!Number.isInteger(owner) && age > 10_000)) {
        await rm(lock, { recursive: true, force: true }); // left behind by a process that died
        continue;
      }
      if (Date.now() > deadline) {
        throw new EmbeddedNeo4jError(
          'BUILD_FAILED',
          `Timed out waiting for another Maven build (lock ${lock}).`,
        );
      }
      if (!announced) {
        log(`Waiting for another process (pid ${owner}) to finish building neo4j-embedded...`);
        announced = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function neo4jVersionInPom(): Promise<string | undefined> {
  const pom = await readFile(path.join(EMBEDDED_MODULE_DIR, 'pom.xml'), 'utf8');
  return /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(pom)?.[1];
}

async function runMavenBuild(log: (line: string) => void): Promise<void> {
  const version = await neo4jVersionInPom();
  const m2 = path.join(os.homedir(), '.m2', 'repository', 'org', 'neo4j', 'neo4j', version ?? '?');
  const cached = existsSync(m2);
  log(
    cached
      ? 'Building neo4j-embedded with Maven (artifacts already in ~/.m2)...'
      : `Building neo4j-embedded with Maven: downloading Neo4j ${version ?? ''} and its dependencies ` +
          '(about 110 MB) from Maven Central into ~/.m2, once...',
  );
  // A clean target/ so that jars of a previous Neo4j version never stay on the classpath.
  await rm(TARGET_DIR, { recursive: true, force: true });
  const started = Date.now();
  let result: RunResult;
  try {
    result = await run('mvn', ['-q', '-B', '-Dstyle.color=never', '-f', 'pom.xml', 'process-classes'], {
      cwd: EMBEDDED_MODULE_DIR,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new EmbeddedNeo4jError(
        'MAVEN_MISSING',
        'The embedded Neo4j is built from Maven Central artifacts the first time, but `mvn` is not on the PATH. ' +
          'Install Apache Maven 3.6+ (e.g. `apt-get install maven`, `brew install maven`), or set NEO4J_URI to ' +
          'use a Neo4j you already run.',
      );
    }
    throw error;
  }
  if (result.code !== 0) {
    await rm(TARGET_DIR, { recursive: true, force: true });
    throw new EmbeddedNeo4jError(
      'BUILD_FAILED',
      `Building neo4j-embedded failed (mvn exited with ${result.code ?? result.signal}) after ${seconds(
        Date.now() - started,
      )}. Last lines of Maven's output:\n${tail(stripAnsi(result.output), MAVEN_TAIL_LINES) || '(no output)'}\n` +
        `Retry with: cd ${EMBEDDED_MODULE_DIR} && mvn -B process-classes`,
    );
  }
  await writeFile(STAMP_FILE, `${new Date().toISOString()}\n`);
  const jars = (await readdir(path.join(TARGET_DIR, 'lib'))).length;
  log(
    `neo4j-embedded built in ${seconds(Date.now() - started)} (${jars} jars in neo4j-embedded/target/lib).`,
  );
}

/** Builds the Maven module only when target/ is missing or older than pom.xml / the Java sources; returns the classpath. */
export async function ensureEmbeddedBuilt(
  log: (line: string) => void = defaultLog,
): Promise<{ classpath: string; built: boolean }> {
  if (!(await buildNeeded())) return { classpath: classpath(), built: false };
  return withBuildLock(log, async () => {
    if (!(await buildNeeded())) return { classpath: classpath(), built: false }; // built while we waited
    await runMavenBuild(log);
    return { classpath: classpath(), built: true };
  });
}

/**
 * One measured run for bench/import.ts, in a process of its own so that its peak memory is its own:
 *   node import-child.js import <file> <uri> <password>   imports the file (streaming, as `npm run import:obo`)
 *   node import-child.js whole <file>                     the reference: reads and parses the whole file at once
 *   node import-child.js parse <file>...                  the speed reference: reads and parses each file whole,
 *                                                         with no memory sampling (prints millis and terms only)
 * Prints one JSON line: millis, terms, peak RSS (from the OS) and the peak of the live V8 heap: run with --expose-gc,
 * a timer collects garbage every 50 ms and then samples what is still in use (heapUsed alone would count garbage
 * that V8 has not collected yet). The whole-file reference is sampled once more with the parsed file still held.
 */
import { readFile } from 'node:fs/promises';
import { createDriver, Database } from '../src/neo4j/database';
import { importObo } from '../src/obo/import/run';
import { parseOboText } from '../src/obo/parse/obo-reader';

async function main(): Promise<void> {
  const [mode, file, uri, password] = process.argv.slice(2);
  if (mode === 'parse') {
    const started = performance.now();
    let terms = 0;
    for (const each of process.argv.slice(3)) {
      const { stanzas } = parseOboText(await readFile(each, 'utf8'), each);
      terms += stanzas.filter((s) => s.kind === 'term').length;
    }
    process.stdout.write(`${JSON.stringify({ mode, millis: performance.now() - started, terms })}\n`);
    return;
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const live = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  let heapPeak = live();
  const sampler = setInterval(() => {
    heapPeak = Math.max(heapPeak, live());
  }, 50);
  const started = performance.now();
  let terms: number;
  let report: unknown = null;
  if (mode === 'whole') {
    const { stanzas } = parseOboText(await readFile(file!, 'utf8'), file);
    heapPeak = Math.max(heapPeak, live()); // the stanzas are used below, so still held here
    terms = stanzas.filter((s) => s.kind === 'term').length;
  } else {
    const db = new Database(
      createDriver({ uri: uri!, username: 'neo4j', password: password!, database: 'neo4j' }),
      'neo4j',
    );
    try {
      const r = await importObo(db, file!);
      terms = r.terms;
      report = {
        millis: r.millis,
        relationships: r.relationships,
        merged: r.merged.length,
        changes: r.changes,
      };
    } finally {
      await db.close();
    }
  }
  const millis = performance.now() - started;
  clearInterval(sampler);
  process.stdout.write(
    `${JSON.stringify({ mode, millis, terms, maxRssMb: process.resourceUsage().maxRSS / 1024, heapPeakMb: heapPeak / 2 ** 20, report })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

/**
 * The hostile side of `proof:hostile`, in a worker thread of its own so that building and sending 10 MB bodies
 * does not share an event loop with the normal traffic whose latency the suite measures. A few concurrent senders
 * cycle through HOSTILE_DOCUMENTS for a fixed time, each starting a document at most every `intervalMs`; every
 * answer is judged and timed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HOSTILE_DOCUMENTS, sendDocument } from '../../tests/fixtures/hostile-documents';

/** X-Request-Id of a hostile request: `hostile-<index in HOSTILE_DOCUMENTS>-<serial>`, found in the service's log. */
export const REQUEST_ID_PREFIX = 'hostile-';

export interface SenderOptions {
  url: string;
  durationMs: number;
  concurrency: number;
  /** Each sender starts a document at most this often: hostile documents, not a flood of them. */
  intervalMs: number;
  timeoutMs: number;
  /** Where in the list to start (where the previous run stopped). */
  startAt: number;
}

/** What the senders saw of one document. */
export interface DocumentRecord {
  /** Latency of every answer, in ms. */
  ms: number[];
  /** Answers that were not what the document expects. */
  failures: number;
  /** Every distinct answer, with how often. */
  actuals: Record<string, number>;
  firstProblems: string[];
}

export async function sendHostile({
  url,
  durationMs,
  concurrency,
  intervalMs,
  timeoutMs,
  startAt,
}: SenderOptions): Promise<{ records: DocumentRecord[]; next: number }> {
  const records: DocumentRecord[] = HOSTILE_DOCUMENTS.map(() => ({
    ms: [],
    failures: 0,
    actuals: {},
    firstProblems: [],
  }));
  const end = performance.now() + durationMs;
  let next = startAt;
  const sender = async () => {
    while (performance.now() < end) {
      const started = performance.now();
      const index = next++ % HOSTILE_DOCUMENTS.length;
      const id = `${REQUEST_ID_PREFIX}${index}-${next}`;
      const outcome = await sendDocument(HOSTILE_DOCUMENTS[index]!, url, timeoutMs, id);
      const record = records[index]!;
      record.ms.push(outcome.ms);
      record.actuals[outcome.actual] = (record.actuals[outcome.actual] ?? 0) + 1;
      if (outcome.problems.length > 0) {
        record.failures += 1;
        if (record.firstProblems.length < 3) record.firstProblems.push(outcome.problems.join('; '));
      }
      const wait = started + intervalMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  return { records, next: next % HOSTILE_DOCUMENTS.length };
}

if (parentPort) {
  const port = parentPort;
  sendHostile(workerData as SenderOptions).then(
    (result) => port.postMessage(result),
    (error: unknown) => port.postMessage({ error: error instanceof Error ? error.stack : String(error) }),
  );
}

/**
 * The identity check: every input of every operation is sent to the three systems, each response is turned into the
 * operation's compared shape (operations.ts) and ours must deep-equal the peer's and the raw floor's. Any response
 * with errors is a failure too. The benchmark times nothing unless this passes; its test asserts the same report.
 */
import { isDeepStrictEqual } from 'node:util';
import { dataOf, responseErrors } from './operations';
import type { HttpCall, OperationName, PreparedOperation } from './operations';
import { SYSTEMS } from './system';
import type { SystemName } from './system';

export interface Exchange {
  status: number;
  json: unknown;
}

/** POSTs one call and reads its JSON answer. */
export async function post(baseUrl: string, call: HttpCall): Promise<Exchange> {
  const response = await fetch(`${baseUrl}${call.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: call.body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = { error: `not JSON: ${text.slice(0, 200)}` };
  }
  return { status: response.status, json };
}

export interface Difference {
  /** Where the two values first differ, as $.a[3].b */
  path: string;
  left: unknown;
  right: unknown;
}

/** The first place two JSON-like values differ, depth first; null when they are deeply equal. */
export function firstDifference(left: unknown, right: unknown, path = '$'): Difference | null {
  if (isDeepStrictEqual(left, right)) return null;
  if (Array.isArray(left) && Array.isArray(right)) {
    for (let i = 0; i < Math.min(left.length, right.length); i++) {
      const d = firstDifference(left[i], right[i], `${path}[${i}]`);
      if (d) return d;
    }
    return { path: `${path}.length`, left: left.length, right: right.length };
  }
  if (left && right && typeof left === 'object' && typeof right === 'object') {
    const l = left as Record<string, unknown>;
    const r = right as Record<string, unknown>;
    for (const key of [...new Set([...Object.keys(l), ...Object.keys(r)])].sort()) {
      if (!(key in l) || !(key in r)) return { path: `${path}.${key}`, left: l[key], right: r[key] };
      const d = firstDifference(l[key], r[key], `${path}.${key}`);
      if (d) return d;
    }
  }
  return { path, left, right };
}

export interface Mismatch extends Difference {
  operation: OperationName;
  input: string;
  /** Ours against this system. */
  against: Exclude<SystemName, 'ours'>;
}

export interface Failure {
  operation: OperationName;
  input: string;
  system: SystemName;
  message: string;
}

/** How much data the check compared: an all-empty workload would prove nothing. */
export interface Coverage {
  operation: OperationName;
  inputs: number;
  /** Inputs whose result is not empty (null, [], or no hits). */
  nonEmpty: number;
  /** Concept ids in all the compared results of ours, nested ones included. */
  ids: number;
  /** How long checking this operation took. */
  seconds: number;
}

export interface IdentityReport {
  ok: boolean;
  mismatches: Mismatch[];
  failures: Failure[];
  coverage: Coverage[];
}

function countIds(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countIds(v), 0);
  if (value && typeof value === 'object') {
    return Object.entries(value).reduce((n, [k, v]) => n + (k === 'id' ? 1 : countIds(v)), 0);
  }
  return 0;
}

function isEmpty(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  const hits = (value as { hits?: unknown[] }).hits;
  return Array.isArray(hits) && hits.length === 0;
}

/** Runs `work` over `items`, `concurrency` at a time, in order of start. */
async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

/** Sends every input of every operation to the three systems and compares what they return. */
export async function checkIdentity(
  urls: Record<SystemName, string>,
  operations: readonly PreparedOperation[],
  { concurrency = 4 }: { concurrency?: number } = {},
): Promise<IdentityReport> {
  const mismatches: Mismatch[] = [];
  const failures: Failure[] = [];
  const coverage: Coverage[] = [];
  for (const op of operations) {
    const started = performance.now();
    const cover: Coverage = { operation: op.name, inputs: op.items.length, nonEmpty: 0, ids: 0, seconds: 0 };
    coverage.push(cover);
    await pool(op.items, concurrency, async (item) => {
      const results = await Promise.all(
        SYSTEMS.map(async (system) => {
          try {
            const { status, json } = await post(urls[system], item.calls[system]);
            const errors = responseErrors(status, json);
            if (errors !== null) throw new Error(errors);
            return { system, value: item.canonical(system, dataOf(json)) };
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            failures.push({ operation: op.name, input: item.label, system, message });
            return null;
          }
        }),
      );
      const [ours, ...others] = results;
      if (!ours) return;
      if (!isEmpty(ours.value)) cover.nonEmpty += 1;
      cover.ids += countIds(ours.value);
      for (const other of others) {
        if (!other) continue;
        const difference = firstDifference(ours.value, other.value);
        if (difference) {
          mismatches.push({
            operation: op.name,
            input: item.label,
            against: other.system as Mismatch['against'],
            ...difference,
          });
        }
      }
    });
    cover.seconds = Math.round((performance.now() - started) / 100) / 10;
  }
  return { ok: mismatches.length === 0 && failures.length === 0, mismatches, failures, coverage };
}

/** A few lines a person can read: the first mismatches and failures. */
export function describeIdentity(report: IdentityReport, max = 5): string {
  const lines = report.coverage.map(
    (c) =>
      `  ${c.operation}: ${c.inputs} inputs, ${c.nonEmpty} with data, ${c.ids} concept ids compared per system ` +
      `(${c.seconds} s)`,
  );
  for (const m of report.mismatches.slice(0, max)) {
    lines.push(
      `  MISMATCH ${m.operation} ${m.input}: ours vs ${m.against} at ${m.path}: ` +
        `${JSON.stringify(m.left)?.slice(0, 200)} != ${JSON.stringify(m.right)?.slice(0, 200)}`,
    );
  }
  for (const f of report.failures.slice(0, max)) {
    lines.push(`  ERROR ${f.operation} ${f.input} from ${f.system}: ${f.message}`);
  }
  const hidden = Math.max(0, report.mismatches.length - max) + Math.max(0, report.failures.length - max);
  if (hidden > 0) lines.push(`  ... and ${hidden} more`);
  return lines.join('\n');
}

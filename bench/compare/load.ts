/**
 * Load with autocannon: a fixed number of connections for warm-up + duration seconds in one run, each request's
 * body the next one of the operation's list (the same order for every system). Only the responses that complete
 * after the warm-up are measured: latency per response in microseconds (hdr-histogram-js) for p50 and p95
 * (autocannon's own histogram has millisecond steps and no p95), throughput as those responses over the time they
 * completed in. One run, so the connections stay open and busy from the warm-up into the measured part.
 *
 * A response with GraphQL `errors`, the raw server's `error`, a non-2xx status, a timeout or a connection error
 * counts as an error, warm-up included, and so does a run in which no request completed after the warm-up.
 *
 * When autocannon's time is up it closes its connections, but the server still works through the requests in
 * flight: each run ends with a pause long enough for those to finish (1.5 times the slowest response seen), so that
 * the next run, of this system or another, starts on an idle machine.
 */
import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import type { HttpCall } from './operations';

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Seconds a request may take before it counts as a timeout (default 10). */
  timeoutSeconds?: number;
}

export interface LoadResult {
  /** Responses measured (after the warm-up). */
  requests: number;
  /** Measured responses per second. */
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  /** Mean measured response size in bytes, headers included. */
  bytesPerResponse: number;
  errors: number;
  /** The first error seen, for the log. */
  firstError?: string;
}

/** True when a response body reports an error (a GraphQL `errors` entry, or the raw server's `error`). */
export function bodyHasError(body: string): boolean {
  return body.includes('"errors":') || body.startsWith('{"error"');
}

const MIN_DRAIN_MS = 250;
const DRAIN_FACTOR = 1.5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A warm-up and the measured run, then the pause that lets the requests still in flight finish. */
export async function runLoad(
  url: string,
  calls: readonly HttpCall[],
  options: LoadOptions,
): Promise<LoadResult> {
  const path = calls[0]!.path;
  if (calls.some((c) => c.path !== path)) throw new Error('One operation, one path');
  const timeoutSeconds = options.timeoutSeconds ?? 10;
  const latency = hdr.build({ numberOfSignificantValueDigits: 3 });
  let next = 0;
  let measured = 0;
  let bytes = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const measureFrom = started + options.warmupSeconds * 1000;
  try {
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url,
          connections: options.connections,
          duration: options.warmupSeconds + options.durationSeconds,
          timeout: timeoutSeconds,
          requests: [
            {
              method: 'POST',
              path,
              headers: { 'content-type': 'application/json' },
              setupRequest: (request) => ({ ...request, body: calls[next++ % calls.length]!.body }),
            },
          ],
          verifyBody: (body: string) => {
            const ok = !bodyHasError(body);
            if (!ok) firstError ??= body.slice(0, 300);
            return ok;
          },
        } as autocannon.Options,
        (error: unknown, result: autocannon.Result) => (error ? reject(error) : resolve(result)),
      );
      instance.on('response', (_client, status, resBytes, responseTime) => {
        if (status < 200 || status >= 300) firstError ??= `HTTP ${status}`;
        if (performance.now() < measureFrom) return;
        measured += 1;
        bytes += resBytes;
        latency.recordValue(Math.max(1, Math.round(responseTime * 1000)));
      });
      instance.on('reqError', (error: unknown) => {
        firstError ??= error instanceof Error ? error.message : String(error);
      });
    });
    const measuredSeconds = (performance.now() - measureFrom) / 1000;
    const slowestMs = latency.totalCount > 0 ? latency.maxValue / 1000 : timeoutSeconds * 1000;
    await sleep(Math.min(timeoutSeconds * 1000, Math.max(MIN_DRAIN_MS, DRAIN_FACTOR * slowestMs)));
    const ms = (percentile: number) => Math.round(latency.getValueAtPercentile(percentile)) / 1000;
    const errors = result.errors + result.non2xx + result.mismatches + (measured === 0 ? 1 : 0);
    if (measured === 0) firstError ??= 'no request completed after the warm-up';
    return {
      requests: measured,
      throughput: Math.round((measured / measuredSeconds) * 10) / 10,
      p50: ms(50),
      p95: ms(95),
      p99: ms(99),
      bytesPerResponse: measured > 0 ? Math.round(bytes / measured) : 0,
      errors,
      ...(errors > 0 && firstError ? { firstError } : {}),
    };
  } finally {
    latency.destroy();
  }
}

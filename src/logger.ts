import pino from 'pino';
import pretty from 'pino-pretty';

export type Logger = pino.Logger;
export type LogFormat = 'json' | 'pretty';

/**
 * Structured logs on stdout: JSON lines for machines, or readable lines when a person watches a terminal. Writes are
 * synchronous so that the last lines before an exit (shutdown, a start-up failure) are never lost.
 */
export function createLogger(
  level: string = process.env.LOG_LEVEL ?? 'info',
  format: LogFormat = process.stdout.isTTY ? 'pretty' : 'json',
): Logger {
  const options = { level, base: { service: 'myoclonus-ontology' } };
  if (format === 'pretty') {
    return pino(options, pretty({ sync: true, ignore: 'pid,hostname,service', translateTime: 'HH:MM:ss' }));
  }
  return pino(options, pino.destination({ dest: 1, sync: true }));
}

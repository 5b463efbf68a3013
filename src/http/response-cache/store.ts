import { createHash } from 'node:crypto';
import fresh from 'fresh';
import { LRUCache } from 'lru-cache';
import Negotiator from 'negotiator';
import type { Logger } from '../../logger';
import type { Database } from '../../neo4j/database';
import { newRequestScope } from '../../neo4j/database';
import { readGraphVersion } from '../../neo4j/graph-version';
import type { ResponseCacheOptions } from './options';

/** Root fields whose answers are never kept. */
export const NOT_CACHEABLE_FIELDS: ReadonlySet<string> = new Set(['cypher']);

/** The version read gives up after this long: it runs again at the next check. */
const VERSION_TIMEOUT_MS = 2_000;

/** A GraphQL request as the cache keys it. */
export interface CacheableRequest {
  query: string;
  operationName: string | null;
  variables: Record<string, unknown> | null;
}

export interface CachedAnswer {
  /** `{"data":...}` and a newline, as Apollo writes it. */
  body: Buffer;
  etag: string;
  operation: string | null;
}

/** What a request became: its key and the version current when it started (an answer computed is kept for it). */
export interface CacheTicket {
  key: string;
  version: string;
}

export interface ResponseCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

const MEDIA_TYPES = [
  'application/json; charset=utf-8',
  'application/graphql-response+json; charset=utf-8',
  'application/json; callbackSpec=1.0; charset=utf-8',
];

/**
 * The content type Apollo answers a single result with, for this Accept header (its own negotiation, which
 * @apollo/server does not export), or null when none is acceptable (Apollo answers that with a 406).
 */
export function negotiatedType(accept: string | undefined): string | null {
  if (!accept) return MEDIA_TYPES[0]!;
  return new Negotiator({ headers: { accept } }).mediaType(MEDIA_TYPES) ?? null;
}

/**
 * The cacheable request a POST body or a GET query string carries, or null: a request that is not one operation
 * with a query string (a persisted-query hash, a malformed body) goes to Apollo, which answers it.
 */
export function cacheableRequest(source: unknown, fromQueryString: boolean): CacheableRequest | null {
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return null;
  const { query, operationName, variables, extensions } = source as Record<string, unknown>;
  if (typeof query !== 'string' || extensions !== undefined) return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
  let vars: unknown = variables ?? null;
  if (fromQueryString && typeof vars === 'string') {
    try {
      vars = JSON.parse(vars);
    } catch {
      return null;
    }
  }
  if (vars !== null && (typeof vars !== 'object' || Array.isArray(vars))) return null;
  return {
    query,
    operationName: (operationName as string | null | undefined) ?? null,
    variables: vars as Record<string, unknown> | null,
  };
}

/**
 * Answers of successful GraphQL queries, kept for the graph version they were computed on.
 *
 * The ontology changes only when it is seeded or imported, so the same query with the same variables has the same
 * answer until then. Every `checkMs` the cache reads the graph's version (neo4j/graph-version.ts: a counter the
 * writers bump, and the node and relationship counts); when it changes, every answer kept is dropped. While the
 * version cannot be read (Neo4j down), nothing is served from the cache and nothing is kept: requests go through
 * the service as usual. Each answer also expires after `ttlMs`, which bounds how long a writer that neither bumps
 * the version nor changes the counts can go unnoticed.
 *
 * Only answers with data and no error are kept, at most `maxBytes` in all (least recently used out first). Every
 * answer the cache can keep carries an ETag (weak: a hash of its data), and a request whose If-None-Match names it
 * gets 304 Not Modified without a body.
 *
 * A request's own `Cache-Control: no-cache` does not bypass it: the cache is the origin's, and its answers are the
 * current ones (fetch() adds `no-cache` to every request that carries If-None-Match, which would otherwise never get
 * its 304).
 *
 * Operations that select a root field whose answer is not a function of the graph alone are never kept
 * (NOT_CACHEABLE_FIELDS: `cypher` runs an analyst's Cypher, which may call randomUUID() or datetime()).
 */
export class ResponseCache {
  private readonly answers: LRUCache<string, CachedAnswer & { version: string }>;
  private version: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<string | null> | undefined;
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly db: Database,
    readonly options: ResponseCacheOptions,
    private readonly logger?: Logger,
  ) {
    this.answers = new LRUCache({
      maxSize: options.maxBytes,
      // One answer may take an eighth of the cache: a few huge ones do not push everything else out.
      maxEntrySize: Math.max(1, Math.floor(options.maxBytes / 8)),
      sizeCalculation: (answer, key) => answer.body.length + key.length + 200,
      ttl: options.ttlMs,
      // An expired answer is dropped when met; no timer per answer.
      ttlAutopurge: false,
    });
  }

  /** Reads the version now and then every checkMs (the timer does not keep the process alive). */
  start(): Promise<string | null> {
    this.timer ??= setInterval(() => void this.refresh(), this.options.checkMs).unref();
    return this.refresh();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.forget(null);
  }

  /** Reads the graph's version (one read at a time); on a change, or when it cannot be read, drops every answer. */
  refresh(): Promise<string | null> {
    this.checking ??= readGraphVersion(this.db, newRequestScope(VERSION_TIMEOUT_MS))
      .catch((error: unknown) => {
        if (this.version !== null) {
          this.logger?.warn(
            { err: error },
            'response cache: graph version unreadable, answering without the cache',
          );
        }
        return null;
      })
      .then((version) => {
        if (version !== this.version) this.forget(version);
        return version;
      })
      .finally(() => {
        this.checking = undefined;
      });
    return this.checking;
  }

  /**
   * The key of a request, with the version it is answered for; null while the version is unknown, or when the
   * variables cannot be serialised (nested past the stack: Apollo answers such a request with its own error).
   */
  ticket(request: CacheableRequest): CacheTicket | null {
    if (this.version === null) return null;
    let text: string;
    try {
      text = JSON.stringify([request.query, request.operationName, request.variables]);
    } catch {
      return null;
    }
    return { key: createHash('sha256').update(text).digest('base64url'), version: this.version };
  }

  /** The answer kept for this ticket, if it is still for the current version. */
  lookup(ticket: CacheTicket): CachedAnswer | undefined {
    const answer = this.answers.get(ticket.key);
    if (answer && answer.version === this.version && answer.version === ticket.version) {
      this.hits++;
      return answer;
    }
    this.misses++;
    return undefined;
  }

  /**
   * Keeps the data of a successful answer for its ticket, unless the version changed while it was computed (then
   * it may mix both versions). Returns it with its ETag in either case; undefined when the data cannot be
   * serialised here (then Apollo's own serialisation fails the same way, and answers with its error).
   */
  store(ticket: CacheTicket, data: unknown, operation: string | null): CachedAnswer | undefined {
    let text: string;
    try {
      text = JSON.stringify({ data });
    } catch {
      return undefined;
    }
    const body = Buffer.from(`${text}\n`);
    const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const answer = { body, etag, operation };
    if (ticket.version === this.version) this.answers.set(ticket.key, { ...answer, version: ticket.version });
    return answer;
  }

  stats(): ResponseCacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      entries: this.answers.size,
      bytes: this.answers.calculatedSize,
    };
  }

  private forget(version: string | null): void {
    this.version = version;
    this.answers.clear();
  }
}

/**
 * True when the request's If-None-Match names this ETag. Its Cache-Control is not passed on: `fresh` is written for
 * caches in front of an origin, which must not answer 304 to `no-cache`; this is the origin.
 */
export function notModified(headers: Record<string, string | string[] | undefined>, etag: string): boolean {
  return fresh({ 'if-none-match': first(headers['if-none-match']) }, { etag });
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

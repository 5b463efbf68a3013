/**
 * The response cache's settings and their defaults (store.ts), apart so that the configuration loads without
 * the cache's modules.
 */
export interface ResponseCacheOptions {
  /** The most the kept answers may hold, in bytes; 0 turns the cache off. */
  maxBytes: number;
  /** How often the graph's version is read. */
  checkMs: number;
  /** How long an answer is kept at most. */
  ttlMs: number;
}

export const DEFAULT_RESPONSE_CACHE: ResponseCacheOptions = {
  maxBytes: 64 * 2 ** 20,
  checkMs: 1_000,
  ttlMs: 60_000,
};

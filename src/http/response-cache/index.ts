export { cacheableRequest, negotiatedType, notModified, NOT_CACHEABLE_FIELDS, ResponseCache } from './store';
export type { CacheableRequest, CacheTicket, CachedAnswer, ResponseCacheStats } from './store';
export { DEFAULT_RESPONSE_CACHE } from './options';
export type { ResponseCacheOptions } from './options';
export { responseCacheMiddleware } from './middleware';
export { responseCachePlugin } from './plugin';

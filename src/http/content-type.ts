import type { Request } from 'express';

/**
 * JSON is UTF-8 (RFC 8259, section 8.1): a body labelled with another charset is refused (415), not decoded as that
 * charset and then found malformed.
 */
export function isUtf8(req: Request): boolean {
  const charset = /;\s*charset="?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

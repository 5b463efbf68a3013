import { Field, ObjectType } from 'type-graphql';
import { badInput } from './errors';

export const PAGE_SIZE = { default: 20, max: 100 } as const;

/** Validates `first`: a page holds 0 to PAGE_SIZE.max items; absent means the default. */
export function pageSize(first: number | null | undefined, max: number = PAGE_SIZE.max): number {
  if (first === null || first === undefined) return Math.min(PAGE_SIZE.default, max);
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw badInput('first', `must be between 0 and ${max} (got ${first})`);
  }
  return first;
}

/** Cursors are opaque to clients: base64url of a small JSON array whose first item names the ordering. */
export function encodeCursor(parts: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by encodeCursor for `ordering`, checking each part's type; anything else is a clear
 * BAD_USER_INPUT error, never a server error.
 */
export function decodeCursor(
  cursor: string,
  ordering: string,
  types: ReadonlyArray<'string' | 'number'>,
): Array<string | number> {
  let parts: unknown;
  try {
    if (cursor.length > 2048) throw new Error('too long');
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput('after', 'is not a cursor returned by this query');
  }
  if (!Array.isArray(parts) || parts[0] !== ordering || parts.length !== types.length + 1) {
    throw badInput('after', `is not a cursor of this query and ordering (${ordering})`);
  }
  const values = parts.slice(1) as unknown[];
  values.forEach((v, i) => {
    if (typeof v !== types[i] || (typeof v === 'number' && (!Number.isInteger(v) || v < 0))) {
      throw badInput('after', 'is not a cursor returned by this query');
    }
  });
  return values as Array<string | number>;
}

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field({ description: 'True when the page was asked for `after` a cursor.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** Builds PageInfo from a page fetched with one extra item (the extra one only says there is a next page). */
export function pageInfo(
  cursors: string[],
  hasNextPage: boolean,
  after: string | null | undefined,
): PageInfo {
  return {
    hasNextPage,
    hasPreviousPage: Boolean(after),
    startCursor: cursors[0] ?? null,
    endCursor: cursors[cursors.length - 1] ?? null,
  };
}

import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo } from 'graphql-parse-resolve-info';
import type { ResolveTree } from 'graphql-parse-resolve-info';

/** True when the client selected `field` directly under the current field (through fragments too). */
export function selects(info: GraphQLResolveInfo, field: string): boolean {
  const tree = parseResolveInfo(info) as ResolveTree | null;
  if (!tree) return false;
  return Object.values(tree.fieldsByTypeName).some((fields) =>
    Object.values(fields).some((f) => f.name === field),
  );
}

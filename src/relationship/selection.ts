import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * True when a field named `name` appears anywhere under the field being resolved: in its selection set, nested
 * selections, inline fragments and named fragments (each fragment read once), whatever the alias and ignoring
 * @skip/@include. It can say yes when the field is not needed (a nested `evidence`, a skipped one), never no when
 * it is: a loader that leaves data out on its word never answers with less than the query asked for.
 */
export function selects(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  const search = (set: SelectionSetNode | undefined): boolean => {
    if (!set) return false;
    for (const selection of set.selections) {
      if (selection.kind === 'Field') {
        if (selection.name.value === name || search(selection.selectionSet)) return true;
      } else if (selection.kind === 'InlineFragment') {
        if (search(selection.selectionSet)) return true;
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        if (search(info.fragments[selection.name.value]?.selectionSet)) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((node) => search(node.selectionSet));
}

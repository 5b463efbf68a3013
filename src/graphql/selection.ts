import { Kind } from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { parseResolveInfo } from 'graphql-parse-resolve-info';
import type { ResolveTree } from 'graphql-parse-resolve-info';

/** True when the client selected `field` directly under the current field (through fragments too). */
export function selectsDirectly(info: GraphQLResolveInfo, field: string): boolean {
  const tree = parseResolveInfo(info) as ResolveTree | null;
  if (!tree) return false;
  return Object.values(tree.fieldsByTypeName).some((fields) =>
    Object.values(fields).some((f) => f.name === field),
  );
}

/**
 * True when a field named `name` appears anywhere under the field being resolved: in its selection set, nested
 * selections, inline fragments and named fragments (each fragment read once), whatever the alias and ignoring
 * @skip/@include. It can say yes when the field is not needed (a nested `evidence`, a skipped one), never no when
 * it is: a loader that leaves data out on its word never answers with less than the query asked for.
 */
export function selectsAnywhere(info: GraphQLResolveInfo, name: string): boolean {
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

/** The root fields an operation selects, through its fragments too. */
export function rootFieldNames(selectionSet: SelectionSetNode, document: DocumentNode | undefined): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document?.definitions ?? []) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const names: string[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.push(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(selectionSet);
  return names;
}

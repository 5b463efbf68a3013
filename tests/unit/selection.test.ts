import { parse } from 'graphql';
import type { FragmentDefinitionNode, GraphQLResolveInfo, OperationDefinitionNode } from 'graphql';
import { rootFieldNames, selectsAnywhere } from '../../src/graphql/selection';

/** The resolve info of the first root field of `document`, as graphql-js passes it: its nodes and the fragments. */
function infoOf(document: string): GraphQLResolveInfo {
  const ast = parse(document);
  const operation = ast.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
  )!;
  const fragments = Object.fromEntries(
    ast.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition')
      .map((f) => [f.name.value, f]),
  );
  const field = operation.selectionSet.selections[0]!;
  return { fieldNodes: [field], fragments } as unknown as GraphQLResolveInfo;
}

describe('selectsAnywhere', () => {
  it.each([
    ['directly', '{ causes { evidence { quote } } }'],
    ['under an alias', '{ causes { quotes: evidence { quote } } }'],
    ['deeper down', '{ causes { node { ... on Cause { conditions { evidence { quote } } } } } }'],
    ['in an inline fragment', '{ causes { ... on ConceptRelation { evidence { quote } } } }'],
    ['in a named fragment', '{ causes { ...E } } fragment E on ConceptRelation { evidence { quote } }'],
    [
      'in a fragment of a fragment',
      '{ causes { ...A } } fragment A on Relation { ...B } fragment B on Relation { evidence { quote } }',
    ],
    ['under @skip (it may still be asked for)', '{ causes { evidence @skip(if: true) { quote } } }'],
  ])('finds a field asked for %s', (_how, document) => {
    expect(selectsAnywhere(infoOf(document), 'evidence')).toBe(true);
  });

  it.each([
    ['when only other fields are asked for', '{ causes { population node { id name } } }'],
    [
      'in an unused fragment',
      '{ causes { node { id } } } fragment E on ConceptRelation { evidence { quote } }',
    ],
    ['in another root field', '{ causes { node { id } } other: causes { evidence { quote } } }'],
  ])('finds none %s', (_how, document) => {
    expect(selectsAnywhere(infoOf(document), 'evidence')).toBe(false);
  });

  it('reads a fragment that spreads itself once, without looping', () => {
    expect(
      selectsAnywhere(infoOf('{ causes { ...A } } fragment A on Relation { node { id } ...A }'), 'evidence'),
    ).toBe(false);
  });
});

describe('rootFieldNames', () => {
  it('lists the root fields of an operation, through inline and named fragments, each fragment once', () => {
    const document = parse(
      '{ concept(id: "x") { id } ...F ... on Query { sources { id } } } fragment F on Query { search(text: "m") { totalCount } ...F }',
    );
    const operation = document.definitions[0] as OperationDefinitionNode;
    expect(rootFieldNames(operation.selectionSet, document)).toEqual(['concept', 'search', 'sources']);
  });
});

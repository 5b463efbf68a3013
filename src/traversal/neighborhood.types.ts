import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Concept } from '../concept/concept.type';
import { Evidence } from '../concept/evidence.type';
import { listOf } from '../graphql/cost';
import { Population, RelationshipType } from '../graphql/enums';

@ObjectType({ description: 'A concept of a neighborhood and how many hops it is from the center.' })
export class NeighborhoodNode {
  @Field(() => Concept)
  node!: Concept;

  @Field(() => Int, {
    description: 'The fewest hops from the center to this concept (0 for the center itself).',
  })
  depth!: number;
}

@ObjectType({
  description: 'A relationship between two concepts of a neighborhood, in its stored direction.',
})
export class NeighborhoodEdge {
  @Field(() => ID, { description: 'The id of the concept the relationship starts from.' })
  from!: string;

  @Field(() => ID, { description: 'The id of the concept the relationship points to.' })
  to!: string;

  @Field(() => RelationshipType)
  relationship!: RelationshipType;

  @Field(() => Population, {
    nullable: true,
    description: 'Who the relationship is stated for, where the source says.',
  })
  population!: Population | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The source’s own wording of the link when it is hedged or indirect: read it no stronger than this.',
  })
  statedAs!: string | null;

  @Field(() => [Evidence], { description: 'The sentences that state the relationship, with their sources.' })
  evidence!: Evidence[];
}

@ObjectType({
  description:
    'The concepts around a center and the relationships between them: the shape a graph picture needs. Every ' +
    'edge joins two concepts listed in `nodes`.',
})
export class Neighborhood {
  @Field(() => Concept)
  center!: Concept;

  @Field(() => [NeighborhoodNode], {
    complexity: listOf(1),
    description: 'The center (depth 0) and the concepts around it, nearest first, then by name and id.',
  })
  nodes!: NeighborhoodNode[];

  // Every node brings about one edge: counted per node, through the neighborhood's limit.
  @Field(() => [NeighborhoodEdge], {
    complexity: listOf(1),
    description:
      'Every relationship of the requested types between two of the listed concepts, ordered by `from`, `to` ' +
      'and type.',
  })
  edges!: NeighborhoodEdge[];

  @Field({
    description:
      'True when more concepts lie within the depth than `limit` allowed: the farthest (and, within a depth, the ' +
      'last by name) were left out, with their edges.',
  })
  truncated!: boolean;
}

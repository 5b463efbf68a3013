import { InterfaceType, ObjectType } from 'type-graphql';
import { Concept, TYPE_OF_KIND } from '../concept/concept.type';
import type { ConceptKindName } from '../model/kinds';

@InterfaceType({
  implements: Concept,
  description:
    'A condition: a disorder, symptom, syndrome or form of one. Cancers are conditions too. Relationship fields ' +
    'list edges that carry the concept at the other end, qualifiers and evidence.',
  resolveType: (value: { kind: ConceptKindName }) => TYPE_OF_KIND[value.kind],
})
export abstract class Condition extends Concept {}

@ObjectType({ implements: [Concept, Condition], description: 'A condition that is not a cancer.' })
export class GeneralCondition extends Condition {}

@ObjectType({ implements: [Concept, Condition], description: 'A cancer. It is a condition too.' })
export class Cancer extends Condition {}

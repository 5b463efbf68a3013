import { ObjectType } from 'type-graphql';
import { Concept } from '../concept/concept.type';

@ObjectType({
  implements: Concept,
  description: 'A part of the body; `partOf` and `parts` give its hierarchy.',
})
export class BodyRegion extends Concept {}

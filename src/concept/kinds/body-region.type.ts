import { ObjectType } from 'type-graphql';
import { Concept } from '../concept.type';

@ObjectType({
  implements: Concept,
  description:
    'A part of the body; `partOf` and `parts` give its parthood hierarchy (also `ancestors` and `descendants`), ' +
    '`parents` and `subtypes` its kinds (SUBTYPE_OF).',
})
export class BodyRegion extends Concept {}

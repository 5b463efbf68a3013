import { ObjectType } from 'type-graphql';
import { Concept } from '../concept.type';

@ObjectType({
  implements: Concept,
  description:
    'A causal factor that is not itself a disease, such as a faulty immune reaction or infections.',
})
export class Cause extends Concept {}

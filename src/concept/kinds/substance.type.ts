import { ObjectType } from 'type-graphql';
import { Concept } from '../concept.type';

@ObjectType({ implements: Concept, description: 'A substance, such as alcohol.' })
export class Substance extends Concept {}

import { ObjectType } from 'type-graphql';
import { Concept } from '../concept.type';

@ObjectType({ implements: Concept, description: 'A diagnostic test or a treatment.' })
export class Procedure extends Concept {}

import { Resolver } from 'type-graphql';

/** relatedConditions (being written). */
@Resolver()
export class RelatedResolver {}

import { Resolver } from 'type-graphql';

/** causalChains, paths and neighborhood (being written). */
@Resolver()
export class TraversalResolver {}

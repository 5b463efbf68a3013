import { registerEnumType } from 'type-graphql';

export enum CausalDirection {
  UPSTREAM = 'UPSTREAM',
  DOWNSTREAM = 'DOWNSTREAM',
}
registerEnumType(CausalDirection, {
  name: 'CausalDirection',
  description: 'Which way causal chains are followed from their starting concept.',
  valuesConfig: {
    UPSTREAM: {
      description:
        'Towards what causes the concept: relationships pointing into each concept, crossed BACKWARD.',
    },
    DOWNSTREAM: {
      description: 'Towards what the concept causes: relationships leaving each concept, crossed FORWARD.',
    },
  },
});

/** Values are the relationship types they add; they reach Cypher only through RELATIONSHIP_TYPES (see cypher). */
export enum CausalOptIn {
  HAS_FEATURE = 'HAS_FEATURE',
  SUBTYPE_OF = 'SUBTYPE_OF',
}
registerEnumType(CausalOptIn, {
  name: 'CausalOptIn',
  description: 'Relationship types causal chains may follow besides CAUSES, when asked to.',
  valuesConfig: {
    HAS_FEATURE: {
      description:
        'A condition that has a feature produces it: opsoclonus-myoclonus syndrome HAS_FEATURE myoclonus is read ' +
        'as the syndrome bringing about myoclonus.',
    },
    SUBTYPE_OF: {
      description:
        'A subtype is a form of its parent: Lennox-Gastaut syndrome SUBTYPE_OF epilepsy is read as the syndrome ' +
        'being one form epilepsy takes, so chains pass from a subtype to its parent and on to what the parent causes.',
    },
  },
});

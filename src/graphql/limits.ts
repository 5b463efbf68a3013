import type { ApolloServerOptions } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError } from 'graphql';
import type { ASTVisitor, ValidationContext, ValidationRule } from 'graphql';
import { OperationLimitError } from './errors';
import type { OperationLimits } from './operation-limits';
import type { LimitCode } from './errors';

/**
 * graphql-armor's rules report "Syntax Error: <what> limit of N exceeded, found M." by default; this reports the
 * same sentence, without the misleading prefix, as an OperationLimitError. Apollo wraps validation errors as
 * GRAPHQL_VALIDATION_FAILED; formatError finds this error under it and shows its own code.
 */
function refuse(code: LimitCode) {
  return [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new OperationLimitError(code, error.message.replace(/^Syntax Error: /, ''))),
  ];
}

/** Depth, aliases and directives: graphql-armor's validation rules, run with graphql-js's own. */
export function limitRules(limits: OperationLimits): ValidationRule[] {
  // propagateOnRejection: false. The rules would otherwise throw out of graphql-js's validate(), which Apollo does
  // not catch there: the client would see a 500 instead of the limit's code.
  const common = { exposeLimits: true, propagateOnRejection: false } as const;
  return [
    maxDepthRule({
      ...common,
      n: limits.maxDepth,
      flattenFragments: true,
      onReject: refuse('QUERY_TOO_DEEP'),
    }),
    maxAliasesRule({ ...common, n: limits.maxAliases, onReject: refuse('TOO_MANY_ALIASES') }),
    maxDirectivesRule({ ...common, n: limits.maxDirectives, onReject: refuse('TOO_MANY_DIRECTIVES') }),
  ];
}

/**
 * The service is read-only: a mutation or subscription is refused while validating (GRAPHQL_VALIDATION_FAILED),
 * as graphql-js 17 will do, instead of failing at execution with "Schema is not configured to execute ...".
 */
export function knownOperationTypeRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation === 'query') return;
      const schema = context.getSchema();
      const root = node.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
      if (root) return;
      context.reportError(
        new GraphQLError(`This service is read-only: it has no ${node.operation}s. Send a query.`, {
          nodes: node,
        }),
      );
    },
  };
}

/**
 * Introspection off (GRAPHQL_INTROSPECTION; off in production): one INTROSPECTION_DISABLED error per `__schema` or
 * `__type` field. `__typename` stays allowed: it names an object's type, not the schema, and client caches need it.
 * (graphql-js's NoSchemaIntrospectionCustomRule reports every field below too, and without a code.)
 */
export function noIntrospectionRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.name.value !== '__schema' && node.name.value !== '__type') return;
      context.reportError(
        new OperationLimitError(
          'INTROSPECTION_DISABLED',
          'Introspection is disabled on this server (GRAPHQL_INTROSPECTION).',
        ),
      );
    },
  };
}

/**
 * Tokens: graphql-js's parser counts them itself (`maxTokens`) and stops at the limit, inside Apollo's parse step.
 * graphql-armor's Apollo max-tokens protection re-parses in `parsingDidStart` and throws there, outside Apollo's
 * error handling: a 500. formatError gives the parser's error its code.
 */
export function limitParseOptions(limits: OperationLimits): ApolloServerOptions<never>['parseOptions'] {
  return { maxTokens: limits.maxTokens };
}

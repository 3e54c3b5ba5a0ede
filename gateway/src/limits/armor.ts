import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { ApolloServerPlugin } from "@apollo/server";
import type { ValidationRule } from "graphql";
import type { HubConfig } from "@hub/common";

/**
 * Query limits from graphql-armor (Escape): depth (`MAX_QUERY_DEPTH`, fragments flattened, the introspection
 * `__schema` subtree not counted so the IDE and codegen can load the schema in development), aliases
 * (`MAX_ALIASES`) and directives (`MAX_DIRECTIVES`). Rejections are BAD_USER_INPUT with 400.
 *
 * Three armor protections are off, each replaced by something that does the job in Apollo Server:
 * - cost: armor multiplies only by literal `first` values, so `first: $n` slips past it; the connection-aware cost
 *   with variables is `connectionCostPlugin`.
 * - tokens: armor's max-tokens plugin throws from `parsingDidStart`, which Apollo Server answers with 500; graphql-js's
 *   own parser limit (`parseOptions.maxTokens`, `MAX_QUERY_TOKENS`) fails the parse instead, a 400.
 * - suggestions: armor's mask misses "Did you mean the enum value …" and leaves a dangling "?"; in production the
 *   gateway sets Apollo's `hideSchemaDetailsFromClientErrors`, which drops every "Did you mean …" (suggestions
 *   disclose the schema that introspection hides there).
 */
export function armorLimits(cfg: HubConfig): { validationRules: ValidationRule[]; plugins: ApolloServerPlugin<object>[]; parseOptions: { maxTokens: number } } {
  const { validationRules, plugins } = new ApolloArmor({
    maxDepth: { n: cfg.maxQueryDepth, flattenFragments: true, ignoreIntrospection: true },
    maxAliases: { n: cfg.maxAliases },
    maxDirectives: { n: cfg.maxDirectives },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { validationRules: validationRules as ValidationRule[], plugins: plugins as ApolloServerPlugin<object>[], parseOptions: { maxTokens: cfg.maxQueryTokens } };
}

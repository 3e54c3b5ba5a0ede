import "reflect-metadata";
import { defaultFieldResolver, isObjectType, parse, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { buildSubgraphSchema, printSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { buildSchema, createResolversMap, type NonEmptyArray } from "type-graphql";
import type { SubgraphName } from "../config.js";
import { CATEGORY_DIRECTIVE_SDL } from "./category.js";
import { OPERATION_DIRECTIVE_SDL, type OperationDeclaration } from "./operation.js";
import { scalarsMap } from "./scalars.js";

export type ReferenceResolver = (ref: Record<string, unknown>) => unknown;
export type FieldResolver = GraphQLFieldResolver<unknown, unknown>;

/**
 * The enforcement seam every subgraph must plug in: a wrapper around every field resolver (the PEP for every resolved
 * field) and a guard around every `__resolveReference` (the PEP for `_entities`). Provided by @hub/policies.
 */
export interface Enforcement {
  /**
   * Wrap one field's resolver. The wrapper may return the resolver's value synchronously once the decision is known
   * (graphql-js then resolves the field without a promise), which a type-graphql middleware, always async, cannot.
   */
  wrapField(resolve: FieldResolver): FieldResolver;
  guardReference(typeName: string, resolve: ReferenceResolver): ReferenceResolver;
  /** Decide a declared operation outside GraphQL (an HTTP route), exactly as for a root field; throws when refused. */
  authorizeOperation(decl: OperationDeclaration, args: Record<string, unknown>): Promise<void>;
}

export interface SubgraphDefinition {
  name: SubgraphName;
  resolvers: NonEmptyArray<Function>;
  orphanedTypes?: Function[];
  /** `__resolveReference` per entity type; each is wrapped by the enforcement guard. */
  referenceResolvers?: Record<string, ReferenceResolver>;
}

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@inaccessible"])';

/**
 * type-graphql classes → SDL with directives → Apollo federation v2 subgraph schema, with type-graphql's
 * resolvers, every field's wrapped by the enforcement (one without a resolver gets the default one, wrapped), and the
 * guarded reference resolvers.
 */
export async function buildFederatedSchema(def: SubgraphDefinition, enforcement: Enforcement): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: def.resolvers,
    orphanedTypes: def.orphanedTypes,
    scalarsMap,
    validate: false,
    skipCheck: true,
  });
  const sdl = [FEDERATION_LINK, CATEGORY_DIRECTIVE_SDL, OPERATION_DIRECTIVE_SDL, printSchemaWithDirectives(schema)].join("\n\n");
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    const map = (resolvers[type.name] ??= {});
    for (const name of Object.keys(type.getFields())) {
      map[name] = enforcement.wrapField((map[name] as FieldResolver | undefined) ?? defaultFieldResolver);
    }
  }
  for (const [typeName, resolve] of Object.entries(def.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), __resolveReference: enforcement.guardReference(typeName, resolve) };
  }
  return buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]);
}

/** The subgraph SDL as the gateway composes it (what `_service { sdl }` returns). */
export function subgraphSdl(schema: GraphQLSchema): string {
  return printSubgraphSchema(schema);
}

import type { ApolloServerPlugin } from "@apollo/server";
import {
  GraphQLError, Kind, getNamedType, isListType, isNonNullType, valueFromASTUntyped, type DocumentNode, type FieldNode,
  type FragmentDefinitionNode, type GraphQLField, type GraphQLOutputType, type GraphQLSchema, type GraphQLType,
  type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from "graphql";

const DEFAULT_PAGE = 50;

function isList(t: GraphQLType): boolean {
  return isListType(isNonNullType(t) ? t.ofType : t);
}

/**
 * Connection-aware cost of one operation, with its variables: every field costs 1; a connection (a field with a
 * `first` argument) multiplies what is selected under it by `first`, whether written literally (`first: 100`), as
 * a variable (`first: $n`, its value or its default) or left to the field's default; any other list counts as a
 * default page (50). A connection's `nodes` are already counted by its `first`. Introspection fields cost 1
 * (introspection is off in production; in development the IDE's schema query must pass).
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const defaults = new Map<string, unknown>();
  for (const v of operation.variableDefinitions ?? []) if (v.defaultValue) defaults.set(v.variable.name.value, valueFromASTUntyped(v.defaultValue));

  const pageOf = (value: ValueNode | undefined, fieldDefault: unknown): number => {
    let raw: unknown = fieldDefault ?? DEFAULT_PAGE;
    if (value?.kind === Kind.INT) raw = value.value;
    else if (value?.kind === Kind.VARIABLE) raw = variables[value.name.value] ?? defaults.get(value.name.value) ?? fieldDefault ?? DEFAULT_PAGE;
    const n = Number(raw);
    return Number.isFinite(n) ? Math.max(1, Math.floor(n)) : DEFAULT_PAGE;
  };

  const costOf = (set: SelectionSetNode, parent: GraphQLOutputType, seen: ReadonlySet<string>): number => {
    const type = getNamedType(parent);
    const fields = "getFields" in type ? (type.getFields() as Record<string, GraphQLField<unknown, unknown>>) : {};
    let cost = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) cost += fieldCost(s, fields[s.name.value], seen);
      else if (s.kind === Kind.INLINE_FRAGMENT) {
        const t = s.typeCondition ? schema.getType(s.typeCondition.name.value) : type;
        cost += costOf(s.selectionSet, (t ?? type) as GraphQLOutputType, seen);
      } else {
        const f = fragments.get(s.name.value);
        if (f && !seen.has(f.name.value)) cost += costOf(f.selectionSet, schema.getType(f.typeCondition.name.value) as GraphQLOutputType, new Set([...seen, f.name.value]));
      }
    }
    return cost;
  };

  const fieldCost = (node: FieldNode, field: GraphQLField<unknown, unknown> | undefined, seen: ReadonlySet<string>): number => {
    if (!field || !node.selectionSet || node.name.value.startsWith("__")) return 1;
    const firstDef = field.args.find((a) => a.name === "first");
    let factor = 1;
    if (firstDef) factor = pageOf(node.arguments?.find((a) => a.name.value === "first")?.value, firstDef.defaultValue);
    else if (isList(field.type) && node.name.value !== "nodes") factor = DEFAULT_PAGE;
    return 1 + factor * costOf(node.selectionSet, field.type, seen);
  };

  const root = operation.operation === "mutation" ? schema.getMutationType() : operation.operation === "subscription" ? schema.getSubscriptionType() : schema.getQueryType();
  return root ? costOf(operation.selectionSet, root, new Set()) : 0;
}

/**
 * Refuses operations costlier than `max` after the operation is resolved and before anything executes: a plugin
 * rather than a validation rule because validation rules never see the variables.
 */
export function connectionCostPlugin(max: number): ApolloServerPlugin<object> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const cost = operationCost(schema, document, operation, request.variables ?? {});
          if (cost > max) {
            throw new GraphQLError(`query cost ${cost} exceeds the limit of ${max}`, { extensions: { code: "BAD_USER_INPUT", cost, maxCost: max, http: { status: 400 } } });
          }
        },
      };
    },
  };
}

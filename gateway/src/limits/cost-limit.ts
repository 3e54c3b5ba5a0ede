import {
  GraphQLError, Kind, getNamedType, isListType, isNonNullType, type ASTVisitor, type FieldNode, type FragmentDefinitionNode,
  type GraphQLField, type GraphQLOutputType, type GraphQLType, type SelectionSetNode, type ValidationContext,
} from "graphql";

const DEFAULT_PAGE = 50;

function isList(t: GraphQLType): boolean {
  return isListType(isNonNullType(t) ? t.ofType : t);
}

/**
 * Static cost: every field costs 1; a connection (a field with a `first` argument) multiplies the cost of what is
 * selected under it by `first` (default 50), as does any other list. Refuses operations above `max` before execution.
 */
export function costLimit(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const variables: Record<string, unknown> = {};
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
      if (!field || !node.selectionSet) return 1;
      const firstArg = node.arguments?.find((a) => a.name.value === "first");
      let factor = 1;
      if (firstArg) {
        factor = firstArg.value.kind === Kind.INT ? Number(firstArg.value.value)
          : firstArg.value.kind === Kind.VARIABLE ? Number(variables[firstArg.value.name.value] ?? DEFAULT_PAGE) : DEFAULT_PAGE;
      } else if (field.args.some((a) => a.name === "first")) factor = DEFAULT_PAGE;
      // A connection's `nodes` are already counted by its `first`; other lists count as a default page.
      else if (isList(field.type) && node.name.value !== "nodes") factor = DEFAULT_PAGE;
      return 1 + Math.max(1, factor) * costOf(node.selectionSet, field.type, seen);
    };
    return {
      OperationDefinition(op) {
        const root = op.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
        if (!root) return;
        const cost = costOf(op.selectionSet, root, new Set());
        if (cost > max) {
          context.reportError(new GraphQLError(`query cost ${cost} exceeds the limit of ${max}`, { nodes: [op], extensions: { code: "BAD_USER_INPUT", cost, maxCost: max } }));
        }
      },
    };
  };
}

import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from "graphql";

/** Root mutation fields a request may carry at most once (exchange numbers are guessed in bulk with aliases otherwise). */
const ONCE_PER_REQUEST = new Set(["retrieveDocument"]);

/** How often each once-only field appears among the root fields of one operation, fragments and aliases included. */
function rootCounts(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>(), out = new Map<string, number>()): Map<string, number> {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD && ONCE_PER_REQUEST.has(s.name.value)) out.set(s.name.value, (out.get(s.name.value) ?? 0) + 1);
    else if (s.kind === Kind.INLINE_FRAGMENT) rootCounts(s.selectionSet, fragments, seen, out);
    else if (s.kind === Kind.FRAGMENT_SPREAD && !seen.has(s.name.value)) {
      seen.add(s.name.value);
      const f = fragments.get(s.name.value);
      if (f) rootCounts(f.selectionSet, fragments, seen, out);
    }
  }
  return out;
}

/**
 * At most one `retrieveDocument` per request (SECURITY.md, exchange-number guessing): thirty aliased retrievals in
 * one request would otherwise be thirty guesses for one rate-limit token. Refused before anything runs, as
 * BAD_USER_INPUT with rule `one-retrieval-per-request`.
 */
export const singleRetrievalRule: ValidationRule = (ctx: ValidationContext): ASTVisitor => ({
  OperationDefinition(op) {
    if (op.operation !== "mutation") return;
    const fragments = new Map(ctx.getDocument().definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    for (const [field, n] of rootCounts(op.selectionSet, fragments)) {
      if (n > 1) {
        ctx.reportError(new GraphQLError(`at most one ${field} per request (found ${n})`, { nodes: [op], extensions: { code: "BAD_USER_INPUT", rule: "one-retrieval-per-request" } }));
      }
    }
  },
});

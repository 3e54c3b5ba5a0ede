import { GraphQLError, type ASTVisitor, type ValidationContext } from "graphql";

/** Refuse operations with more than `max` aliased fields (alias tricks multiply work on one field). */
export function aliasLimit(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias && ++aliases === max + 1) {
          context.reportError(new GraphQLError(`more than ${max} aliases in one operation`, { nodes: [node], extensions: { code: "BAD_USER_INPUT" } }));
        }
      },
    };
  };
}

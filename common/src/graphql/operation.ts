import { Directive } from "type-graphql";
import type { GraphQLField, GraphQLResolveInfo } from "graphql";
import type { DataCategory } from "./category.js";

/**
 * What a root field or an HTTP route does, declared next to it the way `@Category` declares what a field shows.
 * The enforcement point asks the PDP about it before the resolver runs; an undeclared operation is denied for
 * everyone, and a test fails on it. Who may do it is the policy's business (policies/policy.csv, `action` column).
 */
export const OPERATION_DIRECTIVE = "policyAction";
export const OPERATION_DIRECTIVE_SDL = `directive @${OPERATION_DIRECTIVE}(action: String!, category: String) on FIELD_DEFINITION`;

/** The category an operation touches when it is not patient data (the registry, the policy, research projects). */
export type OperationCategory = DataCategory | "non_patient";

/**
 * Facts about the resource of one operation, computed from its arguments (and, where needed, the resource itself)
 * before the resolver runs. The PDP turns them into the condition facts policy lines name.
 */
export interface OperationFacts {
  /** The category touched, when it depends on the input (the type of a document). */
  category?: OperationCategory;
  /** The institution the operation acts for or on (a document's author, a grant's institution). */
  institution?: string | null;
  /** Whether the resource is the caller's own (their grant, their request, the patient's own record). */
  own?: boolean;
  /** Whether the caller is reviewing something they submitted. */
  ownReview?: boolean;
  /** The resource does not exist: decided like someone else's, so the answer is the same. */
  absent?: boolean;
}

export interface OperationDeclaration {
  action: string;
  /** Omitted when the facts name it. */
  category?: OperationCategory;
  /** The operation acts for the caller's institution: a caller without one, or a resource of another, is refused. */
  forInstitution?: boolean;
  /**
   * Refusals that come from the resource (another institution's, someone else's, absent) answer NOT_FOUND, like a
   * resource that does not exist: for operations that take an id.
   */
  hideResource?: boolean;
  /** The NOT_FOUND message of a hidden refusal, the same as for a resource that does not exist ("no such dataset request"). */
  notFound?: string;
  facts?: (args: Record<string, unknown>) => OperationFacts | Promise<OperationFacts>;
}

const declarations = new Map<string, OperationDeclaration>();

/** Declare the operation of a root field (shows in the subgraph SDL as `@policyAction`). Field names are unique. */
export function Operation(action: string, opts: Omit<OperationDeclaration, "action"> = {}): MethodDecorator {
  if (!/^[a-z][a-z-]{1,39}$/.test(action)) throw new Error(`malformed operation action "${action}"`);
  const category = opts.category ? `, category: "${opts.category}"` : "";
  const directive = Directive(`@${OPERATION_DIRECTIVE}(action: "${action}"${category})`) as MethodDecorator;
  return (target, key, descriptor) => {
    const name = String(key);
    if (declarations.has(name) && declarations.get(name)!.action !== action) throw new Error(`operation of ${name} declared twice`);
    declarations.set(name, { action, ...opts });
    return directive(target, key, descriptor);
  };
}

/** How an action is declared (by the first field that declares it): whether it acts for an institution. */
export function declarationOfAction(action: string): OperationDeclaration | undefined {
  for (const d of declarations.values()) if (d.action === action) return d;
  return undefined;
}

/** The declared operation of a root field by name, or undefined. */
export function operationDeclaration(fieldName: string): OperationDeclaration | undefined {
  return declarations.get(fieldName);
}

const astCache = new WeakMap<object, { action: string; category: string | null } | null>();

/** The `@policyAction` of a schema field as the SDL carries it, or null. */
export function operationOfField(field: GraphQLField<unknown, unknown>): { action: string; category: string | null } | null {
  let v = astCache.get(field);
  if (v === undefined) {
    const d = field.astNode?.directives?.find((x) => x.name.value === OPERATION_DIRECTIVE);
    const arg = (n: string) => {
      const a = d?.arguments?.find((x) => x.name.value === n);
      return a && a.value.kind === "StringValue" ? a.value.value : null;
    };
    const action = arg("action");
    v = action ? { action, category: arg("category") } : null;
    astCache.set(field, v);
  }
  return v;
}

export function operationOf(info: GraphQLResolveInfo): { action: string; category: string | null } | null {
  const field = info.parentType.getFields()[info.fieldName];
  return field ? operationOfField(field) : null;
}

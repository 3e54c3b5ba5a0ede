import {
  isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isUnionType, printSchema,
  type GraphQLArgument, type GraphQLNamedType, type GraphQLSchema,
} from "graphql";
import { esc, pre } from "./html.js";

const desc = (d: string | null | undefined): string => (d ? ` <span class="desc">— ${esc(d)}</span>` : "");
const args = (a: readonly GraphQLArgument[]): string =>
  a.length === 0 ? "" : `(${a.map((x) => `${esc(x.name)}: ${esc(String(x.type))}${x.defaultValue !== undefined ? ` = ${esc(JSON.stringify(x.defaultValue))}` : ""}`).join(", ")})`;

function kindOf(t: GraphQLNamedType): string {
  if (isObjectType(t)) return "type";
  if (isInputObjectType(t)) return "input";
  if (isEnumType(t)) return "enum";
  if (isInterfaceType(t)) return "interface";
  if (isUnionType(t)) return "union";
  return "scalar";
}

function members(t: GraphQLNamedType): string[] {
  if (isObjectType(t) || isInterfaceType(t)) {
    return Object.values(t.getFields()).map((f) => `<div class="field"><code>${esc(f.name)}${args(f.args)}: ${esc(String(f.type))}</code>${desc(f.description)}</div>`);
  }
  if (isInputObjectType(t)) return Object.values(t.getFields()).map((f) => `<div class="field"><code>${esc(f.name)}: ${esc(String(f.type))}</code>${desc(f.description)}</div>`);
  if (isEnumType(t)) return t.getValues().map((v) => `<div class="field"><code>${esc(v.name)}</code>${desc(v.description)}</div>`);
  if (isUnionType(t)) return [`<div class="field"><code>${t.getTypes().map((x) => esc(x.name)).join(" | ")}</code></div>`];
  return [];
}

/** Every type of the composed API schema with its fields, arguments and descriptions, then the whole SDL. */
export function schemaReference(schema: GraphQLSchema): string {
  const roots = [schema.getQueryType(), schema.getMutationType()].filter((t): t is NonNullable<typeof t> => !!t);
  const rest = Object.values(schema.getTypeMap())
    .filter((t) => !t.name.startsWith("__") && !roots.includes(t as never) && !(isScalarType(t) && ["String", "Int", "Float", "Boolean", "ID"].includes(t.name)))
    .sort((a, b) => a.name.localeCompare(b.name));
  const block = (t: GraphQLNamedType) => `<h3 id="type-${esc(t.name)}">${kindOf(t)} ${esc(t.name)}</h3>${t.description ? `<p>${esc(t.description)}</p>` : ""}${members(t).join("")}`;
  return `${[...roots, ...rest].map(block).join("\n")}
<details><summary>The composed SDL (client-facing API schema)</summary>${pre(printSchema(schema))}</details>`;
}

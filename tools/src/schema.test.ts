import "reflect-metadata";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildASTSchema, isObjectType, parse, type GraphQLObjectType } from "graphql";
import { SCHEMA_DIR } from "@hub/gateway";
import { classificationOfField, operationDeclaration, operationOfField } from "@hub/common";
import { ACTION_NAMES } from "@hub/policies";
import { buildAllSdl, buildApiSdl } from "./schema-build.js";

const FEDERATION_TYPES = new Set(["_Service", "_Entity"]);
const FEDERATION_FIELDS = new Set(["Query._entities", "Query._service"]);

describe("checked-in SDL", () => {
  it("is current: regenerating from the code gives exactly the files in schema/ (run `npm run schema`)", async () => {
    const { subgraphs, supergraph } = await buildAllSdl();
    for (const s of subgraphs) {
      expect(readFileSync(join(SCHEMA_DIR, `${s.name}.graphql`), "utf8"), `schema/${s.name}.graphql is stale`).toBe(s.sdl.trimEnd() + "\n");
    }
    expect(readFileSync(join(SCHEMA_DIR, "supergraph.graphql"), "utf8"), "schema/supergraph.graphql is stale").toBe(supergraph.trimEnd() + "\n");
    expect(readFileSync(join(SCHEMA_DIR, "api.graphql"), "utf8"), "schema/api.graphql is stale").toBe((await buildApiSdl(supergraph)).trimEnd() + "\n");
  });

  it("the client schema schema/api.graphql has no federation internals", () => {
    const sdl = readFileSync(join(SCHEMA_DIR, "api.graphql"), "utf8");
    expect(sdl).not.toMatch(/join__|link__|@link|@join|_entities|_service|_Entity|_Service|dataCategory|policyAction/);
    const schema = buildASTSchema(parse(sdl));
    expect(Object.keys(schema.getTypeMap()).filter((t) => !t.startsWith("__"))).toEqual(expect.arrayContaining(["Patient", "Query", "Mutation", "Role", "OrganizationConnection"]));
  });

  it("classifies every field of every subgraph: a data category or an explicit non-patient mark", async () => {
    const { subgraphs } = await buildAllSdl();
    const unclassified: string[] = [];
    for (const s of subgraphs) {
      const doc = parse(s.sdl);
      const schema = buildASTSchema(doc, { assumeValidSDL: true });
      for (const type of Object.values(schema.getTypeMap())) {
        if (!isObjectType(type) || type.name.startsWith("__") || FEDERATION_TYPES.has(type.name)) continue;
        for (const field of Object.values((type as GraphQLObjectType).getFields())) {
          const key = `${type.name}.${field.name}`;
          if (FEDERATION_FIELDS.has(key)) continue;
          if (classificationOfField(field) === null) unclassified.push(`${s.name}: ${key}`);
        }
      }
    }
    expect(unclassified).toEqual([]);
  });

  it("declares the operation of every root field of every subgraph (an action the policy knows), and the SDL shows it", async () => {
    const { subgraphs } = await buildAllSdl();
    const undeclared: string[] = [];
    const unknown: string[] = [];
    let declared = 0;
    for (const s of subgraphs) {
      const schema = buildASTSchema(parse(s.sdl), { assumeValidSDL: true });
      for (const root of [schema.getQueryType(), schema.getMutationType()]) {
        for (const field of Object.values(root?.getFields() ?? {})) {
          if (FEDERATION_FIELDS.has(`Query.${field.name}`)) continue;
          const op = operationOfField(field);
          if (!op) { undeclared.push(`${s.name}: ${root!.name}.${field.name}`); continue; }
          declared++;
          if (!(ACTION_NAMES as readonly string[]).includes(op.action)) unknown.push(`${field.name}: ${op.action}`);
          // The directive in the SDL and the declaration the enforcement point reads agree.
          expect(operationDeclaration(field.name)?.action, field.name).toBe(op.action);
        }
      }
    }
    expect(undeclared).toEqual([]);
    expect(unknown).toEqual([]);
    expect(declared).toBeGreaterThan(50);
  });

  it("every field of the composed supergraph comes from a classified subgraph field", async () => {
    const { subgraphs, supergraph } = await buildAllSdl();
    const classified = new Set<string>();
    for (const s of subgraphs) {
      const schema = buildASTSchema(parse(s.sdl), { assumeValidSDL: true });
      for (const type of Object.values(schema.getTypeMap())) {
        if (!isObjectType(type)) continue;
        for (const f of Object.values(type.getFields())) if (classificationOfField(f)) classified.add(`${type.name}.${f.name}`);
      }
    }
    const composed = buildASTSchema(parse(supergraph), { assumeValidSDL: true });
    const missing: string[] = [];
    for (const type of Object.values(composed.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__") || type.name.startsWith("join__") || type.name.startsWith("link__")) continue;
      for (const f of Object.values(type.getFields())) if (!classified.has(`${type.name}.${f.name}`)) missing.push(`${type.name}.${f.name}`);
    }
    expect(missing).toEqual([]);
  });
});

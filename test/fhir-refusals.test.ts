import { describe, expect, it } from "vitest";
import { db, gql, token } from "./support/client.js";
import { BROKEN, broken } from "../subgraphs/documents/src/fhir/broken.testkit.js";
import { entryOf } from "../subgraphs/documents/src/fhir/examples.testkit.js";

const REGISTER = `mutation($i: RegisterDocumentInput!) { registerDocument(input: $i) { document { id } } }`;
const SUBMIT = `mutation($b: JSON!) { submitClinicalInformation(bundle: $b) { inserted } }`;
const TABLES = ["documents.documents", "documents.attachments", "clinical.records", "clinical.patients"];

/** Issue #20's done-when: every kind of broken input is refused through the API with its rule id and path, and nothing is stored. */
describe("broken FHIR is refused at ingestion with a rule id and a path; nothing is stored", () => {
  for (const kind of BROKEN) {
    it(`${kind.name} → ${kind.rule}`, async () => {
      const { bundle, path } = broken(kind);
      // a patient the hub does not know yet: a refusal must not create her either
      const patient = entryOf(bundle, "Patient").resource;
      const insured = patient.identifier?.find((i: any) => i.system?.endsWith("JP_Insurance_memberID"));
      if (insured) insured.value = `06139992:み-9:${Date.now() % 1_000_000}:01`;
      // the example's own institution: hospital B for the collection Bundles, the author organisation for documents
      const org = bundle.type === "collection" ? "1310000002" : entryOf(bundle, "Organization").resource.identifier[0].value;
      const tok = await token({ role: "doctor", sub: "DR-F", org });
      const c = await db();
      try {
        const count = async () => Promise.all(TABLES.map(async (t) => Number((await c.query(`SELECT count(*) FROM ${t}`)).rows[0].count)));
        const before = await count();
        const r = bundle.type === "collection"
          ? await gql(SUBMIT, { token: tok, variables: { b: bundle } })
          : await gql(REGISTER, { token: tok, variables: { i: { bundle, consentAtIssuance: true } } });
        expect(r.data ?? null).toBeNull();
        expect(r.errors?.[0].extensions?.code).toBe("FHIR_VALIDATION_FAILED");
        expect(r.errors![0].extensions!.issues).toContainEqual(expect.objectContaining({ ruleId: kind.rule, path, severity: "error" }));
        expect(await count()).toEqual(before);
      } finally {
        await c.end();
      }
    });
  }
});

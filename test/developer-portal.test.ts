import { describe, expect, it } from "vitest";
import { EXAMPLES } from "../gateway/src/developers/examples.js";
import { hub } from "./support/client.js";

describe("developer portal", () => {
  it("GET /developers shows the token steps for this hub, every example, the error codes, the FHIR profiles and the schema", async () => {
    const base = hub().gateway.replace(/\/graphql$/, "");
    const res = await fetch(`${base}/developers`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain(`${base}/oauth/token`);
    for (const e of EXAMPLES) expect(html).toContain(e.title.replace(/&/g, "&amp;").replace(/'/g, "&#39;"));
    for (const s of ["urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "EMERGENCY_ACCESS_REQUIRED", "institution-suspended", "18842-5",
      "JP_Bundle_eReferral", "registerSystemClient", "type Query", "suspendInstitution", `${base}/fhir/Group/{datasetRequestId}/$export`]) expect(html).toContain(s);
  });
});

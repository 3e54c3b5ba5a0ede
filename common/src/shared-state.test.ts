import { describe, expect, it } from "vitest";
import { sharedStateFor } from "./shared-state.js";
import type { HubContextClaims } from "./request-context.js";

const claims = (requestId: string, sub = "D-001"): HubContextClaims => ({ requestId, actor: { sub, role: "doctor", org: "1310000002", amr: [] }, purpose: "TREAT" });

describe("state shared by the subgraph calls of one gateway request", () => {
  it("the calls of one request share it; another request, or the same id with another actor, does not", () => {
    const first = sharedStateFor(claims("q1"), "op-clinical", 1_000);
    expect(first).toBeDefined();
    expect(sharedStateFor(claims("q1"), "op-documents", 1_010)).toBe(first);
    expect(sharedStateFor(claims("q2"), "op-clinical", 1_010)).not.toBe(first);
    expect(sharedStateFor(claims("q1", "D-002"), "op-phr", 1_010)).not.toBe(first);
  });

  it("a call whose operation the request has served already (a replayed context) gets none, so it reads afresh", () => {
    expect(sharedStateFor(claims("r1"), "op-a", 5_000)).toBeDefined();
    expect(sharedStateFor(claims("r1"), "op-a", 5_001)).toBeUndefined();
    expect(sharedStateFor(claims("r1"), "op-b", 5_002)).toBeDefined();
  });

  it("lives for a short window from the request's first call, then a call of that id starts afresh", () => {
    const first = sharedStateFor(claims("w1"), "op-a", 10_000)!;
    first.set("x" as never, 1);
    expect(sharedStateFor(claims("w1"), "op-b", 11_999)).toBe(first);
    const later = sharedStateFor(claims("w1"), "op-c", 12_001);
    expect(later).not.toBe(first);
    expect(later!.size).toBe(0);
  });
});

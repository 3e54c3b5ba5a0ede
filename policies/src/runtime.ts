import { ForbiddenError, HubError, countDecision, memo, requestContext, type DataCategory } from "@hub/common";
import { sealLevelOf, type PatientAttributes, type SealAttr, type SealLevel } from "./attributes.js";
import { ETREAT_WITHOUT_GRANT, decide, type Decision, type DecisionTrace, type RolePolicy, type Subject } from "./pdp.js";
import type { PolicyInformationPoint } from "./pip.js";
import type { ResourceAttributes } from "./resource.js";

/** Receives every decision on patient data (the audit trail); `key` is the memoised attribute tuple. */
export interface DecisionSink {
  record(key: string, subject: Subject, resource: ResourceAttributes, decision: DecisionTrace): void;
}

/** What a list query may show: SQL filters derived from the same PDP decisions as single reads. */
export interface ListVisibility {
  hiddenSourceOrgs: string[];
  hiddenRecordIds: string[];
  /** A seal on the whole category hides the list entirely (empty, as if there were no records). */
  categoryHidden: boolean;
  hideWithheld: boolean;
}

/**
 * The request-scoped side of enforcement: loads each patient's attributes once per request, and memoises
 * decisions per attribute tuple, so the number of PDP evaluations grows with distinct tuples, not with records.
 */
export class PolicyRuntime {
  evaluations = 0;
  constructor(
    private readonly pip: PolicyInformationPoint,
    private readonly rolePolicy: () => RolePolicy,
    private readonly sink?: DecisionSink,
    /** Called with the live policy version seen by each attribute load; resolves once that version is in force. */
    private readonly onPolicyVersion?: (version: number) => Promise<void>,
    /** false only in the benchmark's no-enforcement variant (refused in production by config). */
    readonly enforce = true,
  ) {}

  subject(): Subject {
    const ctx = requestContext();
    return memo("pdp.subject", () => ({ actor: ctx.actor, purpose: ctx.purpose, now: new Date() }));
  }

  attributes(patientId: string): Promise<PatientAttributes> {
    const cache = memo("pdp.attributes", () => new Map<string, Promise<PatientAttributes>>());
    let p = cache.get(patientId);
    if (!p) {
      const ctx = requestContext();
      p = this.pip.load(patientId, ctx.emergencyAccessId, this.subject().now).then(async (a) => {
        if (a.policyVersion !== undefined) await this.onPolicyVersion?.(a.policyVersion);
        return a;
      });
      cache.set(patientId, p);
    }
    return p;
  }

  /** Decide a read of one resource (memoised per request by attribute tuple). */
  async decide(resource: ResourceAttributes): Promise<DecisionTrace> {
    if (!this.enforce) return BYPASS;
    const loaded = await this.attributes(resource.patientId);
    const attrs = resource.list ? { ...loaded, seals: [] } : loaded;
    const seal = resource.list ? "list" : sealLevelOf(attrs.seals, resource) ?? "-";
    // The decision depends on the record only through its category, seal level and withheld flag (see decide),
    // so those are the key: a patient with 1,000 records from 10 institutions costs a few dozen evaluations.
    const key = `${resource.patientId}|${resource.category}|${seal}|${resource.withheld ? 1 : 0}`;
    const cache = memo("pdp.decisions", () => new Map<string, DecisionTrace>());
    let d = cache.get(key);
    if (!d) {
      this.evaluations++;
      const subject = this.subject();
      d = decide(subject, resource, attrs, this.rolePolicy());
      countDecision(d.allowed, d.rule);
      cache.set(key, d);
    }
    this.sink?.record(key, this.subject(), resource, d);
    return d;
  }

  /** Decide, and throw FORBIDDEN (with category and deciding rule) when denied. */
  async authorize(resource: ResourceAttributes): Promise<Decision> {
    const d = await this.decide(resource);
    if (!d.allowed) throw forbidden(resource.category, d);
    return d;
  }

  /**
   * Authorise a list of one category for one patient and derive its SQL filters: records under a seal the caller
   * may not pass are never fetched, so pages, cursors and `hasNextPage` reveal nothing about them.
   */
  async listVisibility(patientId: string, category: DataCategory): Promise<ListVisibility> {
    if (!this.enforce) return { hiddenSourceOrgs: [], hiddenRecordIds: [], categoryHidden: false, hideWithheld: false };
    await this.authorize({ patientId, category, list: true });
    const attrs = await this.attributes(patientId);
    const hiddenSourceOrgs: string[] = [];
    const hiddenRecordIds: string[] = [];
    let categoryHidden = false;
    for (const s of attrs.seals) {
      if (await this.levelVisible(patientId, category, s.level)) continue;
      if (s.category === category) categoryHidden = true;
      if (s.sourceOrganizationId) hiddenSourceOrgs.push(s.sourceOrganizationId);
      if (s.recordIds) hiddenRecordIds.push(...s.recordIds);
    }
    const actor = this.subject().actor;
    const hideWithheld = actor.role === "patient";
    return { hiddenSourceOrgs, hiddenRecordIds, categoryHidden, hideWithheld };
  }

  /** Would a record of this category under a seal of this level be readable? Asked of the PDP itself. */
  private async levelVisible(patientId: string, category: DataCategory, level: SealLevel): Promise<boolean> {
    const probe: SealAttr = { id: `probe-${level}`, level, sourceOrganizationId: null, category, recordIds: null };
    const attrs = await this.attributes(patientId);
    const d = decide(this.subject(), { patientId, category }, { ...attrs, seals: [probe] }, this.rolePolicy());
    return d.allowed;
  }
}

/** The error for a denied decision: ETREAT without a valid grant is EMERGENCY_ACCESS_REQUIRED, the rest FORBIDDEN. */
const BYPASS: DecisionTrace = { allowed: true, rule: "enforcement-off", reason: "benchmark variant without enforcement", flags: [], basis: { allowed: true, rule: "enforcement-off", reason: "" } };

export function forbidden(category: string, d: Decision): HubError {
  if (d.rule === ETREAT_WITHOUT_GRANT) {
    return new HubError("EMERGENCY_ACCESS_REQUIRED", "purpose ETREAT needs an active emergency access for this patient (x-emergency-access)", { category, rule: d.rule });
  }
  return new ForbiddenError(`access to ${category} denied`, { category, rule: d.rule });
}

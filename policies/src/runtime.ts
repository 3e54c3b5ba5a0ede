import {
  ForbiddenError, HubError, NotFoundError, RequestSlot, countAttributeRead, countDecision, requestContext, type DataCategory, type OperationDeclaration, type OperationFacts,
} from "@hub/common";
import { decideOperation, operationRequest, type OperationRequest } from "./operations/decide-operation.js";
import type { PatientAttributes } from "./attributes/patient-attributes.js";
import { hidesWholeCategory, sealLevelOf, type SealAttr, type SealLevel } from "./attributes/seal/seal.rule.js";
import type { ConsentAttr } from "./attributes/consent/consent.rule.js";
import { ETREAT_WITHOUT_GRANT, decide, flagsOf, scopeKey, type Decision, type DecisionTrace, type RolePolicy, type Subject } from "./pdp.js";
import type { PolicyInformationPoint } from "./pip.js";
import type { ResourceAttributes } from "./resource.js";

/** Receives every decision on patient data and every operation decision (the audit trail); `key` is the memoised tuple. */
export interface DecisionSink {
  record(key: string, subject: Subject, resource: ResourceAttributes, decision: DecisionTrace): void;
  recordOperation(subject: Subject, op: OperationRequest, decision: DecisionTrace): void;
}

/** How a list of one category may be shown: SQL row filters derived from the same PDP decisions as single reads. */
export interface CategoryPlan {
  category: DataCategory;
  /** Seals the caller may not pass for this category: rows they cover are left out. */
  hiddenSeals: SealAttr[];
  /** Only rows these scoped consents cover; null = no such restriction. */
  rowScope: ConsentAttr[] | null;
  hideWithheld: boolean;
  /** A seal on the whole category: the list shows nothing of it, exactly as if there were no records. */
  wholeCategoryHidden: boolean;
}

/** The plan for a list over several categories: the categories it may show, and the first denial if any. */
export interface ListPlan {
  plans: CategoryPlan[];
  denial: HubError | null;
}

interface PatientMemo {
  attributes?: Promise<PatientAttributes>;
  /** The attributes once loaded (and their policy version in force): decisions from then on need no await. */
  loaded?: PatientAttributes;
  decisions: Map<string, DecisionTrace>;
  levels: Map<string, boolean>;
}

/**
 * The request-scoped side of enforcement: loads each patient's attributes once per request, and memoises
 * decisions per attribute tuple, so the number of PDP evaluations grows with distinct tuples, not with records or
 * with the number of seals and consents.
 */
export class PolicyRuntime {
  evaluations = 0;
  /** Per request: who asks, why, and the one clock every decision of the request uses. */
  private readonly subjects = new RequestSlot<Subject>("pdp.subject", () => {
    const ctx = requestContext();
    return { actor: ctx.actor, purpose: ctx.purpose, now: new Date() };
  });
  /**
   * Per gateway request: each patient's attributes (loaded once, by the first subgraph call that needs them, for
   * every call of the request this process serves: `shared-state.ts`) and the decisions made on them.
   */
  private readonly patients = new RequestSlot("pdp.patients", () => new Map<string, PatientMemo>(), "gateway-request");
  /** Per request: the live policy version, read once. */
  private readonly policyRead = new RequestSlot("pdp.policyVersion", async () => {
    const v = await this.pip.policyVersion?.();
    if (v !== undefined) await this.onPolicyVersion?.(v);
  });
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
    return this.subjects.get();
  }

  private patient(patientId: string): PatientMemo {
    const all = this.patients.get();
    let m = all.get(patientId);
    if (!m) all.set(patientId, (m = { decisions: new Map(), levels: new Map() }));
    return m;
  }

  attributes(patientId: string): Promise<PatientAttributes> {
    const m = this.patient(patientId);
    if (!m.attributes) {
      const ctx = requestContext();
      countAttributeRead();
      const loading = this.pip.load(patientId, ctx.emergencyAccessId, this.subject().now, ctx.actor).then(async (a) => {
        if (a.policyVersion !== undefined) await this.onPolicyVersion?.(a.policyVersion);
        m.loaded = a;
        return a;
      });
      // a failed read is not kept: a later call of the request reads again
      loading.catch(() => { if (m.attributes === loading) m.attributes = undefined; });
      m.attributes = loading;
    }
    return m.attributes;
  }

  /** A write changed this patient's attributes mid-request: the next decision reloads them. */
  forget(patientId: string): void {
    this.patients.peek()?.delete(patientId);
  }

  /** Every PDP evaluation counts (the bench's PDP/request, the `hub_policy_decisions_total` metric). */
  private count(d: { allowed: boolean; rule: string }): void {
    this.evaluations++;
    countDecision(d.allowed, d.rule);
  }

  /** Decide a read of one resource (memoised per request by attribute tuple). */
  async decide(resource: ResourceAttributes): Promise<DecisionTrace> {
    if (!this.enforce) return BYPASS;
    return this.decideWith(resource, await this.attributes(resource.patientId));
  }

  /**
   * `decide`, synchronously, when this request has loaded the patient's attributes already (the PEP's fast path for
   * the records of a list); undefined when it has not.
   */
  decideNow(resource: ResourceAttributes): DecisionTrace | undefined {
    if (!this.enforce) return BYPASS;
    const loaded = this.patients.peek()?.get(resource.patientId)?.loaded;
    return loaded ? this.decideWith(resource, loaded) : undefined;
  }

  private decideWith(resource: ResourceAttributes, loaded: PatientAttributes): DecisionTrace {
    const attrs = resource.list ? { ...loaded, seals: [] } : loaded;
    const subject = this.subject();
    const seal = resource.list ? "list" : sealLevelOf(attrs.seals, resource) ?? "-";
    // The decision depends on the record only through its category, seal level, withheld flag and the scoped
    // consents that cover it (see decide), so those are the key: a patient with 1,000 records from 10 institutions
    // and 100 seals costs a few dozen evaluations.
    const key = `${resource.patientId}|${resource.category}|${seal}|${resource.withheld ? 1 : 0}|${scopeKey(subject, resource, attrs)}`;
    const cache = this.patient(resource.patientId).decisions;
    // A document's metadata is decided like its content unless only a document_metadata line allows it: then it is a
    // decision of its own (key and audit event with aspect metadata). Otherwise it is the content's decision, so a
    // reader of both costs one evaluation and one audit event.
    const metadataKey = `${key}|metadata`;
    const cached = cache.get(key);
    let d = resource.aspect === "metadata" ? cache.get(metadataKey) ?? (cached?.allowed ? cached : undefined) : cached;
    if (!d) {
      d = decide(subject, resource, attrs, this.rolePolicy());
      this.count(d);
      cache.set(d.viaMetadata ? metadataKey : key, d);
    }
    if (d.viaMetadata) {
      this.sink?.record(metadataKey, subject, resource, d);
      return d;
    }
    const { aspect: _aspect, ...content } = resource;
    this.sink?.record(key, subject, content, d);
    return d;
  }

  /**
   * Decide a read as if the patient's attributes also held `extra` (the consent an act is about to create), without
   * recording it: for operations that record their own outcome (retrieval by exchange number). Same attribute load
   * and rules as every other decision; an unknown record is decided too, on a patient with no attributes, so both
   * cost the same.
   */
  async evaluate(resource: ResourceAttributes, extra: { consents?: ConsentAttr[] } = {}): Promise<DecisionTrace> {
    if (!this.enforce) return BYPASS;
    const loaded = await this.attributes(resource.patientId);
    // A list decision never depends on seals (they filter rows), as in `decide`.
    const seals = resource.list ? [] : loaded.seals;
    const d = decide(this.subject(), resource, { ...loaded, seals, consents: [...loaded.consents, ...(extra.consents ?? [])] }, this.rolePolicy());
    this.count(d);
    return d;
  }

  /**
   * Decide an operation before its resolver runs (the PEP calls this for every root field and route): its facts,
   * then the policy. A refusal is FORBIDDEN with the deciding rule, or NOT_FOUND when it comes from the resource alone
   * and the operation hides resources (another institution's document is as unknown as a missing one). Recorded.
   */
  async authorizeOperation(decl: OperationDeclaration, args: Record<string, unknown>): Promise<DecisionTrace> {
    const facts = decl.facts ? await decl.facts(args) : {};
    const op = operationRequest(decl, facts);
    const subject = this.subject();
    if (!this.enforce) return BYPASS;
    await this.livePolicy();
    const d = decideOperation(subject, op, this.rolePolicy());
    this.count(d);
    this.sink?.recordOperation(subject, op, d);
    if (!d.allowed) {
      if (decl.hideResource && d.resourceDenied) throw new NotFoundError(decl.notFound ?? "not found");
      throw new ForbiddenError(`${op.action} is not allowed here`, { category: op.category, rule: d.rule });
    }
    return d;
  }

  /**
   * The policy version in force, once per request: a change stored by any process holds from the next request on,
   * for operations as for reads (whose attribute load reads the version in the same round trip).
   */
  private livePolicy(): Promise<void> {
    return this.policyRead.get();
  }

  /** Would the policy let the caller do this (a resolver choosing what to show, e.g. every institution's queue or its own)? */
  async permits(action: string, facts: OperationFacts = {}, category: OperationDeclaration["category"] = "non_patient"): Promise<boolean> {
    if (!this.enforce) return true;
    await this.livePolicy();
    const d = decideOperation(this.subject(), operationRequest({ action, category }, facts), this.rolePolicy());
    this.count(d);
    return d.allowed;
  }

  /**
   * Would the policy let someone of this role do this (for an actor the caller names, such as a team member on a
   * break-glass grant)? The caller's purpose, no condition facts.
   */
  async permitsRole(role: string, action: string): Promise<boolean> {
    if (!this.enforce) return true;
    await this.livePolicy();
    const r = this.rolePolicy()(role, this.subject().purpose, "non_patient", action, []);
    this.count(r);
    return r.allowed;
  }

  /** Decide, and throw FORBIDDEN (with category and deciding rule) when denied. */
  async authorize(resource: ResourceAttributes): Promise<Decision> {
    const d = await this.decide(resource);
    if (!d.allowed) throw forbidden(resource.category, d);
    return d;
  }

  /**
   * Authorise a list over some categories of one patient and derive its SQL filters: categories the caller may not
   * read are left out (`denial` holds the first refusal, for a list of one category that is the answer); rows under
   * a seal the caller may not pass are never fetched, so pages, cursors and `hasNextPage` reveal nothing about them.
   */
  async listPlan(patientId: string, categories: readonly DataCategory[]): Promise<ListPlan> {
    if (!this.enforce) return { plans: categories.map((category) => ({ category, hiddenSeals: [], rowScope: null, hideWithheld: false, wholeCategoryHidden: false })), denial: null };
    const plans: CategoryPlan[] = [];
    let denial: HubError | null = null;
    const attrs = await this.attributes(patientId);
    const hideWithheld = this.subject().actor.role === "patient";
    for (const category of categories) {
      const d = await this.decide({ patientId, category, list: true });
      if (!d.allowed) { denial ??= forbidden(category, d); continue; }
      const hiddenSeals: SealAttr[] = [];
      for (const s of attrs.seals) {
        if (s.category !== null && s.category !== category) continue;
        if (!(await this.levelVisible(patientId, category, s.level))) hiddenSeals.push(s);
      }
      const wholeCategoryHidden = hiddenSeals.some((s) => hidesWholeCategory(s, category));
      plans.push({ category, hiddenSeals, rowScope: d.rowScope ?? null, hideWithheld, wholeCategoryHidden });
    }
    return { plans, denial };
  }

  /** Would a record of this category under a seal of this level be readable? Asked of the PDP, once per pair. */
  private async levelVisible(patientId: string, category: DataCategory, level: SealLevel): Promise<boolean> {
    const levels = this.patient(patientId).levels;
    const key = `${category}|${level}`;
    let v = levels.get(key);
    if (v === undefined) {
      const probe: SealAttr = { id: `probe-${level}`, level, sourceOrganizationId: null, category, recordIds: null };
      const attrs = await this.attributes(patientId);
      const subject = this.subject();
      // Seals only ever add deny facts; the list's basis was decided already, so the role policy's answer on the
      // facts of a record under this seal level is the whole question.
      const flags = flagsOf(subject, { patientId, category }, { ...attrs, seals: [probe] });
      const r = this.rolePolicy()(subject.actor.role, subject.purpose, category, "read", flags);
      this.count(r);
      v = r.allowed;
      levels.set(key, v);
    }
    return v;
  }
}

const BYPASS: DecisionTrace = { allowed: true, rule: "enforcement-off", reason: "benchmark variant without enforcement", flags: [], basis: { allowed: true, rule: "enforcement-off", reason: "" } };

/** The error for a denied decision: ETREAT without a valid grant is EMERGENCY_ACCESS_REQUIRED, the rest FORBIDDEN. */
export function forbidden(category: string, d: Decision): HubError {
  if (d.rule === ETREAT_WITHOUT_GRANT) {
    return new HubError("EMERGENCY_ACCESS_REQUIRED", "purpose ETREAT needs an active emergency access for this patient (x-emergency-access)", { category, rule: d.rule });
  }
  return new ForbiddenError(`access to ${category} denied`, { category, rule: d.rule });
}

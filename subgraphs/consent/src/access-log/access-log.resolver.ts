import { Arg, Args, FieldResolver, Resolver, Root } from "type-graphql";
import { Category, PageArgs, config, decodeCursor, pageSize, toConnection } from "@hub/common";
import { auditStore, policyRuntime, withMarker, type AuditEvent } from "@hub/policies";
import { PatientRef } from "../me/patient.type.js";
import { loadOrganization } from "../organization/organization.resolver.js";
import { AccessLogConnection, AccessLogEntry } from "./access-log.type.js";
import { Organization } from "../organization/organization.type.js";

const toEntry = (e: AuditEvent & { count: number }): AccessLogEntry => ({
  patientId: e.patientId ?? "", organizationId: e.actorOrg ?? null, seq: e.seq, at: e.at, organization: null,
  actorRole: e.actorRole, category: e.category ?? null, purpose: e.purpose ?? null, decision: e.decision ?? null,
  emergency: e.purpose === "ETREAT" || e.purpose === "DISASTER" || e.eventType.startsWith("emergency"), event: e.eventType, count: e.count,
});

@Resolver(() => PatientRef)
export class AccessLogResolver {
  /** The patient's access history from the audit trail (her own reads left out, repeated denials folded). */
  @FieldResolver(() => AccessLogConnection, { nullable: true }) @Category("access_log")
  async accessLog(
    @Root() p: PatientRef, @Args() { first, after }: PageArgs,
    @Arg("since", () => Date, { nullable: true, description: "Only entries after this time (\"what changed since I last looked\")" }) since?: Date,
  ) {
    const limit = pageSize(first, config().maxPageSize);
    const cursor = decodeCursor(after);
    const self = policyRuntime().subject().actor;
    const events = await auditStore().accessLog(p.id, {
      beforeSeq: cursor ? Number(cursor.id) : undefined, limit: limit + 1, selfSub: self.patientId === p.id ? self.sub : undefined, since: since ?? undefined,
    });
    return withMarker(toConnection(events.map(toEntry), limit, (e) => ({ at: e.at.toISOString(), id: String(e.seq) })));
  }
}

@Resolver(() => AccessLogEntry)
export class AccessLogEntryResolver {
  @FieldResolver(() => Organization, { nullable: true }) @Category("access_log")
  organization(@Root() e: AccessLogEntry) {
    return e.organizationId ? loadOrganization(e.organizationId) : null;
  }
}

import { Args, FieldResolver, Resolver, Root } from "type-graphql";
import { Category, PageArgs, config, decodeCursor, pageSize, toConnection } from "@hub/common";
import { notificationsOf, withMarker } from "@hub/policies";
import { PatientRef } from "../me/patient.type.js";
import { loadOrganization } from "../organization/organization.resolver.js";
import { Organization } from "../organization/organization.type.js";
import { EmergencyNotification, EmergencyNotificationConnection, type EmergencyNotificationKind } from "./notification.type.js";

@Resolver(() => PatientRef)
export class EmergencyNotificationResolver {
  /** The patient's notices of emergency and disaster acts (hers alone, like the access log: category access_log). */
  @FieldResolver(() => EmergencyNotificationConnection, { nullable: true }) @Category("access_log")
  async emergencyNotifications(@Root() p: PatientRef, @Args() { first, after }: PageArgs) {
    const limit = pageSize(first, config().maxPageSize);
    const cursor = decodeCursor(after);
    const rows = await notificationsOf(p.id, { limit: limit + 1, before: cursor ? { at: new Date(cursor.at), id: cursor.id } : undefined });
    const nodes: EmergencyNotification[] = rows.map((n) => ({ ...n, kind: n.kind as EmergencyNotificationKind, organization: null }));
    return withMarker(toConnection(nodes, limit, (n) => ({ at: n.at.toISOString(), id: n.id })));
  }
}

@Resolver(() => EmergencyNotification)
export class EmergencyNotificationFieldsResolver {
  @FieldResolver(() => Organization, { nullable: true }) @Category("access_log")
  organization(@Root() n: EmergencyNotification) {
    return n.organizationId ? loadOrganization(n.organizationId) : null;
  }
}

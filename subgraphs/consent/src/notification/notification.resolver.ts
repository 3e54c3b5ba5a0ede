import { Arg, Args, ArgsType, Field, ID, Mutation, Query, Resolver } from "type-graphql";
import { BadUserInputError, Category, NON_PATIENT, Operation, PageArgs, caller, callerInstitution, config, decodeCursor, pageSize, toConnection } from "@hub/common";
import { markNotificationsRead, notificationsOfReader, patientsConsentingTo, readerKeys, type NotificationRecord } from "@hub/policies";
import { ConsentingPatientConnection, Notification, NotificationConnection } from "./notification.type.js";

export const toNotification = (n: NotificationRecord): Notification => ({ id: String(n.seq), kind: n.kind, at: n.at, read: n.read, recipient: n.recipient, data: n.data });

@ArgsType()
class NotificationsArgs extends PageArgs {
  @Field(() => Boolean, { defaultValue: false }) unreadOnly!: boolean;
}

/** The keys the caller reads under; the first is theirs alone (read marks). */
export function myKeys(): { keys: string[]; reader: string } {
  const keys = readerKeys(caller());
  return { keys, reader: keys[0] };
}

@Resolver()
export class NotificationResolver {
  @Query(() => NotificationConnection, { description: "Your notifications (and your institution's), newest first" })
  @Category(NON_PATIENT) @Operation("read-notifications")
  async notifications(@Args() { unreadOnly, first, after }: NotificationsArgs) {
    const limit = pageSize(first, config().maxPageSize);
    const cursor = decodeCursor(after);
    const { keys, reader } = myKeys();
    const rows = await notificationsOfReader(keys, reader, { unreadOnly, limit: limit + 1, beforeSeq: cursor ? Number(cursor.id) : null });
    return toConnection(rows.map(toNotification), limit, (n) => ({ at: n.at.toISOString(), id: n.id }));
  }

  @Mutation(() => [ID], { description: "Mark notifications read; returns the ids marked now (others' and unknown ids are ignored alike)" })
  @Category(NON_PATIENT) @Operation("read-notifications")
  async markNotificationsRead(@Arg("ids", () => [ID]) ids: string[]): Promise<string[]> {
    if (ids.length > 500 || ids.some((i) => !/^\d{1,18}$/.test(i))) throw new BadUserInputError("ids: at most 500 notification ids", { argument: "ids" });
    const { keys, reader } = myKeys();
    return (await markNotificationsRead(keys, reader, ids.map(Number))).map(String);
  }

  /** A PHR app finds its users: the patients whose active consents name the caller's institution. */
  @Query(() => ConsentingPatientConnection, { description: "The patients who currently consent to your institution, newest consent first" })
  @Category(NON_PATIENT) @Operation("read-consenting-patients", { forInstitution: true })
  async phrConsentingPatients(@Args() { first, after }: PageArgs) {
    const limit = pageSize(first, config().maxPageSize);
    const rows = await patientsConsentingTo(callerInstitution(), limit + 1, decodeCursor(after));
    return toConnection(rows.map((c) => ({ patient: { id: c.patientId }, consentId: c.id, categories: c.categories, grantedAt: c.grantedAt, expiresAt: c.expiresAt })),
      limit, (c) => ({ at: c.grantedAt.toISOString(), id: c.consentId }));
  }
}

import { attributeContext, rowsOf } from "../attributes/context.js";
import type { NotificationKind } from "./notification.rules.js";

/** A stored notification as its reader sees it. */
export interface NotificationRecord {
  seq: number;
  recipient: string;
  kind: NotificationKind;
  data: Record<string, unknown>;
  at: Date;
  read: boolean;
}

interface Row { seq: string; recipient: string; kind: NotificationKind; data: Record<string, unknown>; at: Date | string; read: boolean }
const toRecord = (r: Row): NotificationRecord => ({ seq: Number(r.seq), recipient: r.recipient, kind: r.kind, data: r.data, at: new Date(r.at), read: r.read });

/**
 * The caller's notifications (addressed to any of `keys`), newest first, paged by sequence number; `reader` is the key
 * read marks are kept under (one per person, so a notice to a whole institution is read by each member on their own).
 */
export async function notificationsOfReader(keys: readonly string[], reader: string, opts: { unreadOnly: boolean; limit: number; beforeSeq: number | null }): Promise<NotificationRecord[]> {
  return rowsOf<Row>(await attributeContext().db.query(
    `SELECT n.seq, n.recipient, n.kind, n.data, n.at, (r.seq IS NOT NULL) AS read FROM consent.notifications n
       LEFT JOIN consent.notification_reads r ON r.seq = n.seq AND r.reader = $2
      WHERE n.recipient = ANY($1::text[]) AND ($3::bigint IS NULL OR n.seq < $3) AND (NOT $4::boolean OR r.seq IS NULL)
      ORDER BY n.seq DESC LIMIT $5`,
    [[...keys], reader, opts.beforeSeq, opts.unreadOnly, opts.limit])).map(toRecord);
}

/** Notifications after a sequence number, oldest first (the stream; ordered per reader). */
export async function notificationsAfter(keys: readonly string[], reader: string, afterSeq: number, limit = 100): Promise<NotificationRecord[]> {
  return rowsOf<Row>(await attributeContext().db.query(
    `SELECT n.seq, n.recipient, n.kind, n.data, n.at, EXISTS (SELECT 1 FROM consent.notification_reads r WHERE r.seq = n.seq AND r.reader = $2) AS read
       FROM consent.notifications n WHERE n.recipient = ANY($1::text[]) AND n.seq > $3 ORDER BY n.seq LIMIT $4`,
    [[...keys], reader, afterSeq, limit])).map(toRecord);
}

/** The newest sequence number hub-wide (a stream without Last-Event-ID starts after it). */
export async function latestNotificationSeq(): Promise<number> {
  const [r] = rowsOf<{ seq: string | null }>(await attributeContext().db.query(`SELECT max(seq) AS seq FROM consent.notifications`));
  return Number(r?.seq ?? 0);
}

/** Mark the caller's notifications read (ids not addressed to them are ignored, like unknown ones); returns the seqs marked. */
export async function markNotificationsRead(keys: readonly string[], reader: string, seqs: readonly number[]): Promise<number[]> {
  if (seqs.length === 0) return [];
  const rows = rowsOf<{ seq: string }>(await attributeContext().db.query(
    `INSERT INTO consent.notification_reads (seq, reader)
       SELECT n.seq, $2 FROM consent.notifications n WHERE n.seq = ANY($3::bigint[]) AND n.recipient = ANY($1::text[])
     ON CONFLICT DO NOTHING RETURNING seq`, [[...keys], reader, [...seqs]]));
  return rows.map((r) => Number(r.seq));
}

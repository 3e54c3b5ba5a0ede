import type { ConsentSource } from "./consent.rule.js";

/**
 * How long each act gives access: the one table of consent windows, computed in Japan time (JST, UTC+9, no daylight
 * saving), because "the day after the visit" is a day on a Japanese calendar, not a UTC one.
 *
 * | act | window | from |
 * |---|---|---|
 * | exchange number presented (引換番号) | 7 days | the retrieval |
 * | questionnaire sent (問診票) | 30 days | sending it |
 * | reservation booked (受診予約), pre-fetch of documents addressed to it (事前取得) | until the end of the day after the visit | booking / pre-fetch |
 * | sharing (a doctor with a specialist, the patient with an institution) | at most 90 days, never beyond the consent it comes from | sharing |
 * | card-reader consent (顔認証付きカードリーダー) | 24 hours | the card reading |
 * | portal consent | as the patient chose (no end by default) | granting |
 */
export const CONSENT_WINDOWS = {
  EXCHANGE: { days: 7 },
  QUESTIONNAIRE: { days: 30 },
  RESERVATION: { untilEndOfDayAfterVisit: true },
  PREFETCH: { untilEndOfDayAfterVisit: true },
  SHARE: { maxDays: 90 },
  CONSULTATION: { maxDays: 90 },
  CARD_READER: { hours: 24 },
} as const satisfies Partial<Record<ConsentSource, object>>;

const DAY_MS = 86_400_000;
const JST_OFFSET_MS = 9 * 3600_000;

/** The calendar day in Japan at this instant, `YYYY-MM-DD`. */
export function japanDate(at: Date): string {
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 Japan time of a calendar day `YYYY-MM-DD`. */
export function japanMidnight(day: string): Date {
  return new Date(`${day}T00:00:00+09:00`);
}

/** Is `day` a real calendar day (`YYYY-MM-DD`)? */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

/** The end of the day after `visitDay` in Japan: 00:00 JST two calendar days after the visit. */
export function endOfDayAfter(visitDay: string): Date {
  return new Date(japanMidnight(visitDay).getTime() + 2 * DAY_MS);
}

export const exchangeExpiry = (retrievedAt: Date): Date => new Date(retrievedAt.getTime() + CONSENT_WINDOWS.EXCHANGE.days * DAY_MS);
export const questionnaireExpiry = (sentAt: Date): Date => new Date(sentAt.getTime() + CONSENT_WINDOWS.QUESTIONNAIRE.days * DAY_MS);
export const reservationExpiry = (visitDay: string): Date => endOfDayAfter(visitDay);
export const prefetchExpiry = (visitDay: string): Date => endOfDayAfter(visitDay);
export const cardReaderValidityMs = CONSENT_WINDOWS.CARD_READER.hours * 3600_000;

/** The latest end a share may have: 90 days from now, and never beyond the consent it rides on. */
export function shareLimit(now: Date, basedOnExpiry: Date | null, source: "SHARE" | "CONSULTATION" = "SHARE"): Date {
  const max = new Date(now.getTime() + CONSENT_WINDOWS[source].maxDays * DAY_MS);
  return basedOnExpiry && basedOnExpiry < max ? basedOnExpiry : max;
}

/** A visit day may be booked from today (in Japan) up to a year ahead. */
export function bookableDay(day: string, now: Date): boolean {
  if (!isCalendarDay(day)) return false;
  const today = japanDate(now);
  const last = japanDate(new Date(now.getTime() + 366 * DAY_MS));
  return day >= today && day <= last;
}

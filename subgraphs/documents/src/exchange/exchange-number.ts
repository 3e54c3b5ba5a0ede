import { randomInt } from "node:crypto";

/**
 * 引換番号: 16 digits, 15 drawn at random (crypto) and a Luhn check digit (ISO/IEC 7812), shown in groups of four
 * (`1234 5678 9012 3452`). 10^15 numbers: at the throttled rate of failed retrievals per institution, guessing
 * a live number is hopeless (the arithmetic is in SECURITY.md). The check digit catches typos at the desk before
 * they count as failed guesses.
 */
export const EXCHANGE_NUMBER_DIGITS = 16;

function luhnDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function newExchangeNumber(): string {
  let body = String(randomInt(1, 10)); // no leading zero, so the number survives spreadsheets and phones
  for (let i = 1; i < EXCHANGE_NUMBER_DIGITS - 1; i++) body += String(randomInt(0, 10));
  return body + String(luhnDigit(body));
}

/** The number as typed (spaces and hyphens allowed, full-width digits too), or null when it cannot be one. */
export function normaliseExchangeNumber(typed: string): string | null {
  const n = typed.normalize("NFKC").replace(/[\s-]/g, "");
  if (!/^\d{16}$/.test(n) || luhnDigit(n.slice(0, -1)) !== Number(n.at(-1))) return null;
  return n;
}

/** For slips and screens: four groups of four. */
export const formatExchangeNumber = (n: string): string => n.replace(/(\d{4})(?=\d)/g, "$1 ");

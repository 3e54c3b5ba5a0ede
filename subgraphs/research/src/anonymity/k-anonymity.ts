/**
 * k-anonymity on the quasi-identifiers of a released cohort: age band, sex and prefecture.
 *
 * The planner works on a histogram (patients per exact age × sex × prefecture), which has a few thousand cells at
 * most whatever the cohort size, so it runs in bounded memory beside a streaming extraction. It tries the
 * generalisation levels from the most detailed up and takes the first whose groups smaller than k hold at most
 * `maxSuppression` of the cohort; those remaining small groups are suppressed (left out of the release). If no level
 * qualifies, the most general one is used and its small groups are suppressed.
 */
export interface QuasiIdentifiers {
  age: number;
  sex: string;
  /** JIS X 0401 two-digit prefecture code, or null when unknown. */
  prefecture: string | null;
}

export interface Cell extends QuasiIdentifiers {
  n: number;
}

export interface Level {
  level: number;
  ageBandYears: number;
  prefecture: boolean;
}

/** Generalisation ladder: widen the age band, then drop the prefecture, then widen again. */
export const LEVELS: Level[] = [
  { level: 0, ageBandYears: 5, prefecture: true },
  { level: 1, ageBandYears: 10, prefecture: true },
  { level: 2, ageBandYears: 10, prefecture: false },
  { level: 3, ageBandYears: 20, prefecture: false },
];

/** Ages from this one up share one top band at every level (very old ages are rare and identifying). */
export const TOP_AGE = 90;

export function ageBand(age: number, width: number): { low: number; high: number | null; label: string } {
  if (age >= TOP_AGE) return { low: TOP_AGE, high: null, label: `${TOP_AGE}+` };
  const low = Math.floor(age / width) * width;
  const high = Math.min(low + width - 1, TOP_AGE - 1);
  return { low, high, label: `${low}-${high}` };
}

/** The equivalence class of a person at a level. */
export function classKey(q: QuasiIdentifiers, level: Level): string {
  return [ageBand(q.age, level.ageBandYears).label, q.sex, level.prefecture ? q.prefecture ?? "-" : "*"].join("|");
}

export interface AnonymityPlan {
  k: number;
  level: number;
  ageBandYears: number;
  prefectureDropped: boolean;
  cohortPatients: number;
  releasedPatients: number;
  suppressedPatients: number;
  suppressedGroups: number;
  releasedGroups: number;
  smallestReleasedGroup: number | null;
  /** Class keys (at the chosen level) whose members are left out. */
  suppressedClasses: string[];
}

function groups(cells: Cell[], level: Level): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of cells) {
    const key = classKey(c, level);
    m.set(key, (m.get(key) ?? 0) + c.n);
  }
  return m;
}

export function planKAnonymity(cells: Cell[], k: number, maxSuppression = 0.05): AnonymityPlan {
  if (!Number.isInteger(k) || k < 2) throw new Error("k must be an integer of at least 2");
  const total = cells.reduce((s, c) => s + c.n, 0);
  let chosen: { level: Level; g: Map<string, number>; small: number } | null = null;
  for (const level of LEVELS) {
    const g = groups(cells, level);
    const small = [...g.values()].filter((n) => n < k).reduce((s, n) => s + n, 0);
    chosen = { level, g, small };
    if (total === 0 || small / total <= maxSuppression) break;
  }
  const { level, g, small } = chosen!;
  const released = [...g.entries()].filter(([, n]) => n >= k);
  return {
    k, level: level.level, ageBandYears: level.ageBandYears, prefectureDropped: !level.prefecture,
    cohortPatients: total, releasedPatients: total - small, suppressedPatients: small,
    suppressedGroups: g.size - released.length, releasedGroups: released.length,
    smallestReleasedGroup: released.length > 0 ? Math.min(...released.map(([, n]) => n)) : null,
    suppressedClasses: [...g.entries()].filter(([, n]) => n < k).map(([key]) => key).sort(),
  };
}

/** Check a release: every class of released people at the plan's level has at least k members. */
export function isKAnonymous(people: QuasiIdentifiers[], k: number, level: Level): boolean {
  const g = groups(people.map((p) => ({ ...p, n: 1 })), level);
  return [...g.values()].every((n) => n >= k);
}

export function levelOf(n: number): Level {
  const l = LEVELS[n];
  if (!l) throw new Error(`no generalisation level ${n}`);
  return l;
}

import { INSTITUTION_SYSTEM, entries, identifiers, isObject, type Json } from "./walk.js";

/** The 10-digit institution number of the Composition's author Organization. */
export function authorOrganizationOf(bundle: Json): string | null {
  const list = entries(bundle);
  const comp = list[0]?.resource;
  const authors = comp && Array.isArray(comp.author) ? (comp.author as Json[]) : [];
  for (const a of authors) {
    const org = list.find((e) => e.fullUrl === a.reference && e.resource.resourceType === "Organization");
    const id = org ? identifiers(org.resource).find((i) => i.system === INSTITUTION_SYSTEM) : undefined;
    if (id?.value) return id.value;
  }
  return null;
}

/** Name, kana, birth date and gender of the Bundle's Patient (for registering an unknown patient). */
export function patientFieldsOf(bundle: Json): { name: string | null; kana: string | null; birthDate: string | null; gender: string | null } {
  const p = entries(bundle).find((e) => e.resource.resourceType === "Patient")?.resource;
  const names = p && Array.isArray(p.name) ? (p.name as Json[]).filter(isObject) : [];
  const text = (n: Json | undefined) => (n ? (typeof n.text === "string" ? n.text : [n.family, ...(Array.isArray(n.given) ? n.given : [])].filter(Boolean).join(" ")) || null : null);
  const isKana = (n: Json) => Array.isArray(n.extension) && JSON.stringify(n.extension).includes("SYL");
  return {
    name: text(names.find((n) => !isKana(n))), kana: text(names.find(isKana)),
    birthDate: typeof p?.birthDate === "string" ? p.birthDate : null, gender: typeof p?.gender === "string" ? p.gender : null,
  };
}

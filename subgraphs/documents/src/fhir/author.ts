import { INSTITUTION_SYSTEM, entries, identifiers, type Json } from "./walk.js";

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

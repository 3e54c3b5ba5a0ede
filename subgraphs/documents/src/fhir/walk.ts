/** Small helpers over FHIR JSON (plain objects), shared by the rule files. */
export type Json = Record<string, unknown>;

/** Identifier system of 10-digit medical institution numbers (医療機関コード). */
export const INSTITUTION_SYSTEM = "http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no";

export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export interface Entry {
  index: number;
  fullUrl: string | undefined;
  resource: Json;
}

export function entries(bundle: Json): Entry[] {
  const list = Array.isArray(bundle.entry) ? bundle.entry : [];
  return list.flatMap((e, index) => (isObject(e) && isObject(e.resource) ? [{ index, fullUrl: typeof e.fullUrl === "string" ? e.fullUrl : undefined, resource: e.resource }] : []));
}

/** Every `reference` string in a value, with its JSON path. */
export function references(value: unknown, path: string, out: { path: string; reference: string }[] = []): { path: string; reference: string }[] {
  if (Array.isArray(value)) value.forEach((v, i) => references(v, `${path}[${i}]`, out));
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === "reference" && typeof v === "string") out.push({ path: `${path}.reference`, reference: v });
      else references(v, `${path}.${k}`, out);
    }
  }
  return out;
}

export function identifiers(resource: Json): { system?: string; value?: string }[] {
  return Array.isArray(resource.identifier) ? (resource.identifier as Json[]).filter(isObject) as { system?: string; value?: string }[] : [];
}

/** Does the resource claim this profile in meta.profile (a `|version` suffix allowed)? */
export function claims(r: Json, url: string): boolean {
  const list = isObject(r.meta) && Array.isArray(r.meta.profile) ? (r.meta.profile as unknown[]) : [];
  return list.some((p) => typeof p === "string" && (p === url || p.startsWith(`${url}|`)));
}

import type { Bundle, CodeSystem, CodeSystemConcept, StructureDefinition, ValueSet } from "@medplum/fhirtypes";

/** Codes of an enumerable value set, by code system. */
export type Expansion = ReadonlyMap<string, ReadonlySet<string>>;

const canonical = (url: string) => url.split("|")[0];

/** Every value set a `required` binding of these StructureDefinitions names (FHIR R4 ElementDefinition.binding). */
export function requiredValueSetUrls(bundles: Bundle[]): Set<string> {
  const urls = new Set<string>();
  for (const b of bundles) {
    for (const e of b.entry ?? []) {
      const sd = e.resource as StructureDefinition | undefined;
      if (sd?.resourceType !== "StructureDefinition") continue;
      for (const el of sd.snapshot?.element ?? []) {
        if (el.binding?.strength === "required" && el.binding.valueSet) urls.add(canonical(el.binding.valueSet));
      }
    }
  }
  return urls;
}

function allCodes(concepts: CodeSystemConcept[] | undefined, out: string[] = []): string[] {
  for (const c of concepts ?? []) {
    out.push(c.code);
    allCodes(c.concept, out);
  }
  return out;
}

/**
 * Expand the value sets by their `compose` (FHIR R4 ValueSet.compose): whole code systems shipped with `content =
 * complete`, listed concepts, included value sets and listed exclusions. A value set that needs a filter or a code
 * system the definitions do not ship (UCUM, BCP-13 MIME types, currencies) is not enumerable and is left out: its
 * binding is not checked here (the attachment rules check MIME types on their own).
 */
export function expandValueSets(urls: Iterable<string>, terminology: Bundle[]): Map<string, Expansion> {
  const byUrl = new Map<string, ValueSet | CodeSystem>();
  for (const b of terminology) {
    for (const e of b.entry ?? []) {
      const r = e.resource as ValueSet | CodeSystem | undefined;
      if ((r?.resourceType === "ValueSet" || r?.resourceType === "CodeSystem") && r.url) byUrl.set(r.url, r);
    }
  }
  const memo = new Map<string, Expansion | null>();
  const expand = (url: string, seen: Set<string>): Expansion | null => {
    if (memo.has(url)) return memo.get(url)!;
    if (seen.has(url)) return null;
    seen.add(url);
    const vs = byUrl.get(url);
    let result: Map<string, Set<string>> | null = vs?.resourceType === "ValueSet" ? new Map() : null;
    const add = (system: string, codes: Iterable<string>) => {
      const set = result!.get(system) ?? new Set<string>();
      for (const c of codes) set.add(c);
      result!.set(system, set);
    };
    for (const inc of (vs as ValueSet | undefined)?.compose?.include ?? []) {
      if (!result) break;
      // A filter (is-a, regex, …) or a system intersected with value sets cannot be enumerated from the definitions.
      if (inc.filter?.length || (inc.system && inc.valueSet?.length) || (!inc.system && !inc.valueSet?.length)) { result = null; break; }
      if (inc.valueSet?.length) {
        for (const ref of inc.valueSet) {
          const sub = expand(canonical(ref), seen);
          if (!sub) { result = null; break; }
          for (const [system, codes] of sub) add(system, codes);
        }
        continue;
      }
      const system = inc.system!;
      if (inc.concept?.length) { add(system, inc.concept.map((c) => c.code)); continue; }
      const cs = byUrl.get(system);
      if (cs?.resourceType !== "CodeSystem" || cs.content !== "complete") { result = null; break; }
      add(system, allCodes(cs.concept));
    }
    for (const exc of (vs as ValueSet | undefined)?.compose?.exclude ?? []) {
      if (!result) break;
      if (exc.filter?.length || !exc.concept?.length || !exc.system) { result = null; break; }
      for (const c of exc.concept) result.get(exc.system)?.delete(c.code);
    }
    memo.set(url, result);
    return result;
  };
  const out = new Map<string, Expansion>();
  for (const url of urls) {
    const x = expand(url, new Set());
    if (x) out.set(url, x);
  }
  return out;
}

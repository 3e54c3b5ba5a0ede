import { BadUserInputError, informational, sendJson } from "@hub/common";
import { caller } from "@hub/common";
import { visibleRequest } from "../request/request.store.js";
import { startExtraction } from "../extraction/job-control.js";
import { RESOURCE_TYPE } from "../extraction/fhir-output.js";
import type { BulkRequest } from "./route.js";

/** `_outputFormat` values meaning NDJSON (Bulk Data IG: servers SHALL accept these three). */
const NDJSON = new Set(["application/fhir+ndjson", "application/ndjson", "ndjson"]);
/** Kick-off parameters of the Bulk Data IG this server does not offer: refused, not silently ignored. */
const UNSUPPORTED = ["_since", "_typeFilter", "_elements", "patient", "includeAssociatedData", "organizeOutputBy"];
const FHIR_JSON = /^(\*\/\*|application\/(fhir\+)?json)(;.*)?$/;

export const statusUrl = (base: string, jobId: string) => `${base}/fhir/bulkstatus/${jobId}`;

/** The resource types a request's files can hold: Patient and the types of its categories. */
export const typesOf = (categories: string[]) => ["Patient", ...new Set(categories.map((c) => RESOURCE_TYPE[c]))].sort();

function bad(message: string, argument: string): BadUserInputError {
  return new BadUserInputError(message, { argument });
}

/**
 * `GET /fhir/Group/{datasetRequestId}/$export` with `Prefer: respond-async` (FHIR Bulk Data kick-off): the Group is the
 * approved dataset request's cohort. Starts an extraction as `runExtraction` does (same request-level checks, one
 * active run per request) for the requesting project's researcher only, and answers 202 with the status URL in
 * Content-Location. `_type` narrows the files to some of the request's resource types.
 */
export async function kickOff({ req, res, url, base }: BulkRequest, requestId: string): Promise<void> {
  const prefer = String(req.headers.prefer ?? "");
  if (!/(^|[\s,;])respond-async([\s,;]|$)/.test(prefer)) throw bad("$export is asynchronous: send the header Prefer: respond-async", "Prefer");
  const accept = req.headers.accept;
  if (accept && !accept.split(",").some((a) => FHIR_JSON.test(a.trim()))) throw bad(`Accept must be application/fhir+json, not ${accept}`, "Accept");
  for (const p of UNSUPPORTED) if (url.searchParams.has(p)) throw bad(`the parameter ${p} is not supported by this server`, p);
  const format = url.searchParams.get("_outputFormat");
  if (format !== null && !NDJSON.has(format)) throw bad(`_outputFormat ${format} is not supported; use application/fhir+ndjson`, "_outputFormat");
  const actor = caller();
  const request = await visibleRequest(requestId);
  const offered = typesOf(request.categories as string[]);
  const asked = url.searchParams.getAll("_type").flatMap((t) => t.split(",")).map((t) => t.trim()).filter(Boolean);
  const unknown = asked.filter((t) => !offered.includes(t));
  if (unknown.length > 0) throw bad(`_type ${unknown.join(", ")} is not in this dataset; it holds ${offered.join(", ")}`, "_type");
  const jobId = await startExtraction(request, actor, { types: asked.length > 0 ? [...new Set(asked)].sort() : null, requestUrl: `${base}${url.pathname}${url.search}` });
  sendJson(res, 202, informational(`export ${jobId} started; poll its status at Content-Location`), {
    "content-type": "application/fhir+json; charset=utf-8", "content-location": statusUrl(base, jobId),
  });
}

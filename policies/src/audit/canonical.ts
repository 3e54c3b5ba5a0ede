/** JSON with object keys sorted (the audit hashes use it); its home is `@hub/common`. */
export { canonicalJson } from "@hub/common";

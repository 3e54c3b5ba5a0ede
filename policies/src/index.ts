export * from "./attributes.js";
export * from "./pdp.js";
export * from "./pip.js";
export * from "./resource.js";
export * from "./role-policy.js";
export * from "./runtime.js";
export * from "./pep.js";
export * from "./engine.js";

export * from "./auth.js";
export * from "./compose.js";
export * from "./limits/depth-limit.js";
export * from "./limits/alias-limit.js";
export * from "./limits/cost-limit.js";
export * from "./limits/rate-limit.js";
export * from "./gateway.js";

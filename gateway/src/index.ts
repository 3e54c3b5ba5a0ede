export * from "./auth.js";
export * from "./compose.js";
export * from "./limits/armor.js";
export * from "./limits/connection-cost.js";
export * from "./limits/rate-limit.js";
export * from "./gateway.js";
export * from "./developers/api-schema.js";
export * from "./apollo-gateway.js";

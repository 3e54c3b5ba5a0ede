export * from "./auth.js";
export * from "./compose.js";
export * from "./depth-limit.js";
export * from "./gateway.js";

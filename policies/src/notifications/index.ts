export * from "./notification.rules.js";
export * from "./notification.store.js";
export * from "./webhook.store.js";
export * from "./lease.js";

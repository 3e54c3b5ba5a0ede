/** The typed JP-CLINS builders (documents, six kinds of clinical information) and the project's examples. */
export * from "./ids.js";
export * from "./jp.js";
export * from "./clins-resources.js";
export * from "./collection.js";
export * from "./referral.js";
export * from "./discharge-summary.js";
export * from "./checkup.js";
export * from "./patient-summary.js";
export * from "./examples.js";

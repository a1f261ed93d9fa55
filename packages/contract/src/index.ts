export * from "./alert-ops-routes.js";
export * from "./audit-routes.js";
export * from "./auth-schemas.js";
export * from "./problems.js";
export * from "./routes.js";
export * from "./schemas.js";
export * from "./types.js";

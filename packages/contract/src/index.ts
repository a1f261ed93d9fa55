export * from "./auth-schemas.js";
export * from "./problems.js";
export * from "./routes.js";
export * from "./schemas.js";
export * from "./sources-routes.js";
export * from "./types.js";

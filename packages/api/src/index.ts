export * from "./app.js";
export * from "./auth/index.js";
export * from "./deps.js";
export * from "./openapi.js";
export * from "./problem.js";
export * from "./readings-route.js";
export * from "./source-auth.js";

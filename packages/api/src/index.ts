export * from "./app.js";
export * from "./deps.js";
export * from "./problem.js";
export * from "./readings-route.js";
export * from "./source-auth.js";

export * from "./auth-routes.js";
export * from "./require-user.js";

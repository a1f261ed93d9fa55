export * from "./auth-routes.js";
export * from "./require-user.js";
export * from "./sign-in-throttle.js";

export * from "./aws-logger.js";
export * from "./cognito-user-directory.js";
export * from "./connection-poster.js";
export * from "./connection-store.js";
export * from "./live-sequence-store.js";
export * from "./live-socket-handlers.js";
export * from "./management-publisher.js";
export * from "./principal.js";

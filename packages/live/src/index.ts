export * from "./admission.js";
export * from "./client-messages.js";
export * from "./frames.js";
export * from "./live-session.js";

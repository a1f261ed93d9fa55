export * from "./api-client.js";
export * from "./live-client.js";
export * from "./ops-client.js";

export * from "./checkpoint-store.js";
export * from "./dynamo-stores.js";
export * from "./keys.js";
export * from "./tables.js";

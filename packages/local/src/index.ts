export * from "./console-logger.js";
export * from "./demo-seed.js";
export * from "./dynamo-local.js";
export * from "./live-hub.js";
export * from "./net.js";
export * from "./runtime.js";
export * from "./simulator.js";
export * from "./stream-poller.js";

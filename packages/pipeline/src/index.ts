export * from "./broadcaster.js";
export * from "./processor.js";
export * from "./reading-records.js";
export * from "./scheduler.js";
export * from "./stream-records.js";

export * from "./broadcaster.js";
export * from "./notifier.js";
export * from "./notify-channels.js";
export * from "./processor.js";
export * from "./reading-records.js";
export * from "./scheduler.js";
export * from "./stream-records.js";

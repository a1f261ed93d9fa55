export * from "./cli.js";
export * from "./cli-context.js";
export * from "./commands/index.js";

export * from "./segment-grid.js";
export * from "./topology.js";
export * from "./vertex-index.js";

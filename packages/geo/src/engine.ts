/**
 * The geometry work behind the API's boundary and tile routes, as one object the app is handed
 * (`ApiDeps.geo`) instead of importing it: the API Lambda's bundle then leaves packages/geo's
 * import, repair and tiling code and geojson-vt out (about 80 KB, issue 16 item 6), and the gateway
 * sends those routes to the Geo function that is given it — the way the report function is given
 * the PDF renderer. The local runtime, the CLI and the tests hand it to one app that serves all.
 */
import {
  communeVertices,
  planBoundaryImport,
  ringOfProblem,
  summariseChange,
  writeBoundaryImport,
} from "./boundary-import-plan.js";
import { createCommuneTiles, tileEtag } from "./commune-tiles.js";
import { REPAIR_PROBLEM_CODES, repairProblem } from "./repair.js";

export const geoEngine = {
  createCommuneTiles,
  tileEtag,
  planBoundaryImport,
  writeBoundaryImport,
  summariseChange,
  communeVertices,
  ringOfProblem,
  repairProblem,
  REPAIR_PROBLEM_CODES,
} as const;

/** What `geoEngine` offers, for code that is handed it and must not import it. */
export type GeoEngine = typeof geoEngine;

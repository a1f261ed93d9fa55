/**
 * Lambda entry point of the geometry routes — boundary preview and import
 * (`POST /v1/boundaries/preview`, `/import`) and the commune tiles (`GET /v1/communes/tiles/…`):
 * the same Hono app as the API, given the geometry engine the API's bundle leaves out (packages/geo's
 * import, repair and tiling, geojson-vt: about 80 KB, issue 16 item 6). An import also needs more
 * memory and time than a dashboard read; the gateway routes only these paths here (infra/Api.ts).
 * Wall devices read tiles too, so their tokens verify here as in the report function.
 */
import { createApp } from "@ioc/api";
import { geoEngine } from "@ioc/geo";
import { handle } from "hono/aws-lambda";
import { readerAppDeps } from "./reader-app.js";

export const handler = handle(createApp({ ...readerAppDeps("ioc-geo"), geo: geoEngine }));

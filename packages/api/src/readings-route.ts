/**
 * `POST /v1/readings`: provincial systems push readings. Whole-request failures are problems;
 * per-reading failures are reported by index while the valid readings are stored.
 */
import { checkReading, MAX_BODY_BYTES, MAX_READINGS_PER_REQUEST, type ValidReading } from "@ioc/core";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ApiDeps } from "./deps.js";
import { ProblemError } from "./problem.js";
import type { createRegistryCache } from "./registry-cache.js";
import { authenticateSource } from "./source-auth.js";

/** One refused reading in the ingest report. */
export interface RejectedReading {
  index: number;
  code: string;
  detail: string;
}

/** The 202 answer to an ingest request. */
export interface IngestReport {
  accepted: number;
  duplicates: number;
  rejected: RejectedReading[];
}

/** Concurrent conditional writes per request: enough to hide latency, few enough to be polite. */
const WRITE_CONCURRENCY = 16;

/** The ingest routes. */
export function readingsRoutes(deps: ApiDeps, registry: ReturnType<typeof createRegistryCache>) {
  const app = new Hono();
  app.post(
    "/",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ProblemError(
          413,
          "payload-too-large",
          "Request body too large",
          `the body exceeds ${MAX_BODY_BYTES} bytes; split it into smaller requests`,
        );
      },
    }),
    async (c) => {
      const source = await authenticateSource(deps.sources, c.req.header("authorization"));
      const contentType = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
      if (contentType !== "application/json") {
        throw new ProblemError(
          415,
          "unsupported-media-type",
          "Unsupported content type",
          `send application/json; got ${contentType || "no content type"}`,
        );
      }
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch (error) {
        throw new ProblemError(
          400,
          "malformed-json",
          "Malformed JSON",
          "the body is not valid JSON",
          {},
          { cause: error },
        );
      }
      const readings = readingsArray(body);

      const province = await registry.get(source.provinceCode);
      if (!province) {
        throw new ProblemError(
          403,
          "province-not-found",
          "Province not available",
          `the source's province ${source.provinceCode} has no registry on this deployment`,
        );
      }
      const now = deps.clock();
      const rejected: RejectedReading[] = [];
      const valid: ValidReading[] = [];
      const seenIds = new Set<string>();
      let duplicates = 0;
      readings.forEach((raw, index) => {
        const result = checkReading(raw, {
          sourceId: source.id,
          provinceCode: province.code,
          hasCommune: (code) => province.byCode.has(code),
          now,
        });
        if (!result.ok) {
          rejected.push({ index, ...result.problem });
          return;
        }
        const { reading } = result;
        if (!source.metricPrefixes.some((prefix) => reading.metric.startsWith(prefix))) {
          rejected.push({
            index,
            code: "metric-out-of-scope",
            detail: `this source may write ${source.metricPrefixes.join(", ")}; not ${reading.metric}`,
          });
          return;
        }
        // The first copy of an id in a request wins, deterministically.
        if (seenIds.has(reading.id)) {
          duplicates++;
          return;
        }
        seenIds.add(reading.id);
        valid.push(reading);
      });

      let accepted = 0;
      await forEachLimited(valid, WRITE_CONCURRENCY, async (reading) => {
        const outcome = await deps.readings.putOnce(reading, now);
        if (outcome === "stored") accepted++;
        else duplicates++;
      });
      const report: IngestReport = { accepted, duplicates, rejected };
      return c.json(report, 202);
    },
  );
  return app;
}

function readingsArray(body: unknown): unknown[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ProblemError(422, "invalid-body", "Invalid request body", 'expected an object { "readings": [ … ] }');
  }
  const readings = (body as { readings?: unknown }).readings;
  if (!Array.isArray(readings)) {
    throw new ProblemError(422, "invalid-body", "Invalid request body", '"readings" must be an array of readings');
  }
  if (readings.length === 0) {
    throw new ProblemError(422, "invalid-body", "Invalid request body", '"readings" is empty');
  }
  if (readings.length > MAX_READINGS_PER_REQUEST) {
    throw new ProblemError(
      413,
      "too-many-readings",
      "Too many readings",
      `${readings.length} readings in one request; at most ${MAX_READINGS_PER_REQUEST}`,
    );
  }
  return readings;
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Boundary imports from the dashboard (issue 13 item 1): the preview reports every problem and
 * the difference with the stored boundaries and hands out a token; the import writes only a file
 * whose token matches it, its options and the boundaries still stored. Both run `@ioc/geo`'s
 * `planBoundaryImport`, the code path of `ioc geo import`.
 */
import { createHash } from "node:crypto";
import { importBoundariesRoute, MAX_BOUNDARY_FILE_BYTES, previewBoundariesRoute } from "@ioc/contract";
import type { Commune, Principal, Province } from "@ioc/core";
import type { BoundaryPlan, BoundaryProblem, GeoEngine, RingRepair } from "@ioc/geo";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { recordAudit } from "./audit-recorder.js";
import { assertCan } from "./auth/require-user.js";
import type { ApiDeps } from "./deps.js";
import { OpenAPIHono } from "./openapi-hono.js";
import { problem } from "./problem.js";
import type { createRegistryCache } from "./registry-cache.js";

type BoundaryEnv = { Variables: { principal?: Principal } };

/** The paths the app exempts from its 64 KiB dashboard body limit (these have their own). */
export const BOUNDARY_PATHS: readonly string[] = [previewBoundariesRoute.path, importBoundariesRoute.path];

const MEDIA_TYPES = new Set(["application/geo+json", "application/json"]);
const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/** What a file's raw features say about themselves, to name communes in problems. */
interface RawFeature {
  code: string | null;
  name: string | null;
  multi: boolean;
}

function rawFeatures(collection: unknown): RawFeature[] {
  const features = (collection as { features?: unknown } | null)?.features;
  if (!Array.isArray(features)) return [];
  return features.map((f) => {
    const props = (f as { properties?: Record<string, unknown> } | null)?.properties ?? {};
    const code = props.code;
    return {
      code: typeof code === "string" || typeof code === "number" ? String(code) : null,
      name: typeof props.name === "string" ? props.name : null,
      multi: (f as { geometry?: { type?: unknown } } | null)?.geometry?.type === "MultiPolygon",
    };
  });
}

/** A problem for the wire: located by commune and ring. */
function problemView(geo: GeoEngine, p: BoundaryProblem, raw: readonly RawFeature[], repairFixes: boolean | null) {
  const feature = p.featureIndex === null ? undefined : raw[p.featureIndex];
  const ring = geo.ringOfProblem(p, feature?.multi ?? false);
  return {
    code: p.code,
    severity: p.severity,
    featureIndex: p.featureIndex,
    communeCode: p.featureCode ?? feature?.code ?? null,
    communeName: feature?.name ?? null,
    polygon: ring?.polygon ?? null,
    ring: ring?.ring ?? null,
    path: p.path,
    position: p.position ? ([p.position[0], p.position[1]] as [number, number]) : null,
    message: p.message,
    repairFixes,
  };
}

function repairView(geo: GeoEngine, r: RingRepair) {
  return {
    kind: r.kind,
    featureIndex: r.featureIndex,
    communeCode: r.featureCode,
    communeName: r.featureName,
    polygon: r.polygon,
    ring: r.ring,
    positions: r.positions.map((q) => [q[0], q[1]] as [number, number]),
    message: geo.repairProblem(r).message,
  };
}

const brief = (geo: GeoEngine, c: Commune) => ({
  code: c.code,
  name: c.name,
  areaKm2: c.areaKm2,
  population: c.population,
  vertices: geo.communeVertices(c),
});

/** A fingerprint of the stored boundaries: any import, by any route or the CLI, changes it. */
function storedFingerprint(province: Province | undefined): string {
  if (!province) return sha256("none");
  const communes = [...province.communes].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return sha256(JSON.stringify({ name: province.name, communes }));
}

/** The boundary preview and import routes; mount at `/`. */
export function boundaryRoutes(deps: ApiDeps, registry: ReturnType<typeof createRegistryCache>) {
  const app = new OpenAPIHono<BoundaryEnv>();
  const limit = bodyLimit({
    maxSize: MAX_BOUNDARY_FILE_BYTES,
    onError: () => {
      throw problem("payload-too-large", {
        detail: `the file exceeds ${MAX_BOUNDARY_FILE_BYTES} bytes; import it with 'ioc geo import FILE'`,
      });
    },
  });

  /** The geometry engine, which the API Lambda is not given: the gateway sends these routes to the Geo function. */
  const engine = (): GeoEngine => {
    if (!deps.geo)
      throw problem("geometry-unavailable", {
        detail: "this function does not import boundaries; the Geo function serves /v1/boundaries",
      });
    return deps.geo;
  };

  /** The admin's province after the permission check, before the body is read. */
  const adminProvince = (c: Context<BoundaryEnv>, query: { province?: string }) => {
    const principal = c.get("principal");
    if (!principal) throw problem("unauthorized", { detail: "this action needs a signed-in user" });
    const province = query.province ?? deps.defaultProvince;
    assertCan(principal, "boundaries:write", province);
    return province;
  };

  /** The body as bytes and as parsed JSON (or its text, for the import to report invalid JSON). */
  const readFile = async (c: Context<BoundaryEnv>) => {
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (!MEDIA_TYPES.has(type))
      throw problem("unsupported-media-type", {
        detail: `send the GeoJSON file as application/geo+json; got ${type || "no content type"}`,
      });
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (error) {
      throw problem("invalid-encoding", { detail: "the file is not valid UTF-8", cause: error });
    }
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch {
      // importBoundaries reports it as the file's `invalid-json` problem, located like the others.
    }
    return { bytes, parsed, sha: sha256(bytes) };
  };

  const optionsOf = (province: string, query: { repair?: string; name?: string }) => ({
    provinceCode: province,
    repair: query.repair === "true",
    ...(query.name ? { provinceName: query.name } : {}),
  });
  /** Binds the token to the file's bytes and the options that change the result. */
  const fileToken = (sha: string, options: ReturnType<typeof optionsOf>) =>
    sha256(`${sha}|repair=${options.repair}|name=${options.provinceName ?? ""}`);

  const notImportable = (plan: Exclude<BoundaryPlan, { ok: true } | { reason: "invalid" }>) =>
    plan.reason === "name-missing"
      ? problem("invalid-request", {
          detail: `province ${plan.province} is not stored yet: give its name with ?name=`,
        })
      : problem("invalid-request", {
          detail: `the file holds communes of ${plan.provinces.length} provinces (${plan.provinces.join(", ")})`,
        });

  app.openapi({ ...previewBoundariesRoute, middleware: [limit] }, async (c) => {
    const query = c.req.valid("query");
    const province = adminProvince(c, query);
    const geo = engine();
    const { bytes, parsed, sha } = await readFile(c);
    const options = optionsOf(province, query);
    const existing = await deps.registry.getProvince(province);
    const stored = { getProvince: async () => existing };
    const plan = await geo.planBoundaryImport(parsed, stored, options);
    const raw = rawFeatures(parsed);
    const base = {
      province,
      repair: options.repair,
      file: { bytes: bytes.length, sha256: sha, features: raw.length },
    };
    if (!plan.ok && plan.reason === "invalid") {
      // Whether the repair fixes each error: asked of the repair itself, not guessed from the code.
      let fixed: (p: BoundaryProblem) => boolean | null = () => null;
      if (plan.repairable) {
        const repaired = await geo.planBoundaryImport(parsed, stored, { ...options, repair: true });
        const left = repaired.ok || repaired.reason !== "invalid" ? [] : repaired.errors;
        fixed = (p) => !left.some((q) => q.code === p.code && q.featureIndex === p.featureIndex && q.path === p.path);
      }
      return c.json(
        {
          ...base,
          provinceName: options.provinceName ?? existing?.name ?? null,
          ok: false,
          counts: {
            errors: plan.errors.length,
            warnings: plan.warnings.length,
            repairs: 0,
            added: 0,
            removed: 0,
            changed: 0,
            unchanged: 0,
          },
          problems: [
            ...plan.errors.map((p) => problemView(geo, p, raw, fixed(p))),
            ...plan.warnings.map((p) => problemView(geo, p, raw, null)),
          ],
          repairs: [],
          diff: null,
          stats: null,
          token: null,
        },
        200,
      );
    }
    if (!plan.ok) throw notImportable(plan);
    // Repairs are listed whole below; the warnings carry only the first of them.
    const warnings = plan.warnings.filter((p) => !(p.featureIndex !== null && geo.REPAIR_PROBLEM_CODES.has(p.code)));
    const { diff } = plan;
    return c.json(
      {
        ...base,
        provinceName: plan.province.name,
        ok: true,
        counts: {
          errors: 0,
          warnings: warnings.length,
          repairs: plan.repairs.length,
          added: diff.added.length,
          removed: diff.removed.length,
          changed: diff.changed.length,
          unchanged: diff.unchanged,
        },
        problems: warnings.map((p) => problemView(geo, p, raw, null)),
        repairs: plan.repairs.map((r) => repairView(geo, r)),
        diff: {
          added: diff.added.map((c) => brief(geo, c)),
          removed: diff.removed.map((c) => brief(geo, c)),
          changed: diff.changed.map(geo.summariseChange),
          unchanged: diff.unchanged,
        },
        stats: {
          verticesBefore: plan.stats.verticesBefore,
          verticesAfter: plan.stats.verticesAfter,
          toleranceMeters: plan.stats.toleranceMeters,
        },
        token: `${fileToken(sha, options)}.${storedFingerprint(existing)}`,
      },
      200,
    );
  });

  app.openapi({ ...importBoundariesRoute, middleware: [limit] }, async (c) => {
    const query = c.req.valid("query");
    const province = adminProvince(c, query);
    const geo = engine();
    if (!query.token) throw problem("invalid-request", { detail: "query token: the preview's token is required" });
    const { parsed, sha } = await readFile(c);
    const options = optionsOf(province, query);
    const [forFile, forStored] = query.token.split(".");
    if (forFile !== fileToken(sha, options))
      throw problem("boundary-token-mismatch", {
        detail: "this token is not the preview's of this file with these options; preview the file again",
      });
    const existing = await deps.registry.getProvince(province);
    if (forStored !== storedFingerprint(existing))
      throw problem("boundary-preview-stale", {
        detail: `the stored boundaries of province ${province} changed since the preview; preview the file again`,
      });
    const plan = await geo.planBoundaryImport(parsed, { getProvince: async () => existing }, options);
    if (!plan.ok && plan.reason === "invalid")
      throw problem("boundaries-invalid", {
        detail: `${plan.errors.length} error(s) in the file; nothing was written`,
        extensions: { problems: plan.errors.slice(0, 20).map((p) => problemView(geo, p, rawFeatures(parsed), null)) },
      });
    if (!plan.ok) throw notImportable(plan);
    const { diff } = plan;
    if (diff.removed.length > 0 && query.allowRemovals !== "true")
      throw problem("boundary-removals-unconfirmed", {
        detail: `the import removes ${diff.removed.length} stored commune(s) (listed by the preview); send allowRemovals=true to confirm`,
      });
    await geo.writeBoundaryImport(deps.registry, plan);
    registry.invalidate(province);
    const report = {
      province,
      provinceName: plan.province.name,
      communes: plan.province.communes.length,
      added: diff.added.length,
      removed: diff.removed.length,
      changed: diff.changed.length,
      unchanged: diff.unchanged,
      repairs: plan.repairs.length,
    };
    await recordAudit(deps, c, c.get("principal") as Principal, {
      province,
      action: "boundary.import",
      objectType: "province",
      objectId: province,
      before: existing ? { name: existing.name, communes: existing.communes.length } : undefined,
      after: { ...report, sha256: sha, repair: options.repair, removedCodes: diff.removed.map((r) => r.code) },
    });
    deps.logger.info("boundaries imported", { by: (c.get("principal") as Principal).username, ...report });
    return c.json(report, 200);
  });

  return app;
}

/**
 * Planner routes (docs/GAPS.md): the coverage-gap ranking with CSV and GeoJSON exports, the
 * commune digital-transformation index, and saved, shareable scenarios. Scoring lives in
 * `@ioc/core`; these handlers only read the registry and latest values and shape the answer.
 */
import { randomUUID } from "node:crypto";
import {
  createScenarioRoute,
  dxIndexRoute,
  type gapsQuerySchema,
  gapsRoute,
  scenarioBodySchema,
  scenarioRoute,
  scenariosRoute,
} from "@ioc/contract";
import {
  applyScenario,
  type CommuneGap,
  type CommuneMetricValue,
  CSV_COMMA,
  CSV_SEMICOLON,
  type CsvStyle,
  can,
  compareDxIndex,
  computeDxIndex,
  computeGaps,
  csvField,
  exportFilename,
  exportTableCsv,
  type GapFilter,
  gapExportTable,
  gapFilterSchema,
  gapReasons,
  METRICS,
  type Principal,
  type SavedScenario,
  type ScenarioStore,
  vnDayStart,
} from "@ioc/core";
import type { Context } from "hono";
import type { z } from "zod";
import { recordAudit } from "./audit-recorder.js";
import { assertCan } from "./auth/require-user.js";
import type { ApiDeps } from "./deps.js";
import { OpenAPIHono } from "./openapi-hono.js";
import { problem } from "./problem.js";
import type { createRegistryCache, IndexedProvince } from "./registry-cache.js";
import { parseJsonOrProblem, parseOrProblem } from "./validation.js";

type GapsEnv = { Variables: { principal?: Principal } };

/** The filters of a gaps query, validated by core's schema (so the API and the core agree). */
export function gapFilterOf(
  query: Pick<z.infer<typeof gapsQuerySchema>, "terrain" | "border" | "extremelyDisadvantaged" | "minPopulation">,
): GapFilter {
  const raw: Record<string, unknown> = {};
  if (query.terrain !== undefined) raw.terrain = query.terrain.split(",").map((t) => t.trim());
  if (query.border !== undefined) raw.border = query.border;
  if (query.extremelyDisadvantaged !== undefined) raw.extremelyDisadvantaged = query.extremelyDisadvantaged;
  if (query.minPopulation !== undefined) raw.minPopulation = query.minPopulation;
  return parseOrProblem(gapFilterSchema, raw, "query");
}

// The reasons line and the export table live in core (gap-export.ts), shared with the dashboard's XLSX.
// RFC 4180 quoting plus OWASP formula neutralisation: one writer for every CSV export, in core.
export { csvField, gapReasons };

/**
 * The ranking as CSV: a BOM so Excel reads UTF-8, bilingual headers, CRLF line ends (RFC 4180),
 * an as-of column; `;` with decimal commas when the reader's Excel is set to Vietnamese.
 */
export function gapsCsv(entries: readonly CommuneGap[], asOf: number, style: CsvStyle = CSV_COMMA): string {
  return exportTableCsv(gapExportTable(entries, asOf), style);
}

function principalOf(c: Context<GapsEnv>): Principal {
  const principal = c.get("principal");
  if (!principal) throw problem("unauthorized", { detail: "this action needs a signed-in user" });
  return principal;
}

/** Checks a permission when the app runs with identity; apps built without it (other tests) skip it. */
function check(c: Context<GapsEnv>, permission: "gaps:read" | "gaps:export" | "scenarios:write", province: string) {
  const principal = c.get("principal");
  if (principal) assertCan(principal, permission, province);
}

/** The planner routes; mount at `/v1`. */
export function gapsRoutes(deps: ApiDeps, registry: ReturnType<typeof createRegistryCache>) {
  const app = new OpenAPIHono<GapsEnv>();

  const loadProvince = async (code: string | undefined): Promise<IndexedProvince> => {
    const provinceCode = code ?? deps.defaultProvince;
    const province = await registry.get(provinceCode);
    if (!province) throw problem("province-not-found", { detail: `no registry for province ${provinceCode}` });
    return province;
  };
  const scenarioStore = (): ScenarioStore => {
    if (!deps.scenarios) throw problem("scenarios-unavailable", { detail: "this deployment stores no scenarios" });
    return deps.scenarios;
  };
  // The result respects the planner's filters: only the communes the ranking shows are ranked and listed.
  const scenarioView = async (saved: SavedScenario, filter: GapFilter) => {
    const province = await loadProvince(saved.province);
    const latest = await deps.latest.listProvince(province.code);
    const result = applyScenario(province.communes, latest, saved.scenario, { filter });
    return { ...saved, createdAt: new Date(saved.createdAt).toISOString(), result };
  };

  app.openapi(gapsRoute, async (c) => {
    const query = c.req.valid("query");
    const filter = gapFilterOf(query);
    const province = await loadProvince(query.province);
    check(c, query.format === "json" ? "gaps:read" : "gaps:export", province.code);
    const ranking = computeGaps(province.communes, await deps.latest.listProvince(province.code), { filter });
    const header = { code: province.code, name: province.name, synthetic: province.synthetic };
    const asOf = deps.clock();
    const stem = `khoang-trong-phu-song-${province.code}`;
    if (query.format !== "json")
      await recordAudit(deps, c, principalOf(c), {
        province: province.code,
        action: "export.gaps",
        objectType: "gaps",
        objectId: `${province.code}.${query.format}`,
        after: { query: { ...query }, rows: ranking.entries.length },
      });
    if (query.format === "csv") {
      const style = query.separator === "semicolon" ? CSV_SEMICOLON : CSV_COMMA;
      return c.body(gapsCsv(ranking.entries, asOf, style), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${exportFilename(stem, asOf, "csv")}"`,
      });
    }
    if (query.format === "geojson") {
      const collection = {
        type: "FeatureCollection",
        province: header,
        generatedAt: new Date(asOf).toISOString(),
        filter: ranking.filter,
        weights: ranking.weights,
        features: ranking.entries.map((entry) => {
          const commune = province.byCode.get(entry.code);
          return {
            type: "Feature",
            id: Number(entry.code),
            properties: {
              ...entry,
              reasons: { vi: gapReasons(entry, "vi"), en: gapReasons(entry, "en") },
            },
            geometry: commune?.geometry ?? null,
          };
        }),
      };
      return c.body(JSON.stringify(collection), 200, {
        "content-type": "application/geo+json; charset=utf-8",
        "content-disposition": `attachment; filename="${exportFilename(stem, asOf, "geojson")}"`,
      });
    }
    return c.json({ province: header, generatedAt: new Date(deps.clock()).toISOString(), ...ranking });
  });

  app.openapi(dxIndexRoute, async (c) => {
    const { province: code, compareDays } = c.req.valid("query");
    const province = await loadProvince(code);
    const now = deps.clock();
    const index = computeDxIndex(province.communes, await deps.latest.listProvince(province.code), { at: now });
    const header = { code: province.code, name: province.name, synthetic: province.synthetic };
    if (compareDays === undefined)
      return c.json({ province: header, generatedAt: new Date(now).toISOString(), ...index });
    // The earlier snapshot: each commune's mean of each metric on that Vietnamese day, from the
    // hour buckets the processor keeps (exact: each reading is counted once, see the processor).
    const day = vnDayStart(now) - compareDays * 86_400_000;
    const past: CommuneMetricValue[] = [];
    await Promise.all(
      METRICS.map(async (metric) => {
        const stats = await deps.dashboard.getDayStats(province.code, metric.key, day);
        for (const [commune, hours] of Object.entries(stats)) {
          const all = Object.values(hours);
          const count = all.reduce((s, h) => s + h[0], 0);
          if (count > 0) past.push({ commune, metric: metric.key, value: all.reduce((s, h) => s + h[1], 0) / count });
        }
      }),
    );
    const before = computeDxIndex(province.communes, past, { at: day });
    return c.json({
      province: header,
      generatedAt: new Date(now).toISOString(),
      ...index,
      change: compareDxIndex(before, index),
    });
  });

  app.openapi(createScenarioRoute, async (c) => {
    const principal = principalOf(c);
    const query = c.req.valid("query");
    const filter = gapFilterOf(query);
    const province = await loadProvince(query.province);
    assertCan(principal, "scenarios:write", province.code);
    const scenario = parseOrProblem(scenarioBodySchema, parseJsonOrProblem(await c.req.text()), "body");
    const saved: SavedScenario = {
      id: randomUUID().replaceAll("-", ""),
      owner: principal.subject,
      ownerName: principal.username,
      province: province.code,
      createdAt: deps.clock(),
      scenario,
    };
    await scenarioStore().put(saved);
    // Saving is what makes the shareable link: the id is the link.
    await recordAudit(deps, c, principal, {
      province: province.code,
      action: "scenario.share",
      objectType: "scenario",
      objectId: saved.id,
      after: { name: scenario.name ?? null, sites: scenario.sites.length },
    });
    return c.json(await scenarioView(saved, filter), 201, { location: `/v1/scenarios/${saved.id}` });
  });

  app.openapi(scenariosRoute, async (c) => {
    const principal = principalOf(c);
    const list = await scenarioStore().listByOwner(principal.subject);
    return c.json({
      scenarios: list.map((s) => ({
        id: s.id,
        name: s.scenario.name ?? null,
        province: s.province,
        sites: s.scenario.sites.length,
        createdAt: new Date(s.createdAt).toISOString(),
      })),
    });
  });

  app.openapi(scenarioRoute, async (c) => {
    const principal = principalOf(c);
    const { id } = c.req.valid("param");
    const filter = gapFilterOf(c.req.valid("query"));
    assertCan(principal, "gaps:read");
    const saved = await scenarioStore().get(id);
    // The same answer for "no such id" and "another province's": an id must not reveal a province.
    if (!saved || !can(principal, "gaps:read", saved.province))
      throw problem("scenario-not-found", { detail: `no scenario ${id}` });
    return c.json(await scenarioView(saved, filter));
  });

  return app;
}

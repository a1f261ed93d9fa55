/**
 * `npm run bench:history`: the two history reads the dashboard makes, on a throwaway in-memory
 * DynamoDB Local, through the real HTTP app (routing, validation, JSON) and through the store:
 *  1. a province trend over five years: `GET /v1/history/province?from=…&to=…` over 60 month
 *     items, each holding all 19 metrics' days as the processor writes them (~15 KB);
 *  2. a day's values for 3,321 communes: `GET /v1/history/communes?date=…` of one day item holding
 *     3,321 communes' statistics (the national count in one item: the worst case of its size);
 *  3. the demo's synthetic past as `npm start` loads it on first start (in the background).
 * Each read is timed once cold (the first, right after the writes) and then warm (median and p95
 * of 30, after 5 untimed). Baseline in the same run: a GetItem of a tiny item, the round-trip floor.
 * Goals: each read under 100 ms warm. Ends with one `BENCH history {…}` line.
 */
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { createApp } from "@ioc/api";
import {
  type Commune,
  type DayStats,
  type DayValues,
  generateDemoProvince,
  METRICS,
  monthsBetween,
  type ProvinceMonth,
  vnDate,
  vnDayStart,
} from "@ioc/core";
import { ensureDemoHistory, freePort, startDynamoLocal } from "@ioc/local";
import {
  batchWrite,
  createDynamoStores,
  dayValuesCodec,
  ensureTables,
  provinceMonthCodec,
  tableNamesFor,
} from "@ioc/store";
import { storeLine } from "./bench-store.js";

const DAY = 86_400_000;
const COMMUNES = 3321;
const GOAL_MS = 100;
const WARM_RUNS = 30;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
};
const round = (x: number) => Math.round(x * 10) / 10;

async function timed(run: () => Promise<unknown>) {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

async function measure(run: () => Promise<unknown>) {
  const cold = await timed(run);
  for (let i = 0; i < 5; i++) await run();
  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) warm.push(await timed(run));
  return { coldMs: round(cold), warmMedianMs: round(quantile(warm, 0.5)), warmP95Ms: round(quantile(warm, 0.95)) };
}

async function main() {
  const port = await freePort();
  const dynamo = await startDynamoLocal({ port });
  try {
    const tables = tableNamesFor("bench-history");
    await ensureTables(dynamo.client, tables);
    const deps = { client: dynamo.client, tables };
    const stores = createDynamoStores(deps);
    const now = Date.now();
    const today = vnDayStart(now);

    // 1. Five years of province months, all 19 metrics (what the processor and imports write).
    const from = today - 5 * 365 * DAY;
    const months: ProvinceMonth[] = monthsBetween(from, today).map((month) => ({
      province: "98",
      month,
      values: Object.fromEntries(
        METRICS.map((m, i) => [
          m.key,
          Object.fromEntries(
            Array.from({ length: 28 }, (_, d) => [String(d + 1).padStart(2, "0"), [40 + i + d / 10, 121, "s"]]),
          ),
        ]),
      ) as ProvinceMonth["values"],
    }));
    await batchWrite(
      dynamo.client,
      tables.history,
      months.map((m) => ({ PutRequest: { Item: marshall({ ...provinceMonthCodec.toItem(m), version: 1 }) } })),
    );
    const monthBytes = JSON.stringify(months[0]).length;

    // 2. One day of 3,321 communes' statistics, with reading keys as sources send them.
    const communes: Array<Pick<Commune, "code" | "population">> = Array.from({ length: COMMUNES }, (_, i) => ({
      code: String(10_000 + i),
      population: 5_000 + i,
    }));
    const day = today - DAY;
    const stats: Record<string, DayStats> = {};
    for (const [i, c] of communes.entries())
      stats[c.code] = [24, 24 * 71.3, 60.1, 88.4, 70 + (i % 30) / 3, day + 80_000_000, `demo-simulator/mk3x9a-${i}`];
    const dayItem: DayValues = {
      province: "97",
      metric: "net.coverage_4g",
      dayStart: day,
      stats,
      imported: {},
      applied: { s: "123456789012345678901" },
    };
    const item = marshall({ ...dayValuesCodec.toItem(dayItem), version: 1 });
    await dynamo.client.send(new PutItemCommand({ TableName: tables.history, Item: item }));
    const dayBytes = JSON.stringify(dayItem).length;
    await dynamo.client.send(
      new PutItemCommand({ TableName: tables.history, Item: marshall({ pk: "BENCH", sk: "TINY", v: 1 }) }),
    );

    const app = createApp({ ...stores, clock: () => now, logger: { info() {}, error() {} }, defaultProvince: "99" });
    // The registry the routes check the province against: communes without boundaries suffice.
    const registryOf = (code: string, n: number) => ({
      code,
      name: `Tỉnh ${code}`,
      synthetic: true,
      communes: communes.slice(0, n).map((c) => ({
        ...generateDemoProvince().communes[0],
        ...c,
        provinceCode: code,
      })) as Commune[],
    });
    await stores.registry.putProvince(registryOf("98", 121));
    await stores.registry.putProvince(registryOf("97", COMMUNES));
    const get = async (path: string) => {
      const res = await app.request(path);
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const trendPath = `/v1/history/province?province=98&metric=net.coverage_4g&from=${vnDate(from)}&to=${vnDate(today)}`;
    const trendPoints = ((await get(trendPath)) as { points: unknown[] }).points.length;
    const dayPath = `/v1/history/communes?province=97&metric=net.coverage_4g&date=${vnDate(day)}`;
    const dayValues = Object.keys(((await get(dayPath)) as { values: object }).values).length;
    // A route that reads nothing would time an empty answer: refuse to report it.
    if (trendPoints === 0 || dayValues === 0)
      throw new Error(`the seeded history was not read back (trend ${trendPoints} points, day ${dayValues} values)`);

    const baseline = await measure(() =>
      dynamo.client.send(new GetItemCommand({ TableName: tables.history, Key: marshall({ pk: "BENCH", sk: "TINY" }) })),
    );
    const trend = await measure(() => get(trendPath));
    const trendStore = await measure(() => stores.history.provinceDays("98", "net.coverage_4g", from, today));
    const communesDay = await measure(() => get(dayPath));
    const communesDayStore = await measure(() => stores.history.communeDay("97", "net.coverage_4g", day));

    // 3. The demo's synthetic past, as a first `npm start` loads it, then a restart's check.
    const demo = generateDemoProvince();
    await stores.registry.putProvince(demo);
    const first = await ensureDemoHistory(stores, demo, Date.now);
    const again = await ensureDemoHistory(stores, demo, Date.now);

    const figures = {
      store: "in-memory DynamoDB Local",
      state: "cold, then warmed by 5 untimed reads",
      baselineGetItemMs: baseline.warmMedianMs,
      provinceTrend5y: {
        ...trend,
        store: trendStore,
        points: trendPoints,
        monthItems: months.length,
        monthItemBytes: monthBytes,
      },
      communesDay: { ...communesDay, store: communesDayStore, communes: dayValues, itemBytes: dayBytes },
      demoPast: { rows: first.rows, loadMs: first.ms, restartCheckMs: again.ms, reloaded: again.loaded },
      goalMs: GOAL_MS,
      ok: trend.warmMedianMs < GOAL_MS && communesDay.warmMedianMs < GOAL_MS,
    };
    console.log(
      storeLine("history", {
        store: "in-memory DynamoDB Local",
        state: "warmed",
        note: "each read timed once cold right after the writes, then warm after 5 untimed reads",
      }),
    );
    console.log(`round-trip floor (GetItem of a tiny item): ${baseline.warmMedianMs} ms warm median`);
    console.log(
      `province trend, 5 years (${trendPoints} daily points from ${months.length} month items of ~${Math.round(monthBytes / 1024)} KB): cold ${trend.coldMs} ms, warm median ${trend.warmMedianMs} ms, p95 ${trend.warmP95Ms} ms (store alone ${trendStore.warmMedianMs} ms)`,
    );
    console.log(
      `a day's values for ${dayValues} communes (one item of ~${Math.round(dayBytes / 1024)} KB): cold ${communesDay.coldMs} ms, warm median ${communesDay.warmMedianMs} ms, p95 ${communesDay.warmP95Ms} ms (store alone ${communesDayStore.warmMedianMs} ms)`,
    );
    console.log(
      `demo synthetic past (first start, in the background): ${first.rows} values in ${first.ms} ms; a restart's check ${again.ms} ms, reloaded: ${again.loaded}`,
    );
    console.log(`goal: each read under ${GOAL_MS} ms warm — ${figures.ok ? "met" : "NOT met"}`);
    console.log(`BENCH history ${JSON.stringify(figures)}`);
  } finally {
    await dynamo.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

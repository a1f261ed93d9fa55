/**
 * `ioc history import` against DynamoDB Local: a file with bad rows is refused with every row
 * located and stores nothing; a good file stores days the API reads back; an import that would
 * alarm as live data writes nothing to the readings stream and no alert.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { generateDemoProvince, vnDateStart } from "@ioc/core";
import { type DynamoLocal, freePort, startDynamoLocal } from "@ioc/local";
import {
  createDynamoStores,
  createHistoryStore,
  createStateStore,
  ENTITY,
  ensureTables,
  type TableNames,
  tableNamesFor,
} from "@ioc/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli.js";

const NOW = Date.parse("2026-11-22T08:00:00Z");
let dynamo: DynamoLocal;
let dir: string;
const tables = tableNamesFor("it-history");
let stores: ReturnType<typeof createDynamoStores>;
const province = generateDemoProvince();
const [a, b] = province.communes as [(typeof province.communes)[number], (typeof province.communes)[number]];

beforeAll(async () => {
  dynamo = await startDynamoLocal({ port: await freePort() });
  await ensureTables(dynamo.client, tables);
  stores = createDynamoStores({ client: dynamo.client, tables });
  await stores.registry.putProvince(province);
  dir = await mkdtemp(join(tmpdir(), "ioc-history-"));
}, 120_000);
afterAll(async () => {
  await dynamo?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function cliOn(on: TableNames, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, async () => ({
    stores: createDynamoStores({ client: dynamo.client, tables: on }),
    dynamo: { client: dynamo.client, tables: on },
    clock: () => NOW,
    close: async () => {},
  }));
  return { code, out: out.join("\n"), err: err.join("\n") };
}
const cli = (...argv: string[]) => cliOn(tables, ...argv);

async function scan(table: string) {
  const { Items } = await dynamo.client.send(new ScanCommand({ TableName: table }));
  return (Items ?? []).map((i) => unmarshall(i));
}

const csv = async (name: string, rows: string[]) => {
  const path = join(dir, name);
  await writeFile(path, ["commune,metric,value,observedAt", ...rows].join("\n"));
  return path;
};

describe("ioc history import", () => {
  it("refuses a file with bad rows, locating each, and stores nothing", async () => {
    const path = await csv("bad.csv", [
      `${a.code},net.coverage_4g,40,2023-05-01T10:00:00+07:00`,
      `${a.code},net.coverage_4g,400,2023-05-02T10:00:00+07:00`,
      `00000,net.coverage_4g,40,2023-05-02T10:00:00+07:00`,
      `${b.code},net.bts_down,2.5,2023-05-02T10:00:00+07:00`,
      `${b.code},net.bts_down,2,2026-11-23T10:00:00+07:00`,
    ]);
    const result = await cli("history", "import", path, "--province", "99", "--lang", "en");
    expect(result.code).toBe(1);
    expect(result.err).toContain("✖ [value-out-of-range] line 3:");
    expect(result.err).toContain("✖ [unknown-commune] line 4:");
    expect(result.err).toContain("✖ [value-not-integer] line 5:");
    expect(result.err).toContain("✖ [observed-in-future] line 6:");
    expect(result.err).toContain("4 bad row(s); nothing was stored");
    expect(await scan(tables.history)).toEqual([]);
    expect(await scan(tables.state)).toEqual([]);
    expect(await scan(tables.readings)).toEqual([]);
  });

  it("stores a good file once (a second import changes nothing), and raises no live alert", async () => {
    // Values that would alarm as live readings: no 4G at all, many base stations down.
    const path = await csv("good.csv", [
      `${a.code},net.coverage_4g,0,2023-05-01T10:00:00+07:00`,
      `${b.code},net.coverage_4g,90,2023-05-01T10:00:00+07:00`,
      `${a.code},net.bts_down,40,2023-05-01T10:00:00+07:00`,
      `${a.code},net.coverage_4g,10,2024-12-31T23:00:00+07:00`,
    ]);
    const first = await cli("history", "import", path, "--province", "99");
    expect(first.code).toBe(0);
    expect(first.out).toContain("Đã nhập 4 giá trị vào 3 ngày × chỉ số của tỉnh 99 (2023-05-01 – 2024-12-31)");
    const historyAfter = await scan(tables.history);
    const again = await cli("history", "import", path, "--province", "99");
    expect(again.code).toBe(0);
    // Same items, same versions: the second import wrote nothing.
    expect((await scan(tables.history)).map((i) => [i.pk, i.sk, i.version]).sort()).toEqual(
      historyAfter.map((i) => [i.pk, i.sk, i.version]).sort(),
    );
    // Only history entities, in the History table: nothing on the readings stream, nothing in
    // State (whose stream live clients follow), no panel, no alert.
    expect(new Set(historyAfter.map((i) => i.entity))).toEqual(new Set([ENTITY.dayValues, ENTITY.provinceMonth]));
    expect(await scan(tables.state)).toEqual([]);
    expect(await scan(tables.readings)).toEqual([]);
    expect(await createStateStore({ client: dynamo.client, tables }).listAlerts("99")).toEqual([]);

    const day = await stores.history.communeDay("99", "net.coverage_4g", vnDateStart("2023-05-01"));
    expect(day).toEqual({ [a.code]: { value: 0, source: "import" }, [b.code]: { value: 90, source: "import" } });
    const trend = await stores.history.provinceDays(
      "99",
      "net.coverage_4g",
      vnDateStart("2023-01-01"),
      vnDateStart("2024-12-31"),
    );
    const weighted = (0 * a.population + 90 * b.population) / (a.population + b.population);
    expect(trend.map((p) => [p.t, p.count, p.source])).toEqual([
      [vnDateStart("2023-05-01"), 2, "import"],
      [vnDateStart("2024-12-31"), 1, "import"],
    ]);
    expect(trend[0]?.value).toBeCloseTo(weighted, 9);
    expect(trend[1]?.value).toBe(10);
    // A commune's daily series beyond the hour buckets reads these days (the series route, step=1d).
    const series = await stores.history.communeDays(
      "99",
      "net.coverage_4g",
      a.code,
      vnDateStart("2023-01-01"),
      vnDateStart("2024-12-31"),
    );
    expect(series).toEqual([
      { dayStart: vnDateStart("2023-05-01"), count: 1, sum: 0, min: 0, max: 0 },
      { dayStart: vnDateStart("2024-12-31"), count: 1, sum: 10, min: 10, max: 10 },
    ]);
  });

  it("checks without writing on --dry-run, and names a missing province", async () => {
    const path = await csv("dry.csv", [`${a.code},net.coverage_4g,55,2022-01-01T10:00:00+07:00`]);
    const dry = await cli("history", "import", path, "--province", "99", "--dry-run", "--lang", "en");
    expect(dry.out).toContain("dry run, nothing stored");
    expect(await stores.history.communeDay("99", "net.coverage_4g", vnDateStart("2022-01-01"))).toEqual({});
    const missing = await cli("history", "import", path, "--province", "12", "--lang", "en");
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("Province 12 is not in the registry");
  });
});

describe("ioc history move", () => {
  it("carries a store's series from State to History once, leaving what live clients follow", async () => {
    const on = tableNamesFor("it-history-move");
    await ensureTables(dynamo.client, on);
    await createDynamoStores({ client: dynamo.client, tables: on }).registry.putProvince(province);
    // A store from before the History table: its series were written to State.
    const legacy = { client: dynamo.client, tables: { ...on, history: on.state } };
    await createHistoryStore(legacy).importRows(
      "99",
      province.communes,
      [
        { commune: a.code, metric: "net.coverage_4g", value: 40, observedAt: Date.parse("2023-05-01T10:00:00+07:00") },
        { commune: b.code, metric: "net.coverage_4g", value: 80, observedAt: Date.parse("2023-05-01T11:00:00+07:00") },
      ],
      "import",
    );
    const put = (table: string, item: Record<string, unknown>) =>
      dynamo.client.send(new PutItemCommand({ TableName: table, Item: marshall(item) }));
    const bucket = {
      pk: "P#99#M#net.coverage_4g#H",
      sk: "2026-11-22T07:00:00.000Z",
      entity: ENTITY.hourBucket,
      version: 3,
    };
    const panel = { pk: "P#99#LATEST", sk: "net.coverage_4g", entity: ENTITY.latestPanel, version: 7 };
    await put(on.state, bucket);
    await put(on.state, panel);
    const before = await scan(on.state);
    expect(before.map((i) => i.entity).sort()).toEqual(
      [ENTITY.dayValues, ENTITY.hourBucket, ENTITY.latestPanel, ENTITY.provinceMonth].sort(),
    );

    const moved = await cliOn(on, "history", "move", "--lang", "en");
    expect(moved.code).toBe(0);
    expect(moved.out).toBe("Moved 3 items from it-history-move-state to it-history-move-history.");
    // The panel stays in State; the series are in History exactly as they were.
    expect(await scan(on.state)).toEqual([panel]);
    const byKey = (items: Array<Record<string, unknown>>) => items.map((i) => JSON.stringify(i)).sort();
    expect(byKey(await scan(on.history))).toEqual(byKey(before.filter((i) => i.entity !== ENTITY.latestPanel)));
    // And the history store reads them where it now looks.
    const history = createHistoryStore({ client: dynamo.client, tables: on });
    expect(await history.communeDay("99", "net.coverage_4g", vnDateStart("2023-05-01"))).toEqual({
      [a.code]: { value: 40, source: "import" },
      [b.code]: { value: 80, source: "import" },
    });

    // Again: nothing left to move.
    const again = await cliOn(on, "history", "move");
    expect(again.code).toBe(0);
    expect(again.out).toBe("Đã chuyển 0 mục từ it-history-move-state sang it-history-move-history.");

    // An item History already has (a processor wrote it meanwhile) is never overwritten: it stays in State, named.
    await put(on.state, { ...bucket, version: 1 });
    const conflict = await cliOn(on, "history", "move", "--lang", "en");
    expect(conflict.code).toBe(1);
    expect(conflict.err).toContain(`✖ ${bucket.pk} ${bucket.sk}`);
    expect(conflict.err).toContain("1 item(s) already in it-history-move-history were left in it-history-move-state");
    expect((await scan(on.history)).find((i) => i.sk === bucket.sk)?.version).toBe(3);
    expect((await scan(on.state)).find((i) => i.sk === bucket.sk)?.version).toBe(1);
  });
});

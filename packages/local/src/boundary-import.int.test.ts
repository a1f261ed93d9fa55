/**
 * The dashboard's boundary import (issue 13 item 1) on DynamoDB Local with the real Đà Nẵng file
 * (94 communes, 3.55 MB): refused without repair for exactly its 4 self-crossing rings, each one
 * fixable by repair; previewed with repair (4 repairs, 94 communes added); imported with the
 * token, audited, and served back by /v1/communes. Skipped with a message when the file is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createApp } from "@ioc/api";
import { geoEngine } from "@ioc/geo";
import { createJwtVerifier, createLocalIssuer, demoUsers } from "@ioc/identity";
import { createDynamoStores, ensureTables, tableNamesFor } from "@ioc/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DynamoLocal, startDynamoLocal } from "./dynamo-local.js";
import { freePort } from "./net.js";

const NOW = Date.parse("2026-12-01T08:00:00Z");
const DA_NANG = resolve(import.meta.dirname, "../../../../shared/data/real-geometry/da-nang-communes-2025.geojson");
const haveDaNang = existsSync(DA_NANG);
if (!haveDaNang) console.warn(`boundary-import.int.test: skipping: ${DA_NANG} is absent`);

let dynamo: DynamoLocal;
const tables = tableNamesFor("it-bounds");

beforeAll(async () => {
  if (!haveDaNang) return;
  dynamo = await startDynamoLocal({ port: await freePort() });
  await ensureTables(dynamo.client, tables);
}, 60_000);
afterAll(async () => {
  await dynamo?.stop();
});

interface Preview {
  ok: boolean;
  token: string | null;
  counts: Record<string, number>;
  problems: Array<{
    code: string;
    severity: string;
    communeCode: string;
    communeName: string;
    ring: number;
    repairFixes: boolean;
  }>;
  repairs: Array<{ kind: string; communeCode: string }>;
  diff: { added: unknown[] } | null;
}

describe("boundary import from the dashboard, real Đà Nẵng file", () => {
  it.skipIf(!haveDaNang)(
    "refuses it without repair for exactly the 4 self-crossing rings, previews it with repair, imports it with the token",
    async () => {
      const stores = createDynamoStores({ client: dynamo.client, tables });
      const clock = () => NOW;
      const issuer = await createLocalIssuer({ users: await demoUsers("demo"), clock, ttlSeconds: 3600 });
      const verifier = createJwtVerifier({
        jwks: issuer.keys,
        issuer: issuer.issuer,
        audience: issuer.audience,
        clock,
      });
      const app = createApp({
        ...stores,
        clock,
        logger: { info() {}, error() {} },
        defaultProvince: "48",
        auth: { verifier, issuer },
        geo: geoEngine,
      });
      const { token } = await issuer.issue({
        subject: "t:admin",
        username: "admin-48",
        role: "admin",
        provinces: ["48"],
      });
      const body = readFileSync(DA_NANG);
      const post = (path: string) =>
        app.request(path, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/geo+json" },
          body,
        });
      const name = encodeURIComponent("Thành phố Đà Nẵng");

      const refusedAt = Date.now();
      const refusedResponse = await post(`/v1/boundaries/preview?province=48&name=${name}`);
      expect(refusedResponse.status).toBe(200);
      const refused = (await refusedResponse.json()) as Preview;
      console.info(`preview without repair (with the repair check): ${Date.now() - refusedAt} ms`);
      expect(refused.ok).toBe(false);
      const errors = refused.problems.filter((p) => p.severity === "error");
      expect(errors.map((p) => [p.code, p.communeCode, p.ring, p.repairFixes])).toEqual([
        ["self-intersection", "20197", 0, true],
        expect.arrayContaining(["self-intersection", 0, true]),
        expect.arrayContaining(["self-intersection", 0, true]),
        expect.arrayContaining(["self-intersection", 0, true]),
      ]);
      expect(errors[0]?.communeName).toBe("Phường Liên Chiểu");
      expect(refused.token).toBeNull();

      const previewAt = Date.now();
      const preview = (await (
        await post(`/v1/boundaries/preview?province=48&name=${name}&repair=true`)
      ).json()) as Preview;
      console.info(`preview with repair: ${Date.now() - previewAt} ms`);
      expect(preview.ok).toBe(true);
      expect(preview.counts).toMatchObject({ errors: 0, repairs: 4, added: 94, removed: 0, changed: 0 });
      expect(preview.repairs.map((r) => r.communeCode).sort()).toEqual(
        [...new Set(errors.map((p) => p.communeCode))].sort(),
      );
      expect(await stores.registry.getProvince("48")).toBeUndefined();

      const imported = await post(
        `/v1/boundaries/import?province=48&name=${name}&repair=true&token=${encodeURIComponent(preview.token as string)}`,
      );
      expect(imported.status, await imported.clone().text()).toBe(200);
      expect(await imported.json()).toMatchObject({ province: "48", communes: 94, added: 94, repairs: 4 });
      expect((await stores.registry.getProvince("48"))?.communes).toHaveLength(94);

      const trail = await stores.audit.search("48", { action: "boundary.import" }, { limit: 10 });
      expect(trail.records).toHaveLength(1);
      expect(trail.records[0]).toMatchObject({ actor: "admin-48", role: "admin", objectId: "48" });

      const communes = await app.request("/v1/communes?format=geojson&province=48", {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(((await communes.json()) as { features: unknown[] }).features).toHaveLength(94);
    },
    180_000,
  );
});

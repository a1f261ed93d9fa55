/**
 * The weekly report end to end on the local runtime (DynamoDB Local, the real renderer): readings
 * posted, the processor's indicators and an admin's target path stored, then
 * `GET /v1/reports/weekly` answers a PDF whose text, extracted with poppler's `pdftotext`, has the
 * Vietnamese right.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApiClient } from "@ioc/client";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "./net.js";
import { type Runtime, startRuntime } from "./runtime.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const dir = mkdtempSync(join(tmpdir(), "ioc-report-int-"));
let runtime: Runtime | undefined;

afterAll(async () => {
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the weekly report on the local runtime", () => {
  it("renders one Vietnamese page from the stored data", async () => {
    runtime = await startRuntime({
      port: await freePort(),
      dynamoPort: await freePort(),
      simulator: false,
      logger: silent,
      pollIdleMs: 50,
    });
    const communes = runtime.province.communes;
    const observedAt = new Date(Date.now() - 60_000).toISOString();
    const api = createApiClient({ baseUrl: runtime.url });
    const report = await api.postReadings(
      runtime.apiKey,
      communes.map((c, i) => ({
        id: `r-${c.code}`,
        commune: c.code,
        metric: "net.coverage_4g",
        value: 50 + i * 0.3,
        observedAt,
      })),
    );
    expect(report.accepted).toBe(communes.length);
    await runtime.drained();

    const admin = (await runtime.issuer.login("admin", "demo"))?.token as string;
    const put = await runtime.app.request("/v1/targets/net.coverage_4g", {
      method: "PUT",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: JSON.stringify({
        metric: "net.coverage_4g",
        level: "commune",
        baseline: { value: 80, year: 2025 },
        milestones: [{ value: 98, year: 2030 }],
        source: "Nghị quyết 09-NQ/TU về chuyển đổi số",
      }),
    });
    expect(put.status).toBe(200);

    const leader = (await runtime.issuer.login("leader", "demo"))?.token as string;
    // Its 2 s budget is `npm run bench:report`'s to measure, not a timed test's on a shared machine.
    const res = await runtime.app.request("/v1/reports/weekly?lang=vi&metric=net.coverage_4g", {
      headers: { authorization: `Bearer ${leader}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.byteLength).toBeLessThan(1024 * 1024);

    const file = join(dir, "report.pdf");
    writeFileSync(file, bytes);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    expect(text).toContain(`Báo cáo tuần — ${runtime.province.name}`);
    expect(text).toContain("Dân số được phủ sóng 4G");
    expect(text).toContain("10 xã, phường chậm nhất so với lộ trình");
    expect(text).toContain("Nghị quyết 09-NQ/TU về chuyển đổi số");
    // The furthest behind has the lowest 4G value (50 %): the first commune, by its real name.
    expect(text).toMatch(new RegExp(`1\\. ${communes[0]?.name}`));
    expect(execFileSync("pdfinfo", [file], { encoding: "utf8" })).toMatch(/Pages:\s+1\b/);
  });
});

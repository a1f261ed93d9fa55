/**
 * The operations room in headless Chromium against the local runtime: an ops operator
 * acknowledges an alert with a note and a leader's screen, in a second browser, follows live; each
 * role finds the KPI strip as DOMAIN.md has it (open for the leader, folded for ops and planners);
 * a planner sees no acknowledge button and the API refuses its POST; the commune panel opens on a
 * map click, which hides the tooltip and outlines the commune; screenshots of the console and the
 * wall screen are saved to test-artifacts/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "@ioc/local";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnabled, launchBrowser } from "./browser.js";
import { signIn, startE2eRuntime } from "./e2e-runtime.js";
import { ROOT } from "./web-build.js";

const ARTIFACTS = join(ROOT, "test-artifacts");

describe.runIf(e2eEnabled("operations-room"))("operations room in headless Chromium", () => {
  let runtime: Runtime;
  const browsers: Array<{ context: BrowserContext; close: () => Promise<void> }> = [];
  let ops: Page;
  let leader: Page;
  let alertId: string;

  beforeAll(async () => {
    runtime = await startE2eRuntime("e2eops");
    for (let k = 0; k < 2; k++) browsers.push(await launchBrowser({ width: 1600, height: 900 }));
    const [a, b] = browsers;
    if (!a || !b) throw new Error("no browser");
    ops = a.context.pages()[0] ?? (await a.context.newPage());
    leader = b.context.pages()[0] ?? (await b.context.newPage());
    await Promise.all([signIn(ops, runtime.url, "ops"), signIn(leader, runtime.url, "leader")]);
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await runtime?.stop();
  });

  it("shows a new critical alert live, and the ops operator acknowledges it with a note", async () => {
    const commune = runtime.province.communes[3];
    if (!commune) throw new Error("empty demo province");
    alertId = `bts-down:${commune.code}`;
    const response = await fetch(`${runtime.url}/v1/readings`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${runtime.apiKey}` },
      body: JSON.stringify({
        readings: [
          {
            id: "ops-1",
            commune: commune.code,
            metric: "net.bts_down",
            value: 2,
            observedAt: new Date().toISOString(),
          },
        ],
      }),
    });
    expect(response.status).toBe(202);
    const row = `[data-testid="alert-row"]:has([data-alert-id="${alertId}"])`;
    await ops.waitForSelector(`${row}[data-status="open"]`, { timeout: 10_000 });
    await leader.waitForSelector(`${row}[data-status="open"]`, { timeout: 10_000 });
    expect(await ops.textContent('[data-testid="count-critical"]')).toContain("1");
    // A new critical alert is highlighted for a moment.
    expect(await ops.getAttribute(row, "class")).toContain("fresh");
    // Keyboard: focus the row, open it with Enter.
    await ops.focus(`${row} button.alert-summary`);
    await ops.keyboard.press("Enter");
    await ops.waitForSelector(`${row} [data-testid="ack"]`);
    // A leader may watch but not act.
    expect(await leader.$(`${row} [data-testid="ack"]`)).toBeNull();
    await ops.fill(`${row} [data-testid="alert-note"]`, "Đã báo nhà mạng, đội kỹ thuật đang đến");
    writeFileSync(join(ARTIFACTS, "alerts-console.png"), await ops.screenshot());
    await ops.click(`${row} [data-testid="ack"]`);
    await ops.waitForSelector(`${row}[data-status="acknowledged"]`, { timeout: 5_000 });
    // The leader's screen follows through the live connection, without a reload.
    const started = Date.now();
    await leader.waitForSelector(`${row}:has-text("Đã tiếp nhận")`, { timeout: 5_000 });
    console.log(`e2e: the leader saw the acknowledgement ${Date.now() - started} ms after the ops screen did`);
    // The status filter narrows the list to acknowledged alerts.
    await leader.selectOption('[data-testid="filter-status"]', "acknowledged");
    await leader.waitForSelector(`${row}[data-status="acknowledged"]`);
    expect(await leader.textContent(row)).toContain("ops");
  });

  it("opens the commune panel on a map click, with every metric and its open alerts", async () => {
    const commune = runtime.province.communes[3];
    if (!commune) throw new Error("empty demo province");
    // A few hours of 4G coverage, so the panel has a series to draw.
    const hours = [5, 4, 3, 2, 1, 0];
    const history = await fetch(`${runtime.url}/v1/readings`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${runtime.apiKey}` },
      body: JSON.stringify({
        readings: hours.map((h) => ({
          id: `series-${h}`,
          commune: commune.code,
          metric: "net.coverage_4g",
          value: 60 + h * 5,
          observedAt: new Date(Date.now() - h * 3_600_000).toISOString(),
        })),
      }),
    });
    expect(history.status).toBe(202);
    // Opening the alert above switched the map to its metric (base stations down); the panel's
    // chart follows the map's metric, so come back to 4G coverage, the metric just posted.
    await ops.selectOption('[data-testid="metric-select"]', "net.coverage_4g");
    // The newest of them reaches the map live; then the hourly rollup holds them too.
    await ops.waitForFunction(
      (id) => {
        const map = window.__ioc?.map as unknown as {
          getFeatureState(f: { source: string; id: string }): { value?: number | null };
        };
        return typeof map?.getFeatureState({ source: "communes", id }).value === "number";
      },
      commune.code,
      { timeout: 10_000 },
    );
    const point = await ops.evaluate(([lng, lat]) => {
      const map = window.__ioc?.map;
      if (!map) throw new Error("no map");
      const p = map.project([lng, lat]);
      const rect = map.getCanvas().getBoundingClientRect();
      return { x: p.x + rect.left, y: p.y + rect.top };
    }, commune.labelPoint);
    // Hovering names the commune; the click that opens its panel hides that tooltip.
    await ops.mouse.move(point.x, point.y);
    await ops.waitForSelector(".tooltip");
    await ops.mouse.click(point.x, point.y);
    await ops.waitForSelector('[data-testid="commune-panel"]');
    await ops.waitForSelector(".tooltip", { state: "detached", timeout: 2_000 });
    // …and the map outlines the commune whose panel is open.
    await ops.waitForFunction(
      (code) => {
        const map = window.__ioc?.map as unknown as {
          querySourceFeatures(source: string): Array<{ properties: Record<string, unknown> }>;
        };
        return map
          .querySourceFeatures("commune-highlights")
          .some((f) => f.properties.code === code && f.properties.kind === "selected");
      },
      commune.code,
      { timeout: 5_000 },
    );
    expect(await ops.textContent('[data-testid="commune-panel"] h2')).toBe(commune.name);
    expect(await ops.textContent('[data-testid="panel-alerts"]')).toContain("Trạm BTS mất liên lạc");
    expect(await ops.textContent('[data-testid="commune-panel"]')).toContain("cập nhật");
    await ops.waitForSelector('[data-testid="sparkline"] canvas', { timeout: 5_000 });
    writeFileSync(join(ARTIFACTS, "commune-panel.png"), await ops.screenshot());
    // The 30-day view (the shared range, issue 12) asks for daily points and draws from the first
    // reading on: today's readings make one point, drawn as a point.
    await ops.click('[data-testid="range-30d"]');
    await ops.waitForSelector('[data-testid="range-30d"][aria-pressed="true"]');
    expect(await ops.textContent('[data-testid="commune-panel"] h3')).toContain("30 ngày qua");
  });

  it("gives a planner no acknowledge button, and the API answers 403 to its POST", async () => {
    await leader.click('[data-testid="sign-out"]');
    await signIn(leader, runtime.url, "planner");
    // Planners come for coverage gaps: they land on the planning view, one click from the room,
    // where the KPI strip starts folded.
    await leader.waitForSelector('[data-testid="planning-view"]', { timeout: 10_000 });
    await leader.click('[data-testid="back-to-dashboard"]');
    await leader.waitForSelector('[data-testid="kpi-folded"]', { timeout: 10_000 });
    await leader.selectOption('[data-testid="filter-status"]', "");
    const row = `[data-testid="alert-row"]:has([data-alert-id="${alertId}"])`;
    await leader.click(`${row} button.alert-summary`);
    await leader.waitForSelector(`${row} .alert-detail`);
    expect(await leader.$(`${row} [data-testid="ack"]`)).toBeNull();
    expect(await leader.$(`${row} [data-testid="resolve"]`)).toBeNull();
    const login = await fetch(`${runtime.url}/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "planner", password: "demo" }),
    });
    const { token } = (await login.json()) as { token: string };
    const refused = await fetch(`${runtime.url}/v1/alerts/${encodeURIComponent(alertId)}/resolve`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ note: "not mine to do" }),
    });
    expect(refused.status).toBe(403);
  });

  it("shows the wall screen with large type, freshness and no controls", async () => {
    // Give the layers something to show: a spread of values for every commune.
    const readings = runtime.province.communes.flatMap((c, i) =>
      ["net.coverage_4g", "gov.online_application_rate", "net.fiber_households", "soc.citizen_app_households"].map(
        (metric, m) => ({
          id: `wall-${i}-${m}`,
          commune: c.code,
          metric,
          value: 30 + ((i * 37 + m * 11) % 70),
          observedAt: new Date().toISOString(),
        }),
      ),
    );
    const posted = await fetch(`${runtime.url}/v1/readings`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${runtime.apiKey}` },
      body: JSON.stringify({ readings }),
    });
    expect(posted.status).toBe(202);
    // Let the pipeline finish first, so the wall's first snapshot already holds every value.
    await runtime.drained();
    await ops.goto(`${runtime.url}/?wall=1`);
    await ops.waitForSelector('[data-testid="wall"]');
    await ops.waitForFunction(() => window.__ioc?.ready === true, null, { timeout: 60_000 });
    await ops.waitForSelector('[data-testid="kpi"]', { timeout: 10_000 });
    // Every commune coloured before the picture is taken.
    const codes = runtime.province.communes.map((c) => c.code);
    await ops.waitForFunction(
      (all) => {
        const map = window.__ioc?.map as unknown as {
          getFeatureState(f: { source: string; id: string }): { value?: number | null };
        };
        return all.every((id) => typeof map?.getFeatureState({ source: "communes", id }).value === "number");
      },
      codes,
      { timeout: 30_000 },
    );
    expect(await ops.textContent('[data-testid="wall-freshness"]')).toMatch(/cập nhật|chưa có cập nhật/);
    expect(await ops.$("select")).toBeNull();
    writeFileSync(join(ARTIFACTS, "wall-mode.png"), await ops.screenshot());
  });

  it("gives each role the KPI strip DOMAIN.md asks for: open for the leader, folded for ops", async () => {
    // The wall test's readings made the province KPIs. The planner's screen (test 3) started
    // folded; now the leader signs in again, and the ops operator returns from the wall.
    await leader.click('[data-testid="sign-out"]');
    await signIn(leader, runtime.url, "leader");
    await leader.waitForSelector('[data-testid="kpi-strip"] [data-testid="kpi"]', { timeout: 10_000 });
    expect(await leader.$('[data-testid="kpi-folded"]')).toBeNull();
    writeFileSync(join(ARTIFACTS, "leader-dashboard.png"), await leader.screenshot());
    await ops.goto(runtime.url);
    await ops.waitForFunction(() => window.__ioc?.ready === true, null, { timeout: 60_000 });
    const folded = await ops.waitForSelector('[data-testid="kpi-folded"]', { timeout: 10_000 });
    expect(await folded.textContent()).toMatch(/Đúng tiến độ|Có nguy cơ chậm|Chậm tiến độ/);
    expect(await ops.$('[data-testid="kpi"]')).toBeNull();
    writeFileSync(join(ARTIFACTS, "ops-dashboard.png"), await ops.screenshot());
    // One click away.
    await ops.click('[data-testid="kpi-toggle"]');
    await ops.waitForSelector('[data-testid="kpi-strip"] [data-testid="kpi"]');
  });
});

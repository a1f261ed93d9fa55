/**
 * The weekly report on AWS (issue 12 item 6), synthesized offline: its own function on its own
 * route (pdfkit and the font stay out of the API's bundle), read-only access, the font files
 * copied beside the bundle, and proof that the bundled renderer draws the page with those copies
 * and nothing else (built outside the repository, where no node_modules could stand in for them).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { Api, REPORT_FONT_FILES, REPORT_ROUTE } from "./Api.js";
import { Auth } from "./Auth.js";
import { declaredAccess } from "./access.js";
import { LAMBDA_ESBUILD, lambdaPlugins } from "./bundling.js";
import { Storage } from "./Storage.js";
import {
  dynamoAccess,
  environmentOf,
  functionProps,
  logicalIdOf,
  permissionsOf,
  resourcesOf,
  type Synthesized,
  synthesize,
} from "./test-support.js";

const ROOT = resolve(import.meta.dirname, "..");
let synth: Synthesized;

beforeAll(async () => {
  synth = await synthesize("prod", [Storage, Auth, Api]);
});

/** The newest SST build of `file` under .sst/artifacts (what a deploy would upload). */
function newestArtifact(file: string): string {
  const artifacts = join(ROOT, ".sst/artifacts");
  const found = readdirSync(artifacts)
    .map((dir) => join(artifacts, dir))
    .filter((dir) => {
      try {
        return statSync(join(dir, file)).isFile();
      } catch {
        return false;
      }
    })
    .sort((a, b) => statSync(join(b, file)).mtimeMs - statSync(join(a, file)).mtimeMs);
  expect(found.length, file).toBeGreaterThan(0);
  return found[0] as string;
}

describe("the weekly report function", () => {
  it("serves GET /v1/reports/weekly, behind the reader authorizer, with room to draw a page", () => {
    const template = synth.template(Api);
    const reportId = logicalIdOf(template, "AWS::Lambda::Function", "ReportFunction");
    expect(functionProps(template, "ReportFunction")).toMatchObject({
      Handler: "functions/report.handler",
      Runtime: "nodejs22.x",
      MemorySize: 1024,
      Timeout: 30,
    });
    const route = Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Route")).find(
      (r) => r.Properties.RouteKey === REPORT_ROUTE,
    );
    expect(route?.Properties.AuthorizationType).toBe("CUSTOM");
    const target = JSON.stringify(route?.Properties.Target);
    const integration = Object.entries(resourcesOf(template, "AWS::ApiGatewayV2::Integration")).find(([id]) =>
      target.includes(id),
    );
    expect(JSON.stringify(integration?.[1].Properties.IntegrationUri)).toContain(reportId);
    expect(Object.keys(environmentOf(template, "ReportFunction"))).toEqual(
      expect.arrayContaining([
        "READINGS_TABLE",
        "STATE_TABLE",
        "HISTORY_TABLE",
        "CONTROL_TABLE",
        "DEFAULT_PROVINCE",
        "USER_POOL_ID",
      ]),
    );
  });

  it("only reads: its DynamoDB access is access.ts's, with no write and no secret", () => {
    const { statements } = permissionsOf(synth.template(Api), "ReportFunction");
    expect(dynamoAccess(statements)).toEqual(declaredAccess("report"));
    expect(Object.values(declaredAccess("report")).flat()).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/Put|Update|Delete|Write/)]),
    );
    expect(JSON.stringify(statements)).not.toContain("secretsmanager");
  });

  it("ships the two font files beside its bundle, and the API's bundle carries neither pdfkit nor the font", () => {
    const dir = newestArtifact("functions/report.mjs");
    for (const file of REPORT_FONT_FILES) {
      expect(statSync(join(dir, file)).size, file).toBe(statSync(join(ROOT, file)).size);
    }
    const api = readFileSync(join(newestArtifact("functions/api.mjs"), "functions/api.mjs"), "utf8");
    expect(api).not.toContain("BeVietnamPro");
    expect(api).not.toMatch(/PDFDocument|pdfkit/);
  });

  it("draws the page from the bundle with the copied fonts only (and cannot without them)", async () => {
    const out = mkdtempSync(join(tmpdir(), "ioc-report-bundle-"));
    const bundle = join(out, "functions/report-probe.mjs");
    await build({
      ...LAMBDA_ESBUILD,
      external: [...LAMBDA_ESBUILD.external],
      mainFields: ["module", "main"],
      stdin: {
        contents: 'export { demoReportInput, renderWeeklyReportPdf } from "@ioc/report";',
        resolveDir: join(ROOT, "functions"),
        loader: "ts",
      },
      outfile: bundle,
      logLevel: "silent",
      plugins: lambdaPlugins(),
    });
    const probe = (await import(pathToFileURL(bundle).href)) as {
      demoReportInput(lang: "vi"): unknown;
      renderWeeklyReportPdf(data: unknown): Promise<Uint8Array>;
    };
    await expect(probe.renderWeeklyReportPdf(probe.demoReportInput("vi"))).rejects.toThrow(
      /be-vietnam-pro|Cannot find/,
    );
    for (const file of REPORT_FONT_FILES) {
      mkdirSync(dirname(join(out, file)), { recursive: true });
      copyFileSync(join(ROOT, file), join(out, file));
    }
    const pdf = Buffer.from(await probe.renderWeeklyReportPdf(probe.demoReportInput("vi")));
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.toString("latin1")).toContain("BeVietnamPro");
    expect(pdf.length).toBeLessThan(1_000_000);
  });
});

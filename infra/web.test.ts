/**
 * The Web stack, kept apart because its synthesis runs the dashboard's production build. It goes
 * through sst.config.ts exactly as `sst deploy` loads it (bundled by SST's esbuild), so this test
 * also proves the config file composes every stack.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { load } from "sst/stacks/build.js";
import { beforeAll, describe, expect, it } from "vitest";
import { newApp, resourcesOf, wildcardGrants } from "./test-support.js";
import { WEB_AWS_BUILD_DIR } from "./Web.js";

const ROOT = resolve(import.meta.dirname, "..");
const LOCAL_INDEX = join(ROOT, "web/dist/index.html");

let templates: Map<string, Template>;
let web: Template;
let localBuildBefore: number | undefined;

beforeAll(async () => {
  localBuildBefore = existsSync(LOCAL_INDEX) ? statSync(LOCAL_INDEX).mtimeMs : undefined;
  const started = performance.now();
  const app = await newApp("prod");
  const [, config] = (await load(join(ROOT, "sst.config.ts"), false)) as [unknown, { stacks(app: unknown): unknown }];
  await config.stacks(app);
  await app.finish();
  templates = new Map(
    app.node.children
      .filter((child): child is Stack => child instanceof Stack)
      .map((stack) => [stack.stackName, Template.fromStack(stack)]),
  );
  web = templates.get("prod-ioc-Web") as Template;
  console.log(
    `synthesized every stack with Web via sst.config.ts in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
});

const only = <T>(record: Record<string, T>): T => {
  const values = Object.values(record);
  expect(values).toHaveLength(1);
  return values[0] as T;
};

describe("sst.config.ts", () => {
  it("composes the eight stacks, named per stage", () => {
    expect([...templates.keys()].sort()).toEqual(
      ["Api", "Auth", "Monitoring", "Notifications", "Processing", "Realtime", "Storage", "Web"]
        .map((s) => `prod-ioc-${s}`)
        .sort(),
    );
  });
});

describe("Web", () => {
  it("serves the dashboard through CloudFront with strict security headers", () => {
    const policy = only(resourcesOf(web, "AWS::CloudFront::ResponseHeadersPolicy"));
    const config = policy.Properties.ResponseHeadersPolicyConfig as {
      SecurityHeadersConfig: Record<string, Record<string, unknown>>;
      CustomHeadersConfig: { Items: Array<{ Header: string; Value: string }> };
    };
    const security = config.SecurityHeadersConfig;
    const csp = JSON.stringify(security.ContentSecurityPolicy?.ContentSecurityPolicy);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(
      /connect-src 'self' https:\/\/.*ExportsOutputRefApi.*\.execute-api\.ap-southeast-1\.amazonaws\.com/,
    );
    expect(csp).toMatch(/wss:\/\/.*ExportsOutputRefLiveApi.*\.execute-api\.ap-southeast-1\.amazonaws\.com/);
    // Sign-in fetches only the hosted UI's token endpoint; the page no longer calls Cognito's API.
    expect(csp).toMatch(/connect-src [^;]*https:\/\/ioc-prod\.auth\.ap-southeast-1\.amazoncognito\.com/);
    expect(csp).not.toContain("cognito-idp");
    expect(csp).toContain("form-action 'self'");
    expect(security.StrictTransportSecurity).toMatchObject({ IncludeSubdomains: true, Override: true });
    expect(Number(security.StrictTransportSecurity?.AccessControlMaxAgeSec)).toBeGreaterThanOrEqual(31_536_000);
    expect(security.FrameOptions).toMatchObject({ FrameOption: "DENY" });
    expect(security.ContentTypeOptions).toMatchObject({ Override: true });
    expect(security.ReferrerPolicy).toMatchObject({ ReferrerPolicy: "strict-origin-when-cross-origin" });
    expect(config.CustomHeadersConfig.Items.map((h) => h.Header)).toEqual(
      expect.arrayContaining(["Permissions-Policy", "Cross-Origin-Opener-Policy"]),
    );

    const policyId = Object.keys(resourcesOf(web, "AWS::CloudFront::ResponseHeadersPolicy"))[0];
    const distribution = only(resourcesOf(web, "AWS::CloudFront::Distribution"));
    const behavior = (distribution.Properties.DistributionConfig as { DefaultCacheBehavior: Record<string, unknown> })
      .DefaultCacheBehavior;
    expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    expect(behavior.ViewerProtocolPolicy).toBe("redirect-to-https");
  });

  it("injects the API and live URLs and the sign-in settings into the build", () => {
    // SST builds with placeholders and replaces them with the deployed values at deploy time.
    const built = join(ROOT, "web", WEB_AWS_BUILD_DIR, "assets");
    const js = readdirSync(built)
      .filter((file) => file.endsWith(".js"))
      .map((file) => readFileSync(join(built, file), "utf8"))
      .join("\n");
    expect(js).toContain("{{ VITE_API_URL }}");
    expect(js).toContain("{{ VITE_LIVE_URL }}");
    expect(js).toContain("{{ VITE_COGNITO_CLIENT_ID }}");
    // Known at synthesis (prefix and region), so built in as it is: the switch to the hosted UI.
    expect(js).toContain("https://ioc-prod.auth.ap-southeast-1.amazoncognito.com");
    const deployment = JSON.stringify(web.findResources("Custom::S3Uploader"));
    for (const [name, exportName] of [
      ["VITE_API_URL", "ExportsOutputFnGetAttApiCD79AAA0ApiEndpoint"],
      ["VITE_LIVE_URL", "ExportsOutputRefLiveApi"],
      ["VITE_COGNITO_USER_POOL_ID", "ExportsOutputRefUsers"],
      ["VITE_COGNITO_CLIENT_ID", "ExportsOutputRefUsersDashboard"],
    ]) {
      expect(deployment, name).toContain(`{{ ${name} }}`);
      expect(deployment, name).toContain(exportName);
    }
  });

  it("leaves the local build in web/dist alone", () => {
    const after = existsSync(LOCAL_INDEX) ? statSync(LOCAL_INDEX).mtimeMs : undefined;
    expect(after).toBe(localBuildBefore);
  });

  it("admits only the dashboard's origin to the API, set by a call allowed on that API alone", () => {
    const resource = only(resourcesOf(web, "Custom::AWS"));
    // The call is a JSON string joined around tokens; flatten it, naming each token.
    const join = (resource.Properties.Create ?? resource.Properties.Update) as { "Fn::Join": [string, unknown[]] };
    const call = join["Fn::Join"][1]
      .map((part) => (typeof part === "string" ? part : `<${JSON.stringify(part)}>`))
      .join("");
    expect(call).toContain('"action":"UpdateApi"');
    expect(call).toMatch(/"ApiId":"<\{"Fn::ImportValue":"prod-ioc-Api:ExportsOutputRefApi[0-9A-F]+"\}>"/);
    expect(call).toMatch(
      /"AllowOrigins":\["https:\/\/<\{"Fn::GetAtt":\["DashboardDistribution[0-9A-F]+","DomainName"\]\}>"\]/,
    );
    const statements = Object.values(resourcesOf(web, "AWS::IAM::Policy"))
      .flatMap(
        (p) => (p.Properties.PolicyDocument as { Statement: Array<{ Action: unknown; Resource: unknown }> }).Statement,
      )
      .filter((s) => JSON.stringify(s.Action).includes("apigateway:"));
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Action).toBe("apigateway:PATCH");
    expect(JSON.stringify(statements[0]?.Resource)).toMatch(
      /:apigateway:ap-southeast-1::\/apis\/.*ExportsOutputRefApi/,
    );
  });

  it("grants nothing with wildcards either", () => {
    expect(wildcardGrants([...templates.values()])).toEqual([]);
  });
});

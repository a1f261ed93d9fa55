/**
 * Builds every Lambda entry point exactly as the stacks do (same esbuild options and plugins),
 * prints each bundle's size, holds it to its budget, and loads it on Node to prove it runs with
 * nothing but the AWS SDK (which the nodejs22.x runtime provides) outside it.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { declaredAccess } from "./access.js";
import { KEPT_ZOD_LOCALES, STUBBED_ZOD_MODULES } from "./bundle-plugins.js";
import { BUNDLE_BUDGETS_KB, LAMBDA_ENTRIES, LAMBDA_ESBUILD, lambdaPlugins } from "./bundling.js";

const ROOT = resolve(import.meta.dirname, "..");
/** Inside the repository, so the external `@aws-sdk/*` imports resolve when a bundle is loaded. */
const OUT_DIR = join(ROOT, ".build/lambda-bundles");

interface Built {
  entry: keyof typeof LAMBDA_ENTRIES;
  file: string;
  bytes: number;
  metafile: Metafile;
}
const built: Built[] = [];

beforeAll(async () => {
  mkdirSync(OUT_DIR, { recursive: true });
  for (const [entry, source] of Object.entries(LAMBDA_ENTRIES) as Array<[keyof typeof LAMBDA_ENTRIES, string]>) {
    const file = join(OUT_DIR, `${entry}.mjs`);
    const result = await build({
      ...LAMBDA_ESBUILD,
      external: [...LAMBDA_ESBUILD.external],
      // As SST builds them: ESM-first resolution (`keepNames` comes from LAMBDA_ESBUILD).
      mainFields: ["module", "main"],
      entryPoints: [join(ROOT, source)],
      outfile: file,
      metafile: true,
      logLevel: "silent",
      plugins: lambdaPlugins(),
    });
    built.push({ entry, file, bytes: statSync(file).size, metafile: result.metafile });
  }
  const rows = built.map(
    ({ entry, bytes }) =>
      `  ${entry.padEnd(17)} ${(bytes / 1000).toFixed(1).padStart(7)} KB   budget ${BUNDLE_BUDGETS_KB[entry]} KB`,
  );
  console.log(["Lambda bundles (esbuild, esm, node22, minified, @aws-sdk/* external):", ...rows].join("\n"));
});

describe("Lambda bundles", () => {
  it("stay within their budgets (the API within issue 16's 300 KB)", () => {
    for (const { entry, bytes } of built) {
      expect(bytes / 1000, `${entry} bundle size in KB`).toBeLessThanOrEqual(BUNDLE_BUDGETS_KB[entry]);
    }
    expect(BUNDLE_BUDGETS_KB.api).toBe(300);
  });

  it("are ES modules that leave the AWS SDK to the runtime", () => {
    for (const { entry, file, metafile } of built) {
      const inputs = Object.keys(metafile.inputs);
      expect(
        inputs.filter((input) => input.includes("node_modules/@aws-sdk/")),
        entry,
      ).toEqual([]);
      const output = Object.values(metafile.outputs)[0];
      expect(output?.exports, entry).toContain("handler");
      expect(readFileSync(file, "utf8"), entry).toMatch(/export\s*\{/);
    }
  });

  it("bundle one copy of each package version, even where npm installed identical copies", () => {
    for (const { entry, metafile } of built) {
      const copies = new Map<string, Set<string>>();
      for (const input of Object.keys(metafile.inputs)) {
        // A plugin's virtual module reads `<namespace>:<absolute path>`; compare real paths.
        const path = relative(ROOT, resolve(ROOT, input.replace(/^[a-z-]+:(?=\/)/, "")));
        const root = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];
        if (!root) continue;
        const { name, version } = JSON.parse(readFileSync(join(ROOT, root, "package.json"), "utf8"));
        const key = `${name}@${version}`;
        copies.set(key, (copies.get(key) ?? new Set()).add(root));
      }
      const duplicated = [...copies].filter(([, roots]) => roots.size > 1).map(([key]) => key);
      expect(duplicated, entry).toEqual([]);
    }
  });

  it("load on Node and export a handler", async () => {
    const env = {
      READINGS_TABLE: "t-readings",
      STATE_TABLE: "t-state",
      HISTORY_TABLE: "t-history",
      CONTROL_TABLE: "t-control",
      CONNECTIONS_TABLE: "t-connections",
      DEFAULT_PROVINCE: "99",
      LIVE_ENDPOINT: "https://abc.execute-api.ap-southeast-1.amazonaws.com/prod",
      USER_POOL_ID: "ap-southeast-1_Test",
      USER_POOL_CLIENT_ID: "client",
      AWS_REGION: "ap-southeast-1",
      IOC_STAGE: "test",
    };
    Object.assign(process.env, env);
    for (const { entry, file } of built) {
      const module = (await import(pathToFileURL(file).href)) as { handler?: unknown };
      expect(typeof module.handler, entry).toBe("function");
    }
  });
});

/** The DynamoDB commands a bundle can send: the names it imports from the external SDK. */
function dynamoCommands(code: string): Set<string> {
  const commands = new Set<string>();
  for (const match of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*"@aws-sdk\/client-dynamodb"/g)) {
    for (const name of (match[1] ?? "").split(",")) {
      const imported = name.trim().split(/\s+as\s+/)[0] ?? "";
      if (imported.endsWith("Command")) commands.add(imported.replace(/Command$/, ""));
    }
  }
  return commands;
}

describe("grants against code", () => {
  // One direction only: the bundles carry whole packages (@ioc/store is not marked free of side
  // effects), so a command in a bundle is not proof its handler sends it. A grant for a command
  // absent from the bundle, though, is certainly unused.
  it("grant no DynamoDB action a function's bundle cannot even send", () => {
    const unused: string[] = [];
    for (const { entry, file } of built) {
      const commands = dynamoCommands(readFileSync(file, "utf8"));
      // A transaction needs the item-level action of each write it carries.
      if (commands.has("TransactWriteItems")) for (const a of ["PutItem", "UpdateItem", "DeleteItem"]) commands.add(a);
      const granted = Object.values(declaredAccess(entry)).flat();
      for (const action of new Set(granted)) if (!commands.has(action)) unused.push(`${entry}: ${action}`);
    }
    expect(unused).toEqual([]);
  });
});

/** Every TypeScript source of the packages and functions, with its text, outside node_modules. */
function sourceFiles(): Array<{ path: string; text: string }> {
  const files: Array<{ path: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === "node_modules") continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name)) files.push({ path: relative(ROOT, path), text: readFileSync(path, "utf8") });
    }
  };
  for (const dir of ["packages", "functions"]) walk(join(ROOT, dir));
  return files;
}

describe("the zod locale trim", () => {
  it("is safe: no source uses a locale the bundles leave out", () => {
    const offending: string[] = [];
    for (const { path, text } of sourceFiles()) {
      for (const match of text.matchAll(/locales\.([A-Za-z]+)|zod\/(?:v4\/)?locales\/([A-Za-z-]+)/g)) {
        const locale = match[1] ?? match[2];
        if (locale && !(KEPT_ZOD_LOCALES as readonly string[]).includes(locale)) offending.push(`${path}: ${match[0]}`);
      }
    }
    expect(offending).toEqual([]);
  });
});

describe("the zod feature stubs", () => {
  it("are safe: no source calls a zod feature the bundles replace by a stub", () => {
    const names = Object.values(STUBBED_ZOD_MODULES).flat();
    const pattern = new RegExp(`\\b(?:z\\.)?(?:${names.join("|")})\\s*\\(`, "g");
    const offending = sourceFiles().flatMap(({ path, text }) =>
      [...text.matchAll(pattern)].map((m) => `${path}: ${m[0]}`),
    );
    expect(offending).toEqual([]);
  });

  it("keep the exports of the modules they replace, and throw when called", async () => {
    const file = join(OUT_DIR, "zod-stub-probe.mjs");
    await build({
      ...LAMBDA_ESBUILD,
      external: [...LAMBDA_ESBUILD.external],
      stdin: {
        contents:
          'import { z } from "zod"; export const compile = z.compile; export const from = z.fromJSONSchema; export const parsed = z.object({ a: z.number() }).parse({ a: 1 });',
        resolveDir: join(ROOT, "packages/core"),
        loader: "js",
      },
      outfile: file,
      logLevel: "silent",
      plugins: lambdaPlugins(),
    });
    const probe = (await import(pathToFileURL(file).href)) as {
      compile: () => void;
      from: () => void;
      parsed: unknown;
    };
    expect(probe.parsed).toEqual({ a: 1 });
    expect(() => probe.compile()).toThrow(/not bundled/);
    expect(() => probe.from()).toThrow(/not bundled/);
  });
});

/**
 * Two esbuild plugins that keep the Lambda bundles small without changing what runs:
 *
 * - `dedupePackages`: npm nests a second copy of a package when the root slot is taken by another
 *   version (sst pins zod 3 at the root, so @ioc/core and @ioc/api each get their own zod 4.6.7).
 *   Copies with the same name and version are identical, so the bundle keeps the first one.
 * - `zodLocales`: zod 4 re-exports all of its ~50 message locales from one module, about 260 KB
 *   minified that nothing here uses. The bundle keeps English (zod's default) and Vietnamese;
 *   `bundles.test.ts` fails if code starts to use any other locale.
 * - `zodUnusedFeatures`: zod 4.6 always ships two features nothing here calls — the schema
 *   compiler (`z.compile`, `withParser`) and the JSON Schema importer (`z.fromJSONSchema`), about
 *   44 KB minified in every bundle. The bundles get stubs with the same exports that throw a
 *   named error if ever called; `bundles.test.ts` fails if a source starts to use them.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The subset of esbuild's plugin API these plugins use (SST's esbuild and ours both fit). */
export interface BundlePlugin {
  name: string;
  setup(build: PluginBuild): void;
}
interface PluginBuild {
  onResolve(
    options: { filter: RegExp; namespace?: string },
    callback: (args: ResolveArgs) => Promise<ResolveResult | undefined> | ResolveResult | undefined,
  ): void;
  onLoad(
    options: { filter: RegExp; namespace?: string },
    callback: (args: { path: string }) => { contents: string; resolveDir: string; loader?: "js" },
  ): void;
  resolve(
    path: string,
    options: { kind: ResolveArgs["kind"]; importer: string; resolveDir: string; pluginData?: unknown },
  ): Promise<ResolveResult & { errors: unknown[] }>;
}
interface ResolveArgs {
  path: string;
  importer: string;
  resolveDir: string;
  kind:
    | "import-statement"
    | "require-call"
    | "dynamic-import"
    | "require-resolve"
    | "import-rule"
    | "url-token"
    | "entry-point"
    | "composes-from";
  pluginData?: unknown;
}
interface ResolveResult {
  path?: string;
  external?: boolean;
  namespace?: string;
  sideEffects?: boolean;
  pluginData?: unknown;
}

/** The locales kept in the bundle. */
export const KEPT_ZOD_LOCALES = ["en", "vi"] as const;

const SKIP = Symbol.for("ioc.dedupe.skip");

/** Bundles one copy of each package name@version. */
export function dedupePackages(): BundlePlugin {
  return {
    name: "ioc-dedupe-packages",
    setup(build) {
      const firstCopy = new Map<string, string>();
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === SKIP || args.kind === "entry-point") return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: SKIP,
        });
        if (resolved.errors.length > 0 || resolved.external || !resolved.path) return undefined;
        const root = packageRoot(resolved.path);
        if (!root) return { path: resolved.path, ...(resolved.sideEffects === false ? { sideEffects: false } : {}) };
        const key = packageKey(root);
        const first = firstCopy.get(key) ?? root;
        firstCopy.set(key, first);
        return {
          path: first + resolved.path.slice(root.length),
          ...(resolved.sideEffects === false ? { sideEffects: false } : {}),
        };
      });
    },
  };
}

/** Replaces zod's all-locales module by one exporting only the kept locales. */
export function zodLocales(): BundlePlugin {
  return {
    name: "ioc-zod-locales",
    setup(build) {
      build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
        /[\\/]zod[\\/]v4[\\/]/.test(args.importer)
          ? { path: join(dirname(args.importer), args.path), namespace: "ioc-zod-locales" }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: "ioc-zod-locales" }, (args) => ({
        contents: KEPT_ZOD_LOCALES.map((locale) => `export { default as ${locale} } from "./${locale}.js";`).join("\n"),
        resolveDir: dirname(args.path),
        loader: "js",
      }));
    },
  };
}

/** zod modules the bundles replace by stubs, with the names of their exports code must not use. */
export const STUBBED_ZOD_MODULES = {
  "core/compile.js": ["compile", "compileFn", "withParser"],
  "classic/from-json-schema.js": ["fromJSONSchema"],
} as const;

/** Replaces zod features nothing here calls by stubs that throw if they ever are. */
export function zodUnusedFeatures(): BundlePlugin {
  const files = Object.keys(STUBBED_ZOD_MODULES).map((file) => file.replace(/^[a-z]+\//, ""));
  const filter = new RegExp(`^\\./(?:${files.map((f) => f.replace(/[.-]/g, "\\$&")).join("|")})$`);
  return {
    name: "ioc-zod-unused-features",
    setup(build) {
      build.onResolve({ filter }, (args) => {
        const path = join(dirname(args.importer), args.path);
        const stubbed = Object.keys(STUBBED_ZOD_MODULES).some((file) => path.endsWith(join("zod", "v4", file)));
        return stubbed ? { path, namespace: "ioc-zod-stub" } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: "ioc-zod-stub" }, (args) => ({
        contents: stubOf(readFileSync(args.path, "utf8")),
        resolveDir: dirname(args.path),
        loader: "js",
      }));
    },
  };
}

/** A module with the same exports as `source`: classes and constants kept shallow, functions throwing. */
function stubOf(source: string): string {
  const lines = ["class ZodFeatureNotBundled extends Error {}"];
  for (const [, kind, name] of source.matchAll(/^export (function|class|const) ([A-Za-z_$][\w$]*)/gm)) {
    if (kind === "class") lines.push(`export class ${name} extends Error {}`);
    else if (kind === "const") lines.push(`export const ${name} = Symbol(${JSON.stringify(name)});`);
    else
      lines.push(
        `export function ${name}() { throw new ZodFeatureNotBundled(${JSON.stringify(`zod's ${name} is not bundled (infra/bundle-plugins.ts)`)}); }`,
      );
  }
  return lines.join("\n");
}

/** `/x/node_modules/@scope/name` or `/x/node_modules/name` for a file inside a package. */
function packageRoot(file: string): string | undefined {
  const match = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(file);
  return match?.[1];
}

const keys = new Map<string, string>();
function packageKey(root: string): string {
  let key = keys.get(root);
  if (!key) {
    const { name, version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      name: string;
      version: string;
    };
    key = `${name}@${version}`;
    keys.set(root, key);
  }
  return key;
}

import { build } from "esbuild";
import { LAMBDA_ESBUILD, lambdaPlugins } from "/work/wt/lead/infra/bundling.js";
const r = await build({ ...LAMBDA_ESBUILD, external: [...LAMBDA_ESBUILD.external], keepNames: process.env.KN !== "0", mainFields: ["module","main"], entryPoints: [process.argv[2] ?? "/work/wt/lead/functions/api.ts"], outfile: "/tmp/api.mjs", metafile: true, logLevel: "silent", plugins: lambdaPlugins() });
const out = Object.values(r.metafile.outputs)[0];
const by = new Map<string, number>();
for (const [k, v] of Object.entries(out.inputs)) { const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(k); const key = m ? m[1] : k.split("/").slice(0,2).join("/"); by.set(key, (by.get(key) ?? 0) + v.bytesInOutput); }
console.log("total", out.bytes);
for (const [k, v] of [...by].sort((a,b)=>b[1]-a[1]).slice(0,25)) console.log((v/1000).toFixed(1).padStart(8), k);

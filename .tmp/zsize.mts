import { build } from "esbuild";
import { LAMBDA_ESBUILD, lambdaPlugins } from "../infra/bundling.js";
const r = await build({ ...LAMBDA_ESBUILD, external: [...LAMBDA_ESBUILD.external], keepNames: true, mainFields: ["module","main"], entryPoints: ["functions/api.ts"], outfile: "/tmp/api.mjs", metafile: true, logLevel: "silent", plugins: lambdaPlugins() });
const out = Object.values(r.metafile.outputs)[0];
for (const [k, v] of Object.entries(out.inputs).filter(([k])=>k.includes("zod")).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput).slice(0,30)) console.log((v.bytesInOutput/1000).toFixed(1).padStart(8), k);

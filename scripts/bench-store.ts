/**
 * Where the benchmarks keep their data, said once so every benchmark reports it the same way.
 * None of them touches the project's `.data/` (a running `npm start`'s registry and readings):
 * `startRuntime` without `dataDir` starts DynamoDB Local `-inMemory`, a throwaway store that goes
 * with the JVM when the benchmark stops it; a benchmark that needs files (bench:live's cold start
 * of `npm start`) gives it a temporary directory and removes it at the end.
 * Whether the store was cold or warmed matters: DynamoDB Local's JVM is several times slower for
 * its first thousands of writes (docs PITFALLS), so each figure says which it measured.
 */

import { DYNAMO_JVM_OPTIONS } from "@ioc/local";

/** How a benchmark's figures were measured, for its output and its `BENCH` line. */
export interface BenchStore {
  store: "in-memory DynamoDB Local" | "temporary directory" | "none";
  /** `cold`: measured from a fresh store; `warmed`: after a warm-up at the measured load; `n/a`: no store. */
  state: "cold" | "warmed" | "n/a";
  /** How it was warmed, or why there is no store. */
  note: string;
}

/** One line for a benchmark's output: the store it used, cold or warmed, and that it is gone. */
export function storeLine(what: string, store: BenchStore): string {
  if (store.store === "none") return `store (${what}): none — ${store.note}`;
  const jvm = process.env.JDK_JAVA_OPTIONS ?? DYNAMO_JVM_OPTIONS;
  return `store (${what}): throwaway ${store.store} (JVM options ${jvm}), removed at the end, never the project's .data/; measured ${store.state} (${store.note})`;
}

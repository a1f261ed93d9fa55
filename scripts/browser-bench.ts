/**
 * What the browser benchmarks (bench:map, bench:playback) share: the content types of the built
 * dashboard's files they serve to Chromium, and the CPU time Chromium's processes have used.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Content types of the files the benchmarks serve from web/dist (and tiles). */
export const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".map": "application/json",
  ".pbf": "application/x-protobuf",
};

/** CPU time (user + system, ms) used so far by this process's descendants: Chromium's processes. */
export function browserCpuMs(): number {
  const parents = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name, which may hold spaces: state, ppid, …, utime (12th), stime.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(fields[1]));
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while the table was read.
    }
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents)
      if (!ours.has(pid) && ours.has(parent)) {
        ours.add(pid);
        grew = true;
      }
  }
  ours.delete(process.pid);
  // Linux reports clock ticks of 10 ms.
  return [...ours].reduce((sum, pid) => sum + (ticks.get(pid) ?? 0), 0) * 10;
}

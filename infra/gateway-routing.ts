/**
 * Which function API Gateway sends a request to, from the route keys infra/Api.ts declares: the
 * tests use it to check each route of the app lands on a function that serves it
 * (api.test.ts) with the access its calls need (iam-coverage.test.ts).
 */
import {
  ADMIN_PUBLIC_ROUTES,
  ADMIN_ROUTES,
  DASHBOARD_ROUTES,
  GEO_TILE_ROUTE,
  GEO_WRITE_ROUTES,
  PUBLIC_ROUTES,
  READ_ROUTE,
  REPORT_ROUTE,
} from "./Api.js";

/** The functions behind the HTTP API, by their names in access.ts. */
export type GatewayFunction = "api" | "admin" | "report" | "geo";

/** Every route key of the HTTP API with the function it integrates. */
export const GATEWAY_TABLE: ReadonlyArray<readonly [string, GatewayFunction]> = [
  ["$default", "api"],
  [READ_ROUTE, "api"],
  ...[...DASHBOARD_ROUTES, ...PUBLIC_ROUTES].map((key) => [key, "api"] as const),
  ...[...ADMIN_ROUTES, ...ADMIN_PUBLIC_ROUTES].map((key) => [key, "admin"] as const),
  [REPORT_ROUTE, "report"],
  ...[GEO_TILE_ROUTE, ...GEO_WRITE_ROUTES].map((key) => [key, "geo"] as const),
];

/**
 * The function API Gateway (HTTP API) sends `method path` to: the most specific matching route —
 * an exact path before a `{proxy+}` one, the longer literal prefix first, a method before ANY —
 * else `$default`.
 */
export function gatewayTarget(method: string, path: string, table = GATEWAY_TABLE): GatewayFunction | undefined {
  const candidates = table
    .filter(([key]) => key !== "$default")
    .map(([key, target]) => {
      const [keyMethod, keyPath] = key.split(" ") as [string, string];
      const pattern = new RegExp(
        `^${keyPath
          .replaceAll(".", "\\.")
          .replaceAll(/\{[^}]+\+\}/g, ".+")
          .replaceAll(/\{[^}]+\}/g, "[^/]+")}$`,
      );
      const greedy = keyPath.includes("+}");
      const literal = keyPath.split("{")[0]?.length ?? 0;
      return { keyMethod, pattern, greedy, literal, target };
    })
    .filter((c) => (c.keyMethod === method || c.keyMethod === "ANY") && c.pattern.test(path))
    .sort(
      (a, b) =>
        Number(a.greedy) - Number(b.greedy) ||
        b.literal - a.literal ||
        Number(a.keyMethod === "ANY") - Number(b.keyMethod === "ANY"),
    );
  return candidates[0]?.target ?? table.find(([key]) => key === "$default")?.[1];
}

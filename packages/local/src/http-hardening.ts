/**
 * What the local runtime adds around the app so it behaves like the deployed one: CloudFront's
 * security headers (infra/Web.ts), `Cache-Control: no-store` on API data, a 503 with
 * `Retry-After` while the store is known to be down (before the app is called), and `Connection: close` when a request body was left
 * unread (an early 413 or 4xx), since the server cannot reuse a socket with bytes still in it.
 */
import type { IncomingMessage } from "node:http";
import { storeUnavailableResponse } from "./store-availability.js";

/**
 * The dashboard's Content-Security-Policy: infra/Web.ts `dashboardCsp` (a test compares them),
 * with the local live socket (same host, ws:) allowed and without `upgrade-insecure-requests`,
 * which would send the plain-HTTP local dashboard's own requests to an https port nobody serves.
 */
export function localDashboardCsp(host: string | undefined): string {
  // The Host header is the client's; only a well-formed host:port is echoed back.
  const live = host && /^[A-Za-z0-9.\-[\]:]{1,255}$/.test(host) ? ` ws://${host}` : "";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${live}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** API answers are data, never documents: nothing may run or be framed. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Headers CloudFront's response-headers policy sets on every dashboard response (infra/Web.ts). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // Browsers ignore HSTS over plain HTTP (RFC 6797 §8.1); sent so local answers match AWS.
  "strict-transport-security": "max-age=63072000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-xss-protection": "0",
};

/** True for paths of the versioned API. */
export function isApiPath(path: string): boolean {
  return path === "/v1" || path.startsWith("/v1/");
}

/** API paths that answer without the store (the document, the docs page, local sign-in). */
function needsStore(path: string): boolean {
  return isApiPath(path) && path !== "/v1/openapi.json" && path !== "/v1/docs" && !path.startsWith("/v1/auth/");
}

/** What the wrapper needs. */
export interface HardeningOptions {
  /** False while the store is known to be down. */
  storeAvailable: () => boolean;
  retryAfterSeconds?: number;
}

// biome-ignore lint/suspicious/noExplicitAny: the node server's bindings, passed through untouched
type Fetch = (request: Request, env?: any) => Response | Promise<Response>;

/** Wraps the app's fetch with the local runtime's headers, the 503 for a dead store and connection handling. */
export function hardenFetch(fetch: Fetch, options: HardeningOptions): Fetch {
  return async function hardened(request, env) {
    const path = new URL(request.url).pathname;
    let response: Response;
    if (needsStore(path) && !options.storeAvailable()) {
      response = storeUnavailableResponse(path, options.retryAfterSeconds);
    } else {
      // A store that dies during the request is the app's own 503 (`store-unavailable` in the
      // problem catalogue, mapped in app.onError), so it holds on Lambda too; only knowing the
      // store is down before calling the app is local.
      response = await fetch(request, env);
    }
    // Responses of `fetch` may have immutable headers (static files): copy once.
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
    const html = headers.get("content-type")?.startsWith("text/html") ?? false;
    if (isApiPath(path)) {
      headers.set("cache-control", "no-store");
      // The docs page is the API's one HTML document and runs an inline script; data gets none.
      if (!html) headers.set("content-security-policy", API_CSP);
      else headers.set("content-security-policy", "frame-ancestors 'none'");
    } else if (path !== "/health" && path !== "/live") {
      headers.set("content-security-policy", localDashboardCsp(request.headers.get("host") ?? undefined));
    }
    const incoming = (env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming && hasBody(incoming) && !incoming.readableEnded) headers.set("connection", "close");
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

function hasBody(incoming: IncomingMessage): boolean {
  const length = Number(incoming.headers["content-length"] ?? 0);
  return length > 0 || incoming.headers["transfer-encoding"] !== undefined;
}

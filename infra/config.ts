/**
 * Deployment settings that differ per province or stage. SST loads `.env.<stage>` before the
 * stacks run, so a province sets these there (or in the shell) rather than editing code.
 */

/** What a deployment is configured with. */
export interface DeployConfig {
  /** The province dashboards show when a request names none (2 digits; 99 is the synthetic demo). */
  defaultProvince: string;
  /**
   * `IOC_DASHBOARD_URL`: the address users open the dashboard at, as an origin: the
   * `DashboardUrl` a first deploy printed (`https://d123abc.cloudfront.net`), or a domain of the
   * province's that serves the same distribution. Cognito sends users back only to addresses it
   * knows, so sign-in works from this one (docs/DEPLOY.md).
   */
  dashboardUrl?: string;
  /**
   * `IOC_AUTH_DOMAIN_PREFIX`: the sign-in page's address, `https://<prefix>.auth.<region>.amazoncognito.com`.
   * Prefixes are unique across all of AWS in a region; derived from app and stage when unset.
   */
  authDomainPrefix?: string;
  /**
   * `IOC_NOTIFY_FROM`: the sender of notification emails, `canh-bao@ioc.example.gov.vn` or
   * `IOC <canh-bao@ioc.example.gov.vn>`, an address of a domain verified in SES. Unset: no email
   * goes out (each email delivery fails visibly on its alert) and the notifier may not use SES.
   */
  notifyFrom?: { header: string; address: string; domain: string };
  /**
   * `IOC_DEVICE_PUBLIC_JWK`: the public half (JSON) of the wall devices' signing key, whose
   * private half is in the `DeviceSigningKey` secret; the gateway and the live socket verify
   * device tokens with it. Unset: no wall device is admitted (docs/DEPLOY.md).
   */
  devicePublicJwk?: string;
}

/** Why a setting was refused; the message names the variable and what it should look like. */
export class DeployConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeployConfigError";
  }
}

// Cognito's rule for prefix domains: lower-case letters, digits and inner hyphens, at most 63
// characters, and none of the words AWS reserves.
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const RESERVED_IN_PREFIX = /aws|amazon|cognito/;

/** True when Cognito accepts `prefix` as a prefix domain. */
export function isValidDomainPrefix(prefix: string): boolean {
  return DOMAIN_PREFIX.test(prefix) && !RESERVED_IN_PREFIX.test(prefix);
}

function dashboardOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DeployConfigError(`IOC_DASHBOARD_URL=${value} is not a URL (e.g. https://ioc.example.gov.vn)`);
  }
  const loopback = url.protocol === "http:" && (url.hostname === "localhost" || url.hostname === "127.0.0.1");
  if (url.protocol !== "https:" && !loopback) {
    throw new DeployConfigError(`IOC_DASHBOARD_URL=${value} must use https (Cognito allows http for localhost only)`);
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "" || url.username !== "") {
    throw new DeployConfigError(`IOC_DASHBOARD_URL=${value} must be an origin only, like https://ioc.example.gov.vn`);
  }
  return url.origin;
}

function notifySender(value: string): { header: string; address: string; domain: string } {
  const address = (/<([^<>\s]+)>$/.exec(value)?.[1] ?? value).toLowerCase();
  const domain = /^[^@\s<>]+@([a-z0-9.-]+\.[a-z]{2,})$/.exec(address)?.[1];
  if (!domain) {
    throw new DeployConfigError(
      `IOC_NOTIFY_FROM=${value} is not an email address (e.g. canh-bao@ioc.example.gov.vn or IOC <canh-bao@ioc.example.gov.vn>)`,
    );
  }
  return { header: value, address, domain };
}

function devicePublicKey(value: string): string {
  let jwk: Record<string, unknown>;
  try {
    jwk = JSON.parse(value) as Record<string, unknown>;
  } catch {
    throw new DeployConfigError("IOC_DEVICE_PUBLIC_JWK is not JSON (a public P-256 JWK, see docs/DEPLOY.md)");
  }
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || typeof jwk.x !== "string" || typeof jwk.y !== "string") {
    throw new DeployConfigError("IOC_DEVICE_PUBLIC_JWK must be a P-256 JWK (kty EC, crv P-256, x, y)");
  }
  // The private half must never reach a function's environment.
  if ("d" in jwk)
    throw new DeployConfigError("IOC_DEVICE_PUBLIC_JWK holds a private key (d): give the public half only");
  return JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, ...(jwk.kid ? { kid: jwk.kid } : {}) });
}

/** Reads and checks the settings; a bad value stops the deployment before anything changes. */
export function deployConfig(env: Record<string, string | undefined> = process.env): DeployConfig {
  const defaultProvince = env.IOC_DEFAULT_PROVINCE ?? "99";
  if (!/^\d{2}$/.test(defaultProvince)) {
    throw new DeployConfigError(`IOC_DEFAULT_PROVINCE=${defaultProvince} is not a 2-digit province code`);
  }
  const config: DeployConfig = { defaultProvince };
  if (env.IOC_DASHBOARD_URL) config.dashboardUrl = dashboardOrigin(env.IOC_DASHBOARD_URL.trim());
  if (env.IOC_AUTH_DOMAIN_PREFIX) {
    const prefix = env.IOC_AUTH_DOMAIN_PREFIX.trim();
    if (!isValidDomainPrefix(prefix)) {
      throw new DeployConfigError(
        `IOC_AUTH_DOMAIN_PREFIX=${prefix} is not a Cognito domain prefix: lower-case letters, digits and ` +
          "hyphens, at most 63 characters, not starting or ending with a hyphen, without aws, amazon or cognito",
      );
    }
    config.authDomainPrefix = prefix;
  }
  if (env.IOC_NOTIFY_FROM) config.notifyFrom = notifySender(env.IOC_NOTIFY_FROM.trim());
  if (env.IOC_DEVICE_PUBLIC_JWK) config.devicePublicJwk = devicePublicKey(env.IOC_DEVICE_PUBLIC_JWK.trim());
  return config;
}

/**
 * Wall-screen credentials (issue 14 item 4). An admin registers a wall and gets a one-time
 * enrolment code; the wall trades it once for a long-lived device secret, then trades the secret
 * for short-lived tokens (5 minutes by default) whenever its token nears expiry. The product signs
 * those tokens with its own ES256 key, so they verify the same way beside Cognito on AWS and beside
 * the local issuer. Revoking a device refuses its next renewal, so a revoked wall is locked out
 * within one token lifetime, and the live socket closes when its token expires.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { type DeviceRecord, type DeviceStore, devicePrincipal, type Principal } from "@ioc/core";
import {
  createLocalJWKSet,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  SignJWT,
} from "jose";
import { claimsFromPrincipal } from "./claims.js";
import { createJwtVerifier, type JwtVerifier } from "./jwt-verifier.js";
import type { IssuedToken } from "./local-issuer.js";

/** The `iss` of device tokens. */
export const DEVICE_ISSUER = "urn:ioc:device";
/** The `aud` of device tokens. */
export const DEVICE_AUDIENCE = "ioc-wall";
/** How long a device token lasts: the longest a revoked wall keeps reading. */
export const DEVICE_TOKEN_TTL_SECONDS = 300;
/** How long an enrolment code may wait for its wall. */
export const ENROLMENT_TTL_MS = 24 * 3_600_000;

/** Why a device was refused; one wording goes to the client whatever the code. */
export type DeviceErrorCode = "device-unknown" | "device-revoked" | "secret-wrong" | "code-wrong" | "code-expired";

/** A refused enrolment or renewal. */
export class DeviceError extends Error {
  constructor(
    readonly code: DeviceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DeviceError";
  }
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const sameHash = (a: string | undefined, b: string) =>
  a !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Options of the device service. */
export interface DeviceServiceOptions {
  store: DeviceStore;
  clock: () => number;
  /** The product's ES256 private key as a JWK (from a secret on AWS); a fresh pair when omitted. */
  privateJwk?: JWK;
  ttlSeconds?: number;
}

/** Registers, enrols, renews and revokes wall devices. */
export interface DeviceService {
  /** Where the devices are kept (the admin list reads it). */
  readonly store: DeviceStore;
  /** The public keys device tokens verify with. */
  readonly jwks: JSONWebKeySet;
  /** Verifies device tokens only. */
  readonly verifier: JwtVerifier;
  /** A pending device and its one-time enrolment code (`<id>.<code>`, shown once). */
  register(name: string, province: string, admin: Principal): Promise<{ device: DeviceRecord; code: string }>;
  /** Trades a one-time code for the device secret (`<id>.<secret>`, kept by the wall) and a first token. */
  enrol(code: string): Promise<{ device: DeviceRecord; secret: string; token: IssuedToken }>;
  /** Trades the device secret for a fresh short-lived token. */
  renew(secret: string): Promise<{ device: DeviceRecord; token: IssuedToken }>;
  /** Revokes a device; its next renewal is refused. Undefined when there is no such device. */
  revoke(id: string): Promise<DeviceRecord | undefined>;
}

const splitCredential = (credential: string): [string, string] => {
  const dot = credential.indexOf(".");
  if (dot <= 0 || !/^d_[0-9a-f]{20}$/.test(credential.slice(0, dot))) {
    throw new DeviceError("device-unknown", "the credential names no device");
  }
  return [credential.slice(0, dot), credential.slice(dot + 1)];
};

/** Builds the device service with the product's signing key. */
export async function createDeviceService(options: DeviceServiceOptions): Promise<DeviceService> {
  const { store, clock } = options;
  const ttlSeconds = options.ttlSeconds ?? DEVICE_TOKEN_TTL_SECONDS;
  let privateJwk = options.privateJwk;
  if (!privateJwk) {
    const pair = await generateKeyPair("ES256", { extractable: true });
    privateJwk = await exportJWK(pair.privateKey);
  }
  const kid = privateJwk.kid ?? `device-${sha256(JSON.stringify(privateJwk.x ?? "")).slice(0, 12)}`;
  const privateKey = await importJWK(privateJwk, "ES256");
  const { d: _d, ...publicJwk } = privateJwk;
  const jwks: JSONWebKeySet = { keys: [{ ...publicJwk, kid, alg: "ES256", use: "sig" }] };
  const verifier = createJwtVerifier({
    jwks: createLocalJWKSet(jwks),
    issuer: DEVICE_ISSUER,
    audience: DEVICE_AUDIENCE,
    algorithms: ["ES256"],
    clock,
  });

  const issue = async (device: DeviceRecord): Promise<IssuedToken> => {
    const principal = devicePrincipal(device);
    const issuedAt = Math.floor(clock() / 1000);
    const token = await new SignJWT(claimsFromPrincipal(principal))
      .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
      .setSubject(principal.subject)
      .setIssuer(DEVICE_ISSUER)
      .setAudience(DEVICE_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ttlSeconds)
      .sign(privateKey);
    return { token, expiresAt: (issuedAt + ttlSeconds) * 1000, user: principal };
  };
  const load = async (id: string) => {
    const device = await store.get(id);
    if (!device) throw new DeviceError("device-unknown", "no such device");
    if (device.status === "revoked") throw new DeviceError("device-revoked", "the device has been revoked");
    return device;
  };

  return {
    store,
    jwks,
    verifier,
    async register(name, province, admin) {
      const id = `d_${randomBytes(10).toString("hex")}`;
      const secret = randomBytes(18).toString("base64url");
      const now = clock();
      const device: DeviceRecord = {
        id,
        name,
        province,
        status: "pending",
        enrolmentHash: sha256(secret),
        enrolmentExpiresAt: now + ENROLMENT_TTL_MS,
        createdAt: now,
        createdBy: admin.username,
      };
      await store.put(device);
      return { device, code: `${id}.${secret}` };
    },
    async enrol(code) {
      const [id, secretPart] = splitCredential(code);
      const device = await load(id);
      if (device.status !== "pending" || !sameHash(device.enrolmentHash, sha256(secretPart))) {
        throw new DeviceError("code-wrong", "the enrolment code is not valid (it works once)");
      }
      if ((device.enrolmentExpiresAt ?? 0) < clock())
        throw new DeviceError("code-expired", "the enrolment code expired");
      const secret = `${id}.ioc_dev_${randomBytes(32).toString("base64url")}`;
      const now = clock();
      const { enrolmentHash: _h, enrolmentExpiresAt: _x, ...rest } = device;
      const enrolled: DeviceRecord = {
        ...rest,
        status: "active",
        secretHash: sha256(secret),
        enrolledAt: now,
        lastSeenAt: now,
      };
      await store.put(enrolled);
      return { device: enrolled, secret, token: await issue(enrolled) };
    },
    async renew(secret) {
      const [id] = splitCredential(secret);
      const device = await load(id);
      if (device.status !== "active" || !sameHash(device.secretHash, sha256(secret))) {
        throw new DeviceError("secret-wrong", "the device secret is not valid");
      }
      const seen = { ...device, lastSeenAt: clock() };
      await store.put(seen);
      return { device: seen, token: await issue(seen) };
    },
    async revoke(id) {
      const device = await store.get(id);
      if (!device) return undefined;
      const { enrolmentHash: _h, secretHash: _s, ...rest } = device;
      const revoked: DeviceRecord = { ...rest, status: "revoked", revokedAt: clock() };
      await store.put(revoked);
      return revoked;
    },
  };
}

/**
 * One verifier for dashboard users and wall devices: a token whose `iss` is the device issuer is
 * checked with the product's key, every other with the user verifier (Cognito or the local issuer).
 */
export function withDeviceTokens(users: JwtVerifier, devices: JwtVerifier): JwtVerifier {
  return {
    verify(token) {
      let iss: unknown;
      try {
        iss = token ? decodeJwt(token).iss : undefined;
      } catch {
        iss = undefined;
      }
      return iss === DEVICE_ISSUER ? devices.verify(token) : users.verify(token);
    },
  };
}

/** A device store in memory: for tests and for apps built without DynamoDB. */
export function createMemoryDeviceStore(): DeviceStore & { readonly size: number } {
  const devices = new Map<string, DeviceRecord>();
  return {
    get size() {
      return devices.size;
    },
    async put(device) {
      devices.set(device.id, structuredClone(device));
    },
    async get(id) {
      const device = devices.get(id);
      return device ? structuredClone(device) : undefined;
    },
    async list() {
      return [...devices.values()].map((d) => structuredClone(d)).sort((a, b) => a.createdAt - b.createdAt);
    },
  };
}

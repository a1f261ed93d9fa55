/**
 * Wall devices (packages/contract/src/devices-routes.ts): admins register, list and revoke walls
 * of their provinces; a wall enrols with its one-time code and renews its token with its secret.
 * The credentials themselves (hashing, signing, revocation) are `@ioc/identity`'s device service.
 */

import {
  createDeviceRoute,
  deviceCreateSchema,
  deviceEnrolSchema,
  deviceTokenRoute,
  deviceTokenSchema,
  enrolDeviceRoute,
  listDevicesRoute,
  revokeDeviceRoute,
} from "@ioc/contract";
import { can, deviceView } from "@ioc/core";
import { DeviceError, type DeviceService, type IssuedToken } from "@ioc/identity";
import { type AuthEnv, assertCan, requireUser } from "./auth/require-user.js";
import type { ApiDeps } from "./deps.js";
import { OpenAPIHono } from "./openapi-hono.js";
import { problem } from "./problem.js";
import { parseJsonOrProblem, parseOrProblem } from "./validation.js";

// Registering walls is source administration: the admin role's `sources:write`, per province.
const PERMISSION = "sources:write" as const;

// One wording for every refusal: which part of a credential was wrong is not said.
const refused = (cause: unknown) =>
  problem("device-refused", {
    detail: "Thiết bị chưa được cấp quyền hoặc đã bị thu hồi. The device is not enrolled or was revoked.",
    cause,
  });

const tokenBody = (t: IssuedToken) => ({ token: t.token, expiresAt: t.expiresAt, user: t.user });

/** The device routes; mount at the root. Without a device service or identity they answer 503. */
export function devicesRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AuthEnv>();
  const service = (): DeviceService => {
    if (!deps.devices || !deps.auth) throw problem("devices-unavailable", { detail: "this deployment has no walls" });
    return deps.devices;
  };
  const admin = deps.auth ? [requireUser({ verifier: deps.auth.verifier, permission: PERMISSION })] : [];
  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof DeviceError) throw refused(error);
      throw error;
    }
  };

  app.openapi({ ...createDeviceRoute, middleware: admin }, async (c) => {
    const principal = c.get("principal");
    const input = parseOrProblem(deviceCreateSchema, parseJsonOrProblem(await c.req.text()), "body");
    const province = input.province ?? deps.defaultProvince;
    assertCan(principal, PERMISSION, province);
    const { device, code } = await service().register(input.name, province, principal);
    const enrolmentPath = `/?wall=1&enrol=${encodeURIComponent(code)}`;
    return c.json({ device: deviceView(device), enrolmentCode: code, enrolmentPath }, 201);
  });

  app.openapi({ ...listDevicesRoute, middleware: admin }, async (c) => {
    const principal = c.get("principal");
    const devices = (await service().store.list()).filter((d) => can(principal, PERMISSION, d.province));
    return c.json({ devices: devices.map(deviceView) }, 200);
  });

  app.openapi({ ...revokeDeviceRoute, middleware: admin }, async (c) => {
    const principal = c.get("principal");
    const { id } = c.req.valid("param");
    const existing = await service().store.get(id);
    // Another province's device answers as a missing one: an id must not reveal a province.
    if (!existing || !can(principal, PERMISSION, existing.province))
      throw problem("device-not-found", { detail: `no device ${id}` });
    const revoked = await service().revoke(id);
    deps.logger.info("device revoked", { id, by: principal.username });
    return c.json({ device: deviceView(revoked ?? existing) }, 200);
  });

  app.openapi(enrolDeviceRoute, async (c) => {
    const { code } = parseOrProblem(deviceEnrolSchema, parseJsonOrProblem(await c.req.text()), "body");
    const { secret, token } = await guard(() => service().enrol(code));
    return c.json({ ...tokenBody(token), secret }, 200);
  });

  app.openapi(deviceTokenRoute, async (c) => {
    const { secret } = parseOrProblem(deviceTokenSchema, parseJsonOrProblem(await c.req.text()), "body");
    const { token } = await guard(() => service().renew(secret));
    return c.json(tokenBody(token), 200);
  });

  return app;
}

/**
 * The wire schemas of sign-in: they validate the login body and generate the OpenAPI document.
 */
import { ROLES } from "@ioc/core";
import * as z from "zod/mini";

/** A signed-in dashboard user (`Principal` in packages/core/src/roles.ts). */
export const principalSchema = z
  .object({
    subject: z.string().check(z.describe("The token's `sub`")),
    username: z.string(),
    role: z.enum(ROLES),
    provinces: z.array(z.string()).check(z.describe('Province codes the user may see; "*" means every province')),
  })
  .register(z.globalRegistry, { id: "Principal" });

/** Body of `POST /v1/auth/login`. */
export const loginRequestSchema = z
  .strictObject({
    username: z.string().check(z.minLength(1), z.maxLength(128)),
    password: z.string().check(z.minLength(1), z.maxLength(1024)),
  })
  .register(z.globalRegistry, { id: "LoginRequest" });

/** Answer of `POST /v1/auth/login`. */
export const loginResponseSchema = z
  .object({
    token: z
      .string()
      .check(z.describe("A JWT to send as 'Authorization: Bearer <token>' and as the live socket's ?token=")),
    expiresAt: z.int().check(z.describe("Epoch milliseconds")),
    user: principalSchema,
  })
  .register(z.globalRegistry, { id: "LoginResponse" });

/** `GET /.well-known/jwks.json`: the public keys that verify local tokens. */
export const jwksSchema = z
  .object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.optional(z.string()) })) })
  .register(z.globalRegistry, { id: "JsonWebKeySet" });

/**
 * The wire schemas of sign-in: they validate the login body and generate the OpenAPI document.
 */
import { ROLES } from "@ioc/core";
import { z } from "zod";

/** A signed-in dashboard user (`Principal` in packages/core/src/roles.ts). */
export const principalSchema = z
  .object({
    subject: z.string().describe("The token's `sub`"),
    username: z.string(),
    role: z.enum(ROLES),
    provinces: z.array(z.string()).describe('Province codes the user may see; "*" means every province'),
  })
  .meta({ id: "Principal" });

/** Body of `POST /v1/auth/login`. */
export const loginRequestSchema = z
  .object({
    username: z.string().min(1).max(128),
    password: z.string().min(1).max(1024),
  })
  .strict()
  .meta({ id: "LoginRequest" });

/** Answer of `POST /v1/auth/login`. */
export const loginResponseSchema = z
  .object({
    token: z.string().describe("A JWT to send as 'Authorization: Bearer <token>' and as the live socket's ?token="),
    expiresAt: z.number().int().describe("Epoch milliseconds"),
    user: principalSchema,
  })
  .meta({ id: "LoginResponse" });

/** `GET /.well-known/jwks.json`: the public keys that verify local tokens. */
export const jwksSchema = z
  .object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })) })
  .meta({ id: "JsonWebKeySet" });

/**
 * Who is on the other end of a live connection. The claims are read by `@ioc/identity`'s one mapping
 * (`principalFromClaims`, the reading docs/API-CONTRACT.md fixes for every runtime); this module
 * keeps the claim names other code needs and the live socket's one permission check.
 */

import { can, type Principal } from "@ioc/core";
import { CLAIMS } from "@ioc/identity";

/** The token claim listing a user's provinces: comma-separated 2-digit codes, `*` for all. */
export const PROVINCES_CLAIM = CLAIMS.provinces;
/** The token claim that may name the role explicitly. */
export const ROLE_CLAIM = CLAIMS.role;

/** True when `principal` may watch `province`'s live feed (every role may read). */
export function canWatchProvince(principal: Principal, province: string): boolean {
  return can(principal, "read", province);
}

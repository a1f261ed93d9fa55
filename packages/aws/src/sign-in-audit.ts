/**
 * Cognito sign-ins in the audit trail (issue 13 item 2). The hook is Cognito's pre-token-generation
 * trigger rather than post-authentication: both fire once a user has authenticated, but only this
 * one carries the user's groups, which is where the role the audit record names comes from, and
 * its `triggerSource` tells a sign-in from a token refresh (not recorded). Failed sign-ins have no
 * trigger at all in Cognito; docs/DEPLOY.md says where they are found instead.
 */
import { type AuditTrail, NATIONAL_AUDIT_CHAIN } from "@ioc/core";
import { CLAIMS, principalFromClaims } from "@ioc/identity";
import type { PreTokenGenerationTriggerEvent } from "aws-lambda";

/** The trigger sources that are a sign-in (hosted UI, SDK, first-sign-in password change, a remembered device). */
export const SIGN_IN_SOURCES: ReadonlySet<string> = new Set([
  "TokenGeneration_HostedAuth",
  "TokenGeneration_Authentication",
  "TokenGeneration_NewPasswordChallenge",
  "TokenGeneration_AuthenticateDevice",
]);

/** What the trigger needs. */
export interface SignInAuditDeps {
  audit: Pick<AuditTrail, "append">;
  clock: () => number;
}

/** The user's role and provinces as the dashboard will read them from the token; `none` when no role group. */
function whoSignedIn(event: PreTokenGenerationTriggerEvent): { role: string; provinces: string[] } {
  const attributes = event.request.userAttributes;
  try {
    const principal = principalFromClaims({
      sub: attributes.sub ?? event.userName,
      [CLAIMS.username]: event.userName,
      [CLAIMS.groups]: event.request.groupConfiguration.groupsToOverride ?? [],
      ...(attributes[CLAIMS.provinces] === undefined ? {} : { [CLAIMS.provinces]: attributes[CLAIMS.provinces] }),
    });
    return { role: principal.role, provinces: principal.provinces };
  } catch {
    // Signed in, but the dashboard will refuse the token (no role group): still worth a record.
    return { role: "none", provinces: [] };
  }
}

/**
 * Builds the trigger: one record per chain of the user's provinces (the national chain for `*`
 * or none), as the local issuer records a sign-in. A trail that cannot be written fails the
 * sign-in, as an action whose record is missing fails everywhere else in the product.
 */
export function createSignInAuditTrigger(deps: SignInAuditDeps) {
  return async (event: PreTokenGenerationTriggerEvent): Promise<PreTokenGenerationTriggerEvent> => {
    if (!SIGN_IN_SOURCES.has(event.triggerSource)) return event;
    const { role, provinces } = whoSignedIn(event);
    const chains = provinces.includes("*") || provinces.length === 0 ? [NATIONAL_AUDIT_CHAIN] : provinces;
    const at = deps.clock();
    const email = event.request.userAttributes.email;
    for (const province of chains) {
      await deps.audit.append({
        province,
        at,
        actor: event.userName,
        role,
        action: "auth.sign-in",
        objectType: "user",
        objectId: event.userName,
        after: {
          via: event.triggerSource,
          clientId: event.callerContext.clientId,
          ...(email ? { email } : {}),
        },
      });
    }
    return event;
  };
}

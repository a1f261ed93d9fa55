/**
 * Dashboard sign-in: a Cognito user pool whose groups are the dashboard roles, with each user's
 * provinces in a custom attribute that only administrators can set. Nobody signs themselves up:
 * an administrator creates users (docs/DEPLOY.md).
 *
 * The dashboard signs in through the pool's hosted UI (OAuth 2.0 authorization code with PKCE,
 * no client secret) and sends the ID token. Cognito returns users only to the callback URLs
 * listed here. The dashboard's own origin is CloudFront's, created later by the Web stack, which
 * depends on this one; naming it here would be a dependency cycle, so it is a setting instead
 * (`IOC_DASHBOARD_URL`, infra/config.ts): the `DashboardUrl` of a first deploy, set before a
 * second one.
 */
import { PROVINCES_CLAIM } from "@ioc/aws";
import { ROLES, type Role } from "@ioc/core";
import { Annotations, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { Function as SstFunction, type StackContext, use } from "sst/constructs";
import { grantTableItems, SCOPED_ACCESS } from "./access.js";
import { handlerOf } from "./bundling.js";
import { deployConfig, isValidDomainPrefix } from "./config.js";
import { Storage } from "./Storage.js";
import { isDisposableStage } from "./stages.js";

const ROLE_DESCRIPTIONS: Record<Role, string> = {
  leader: "Reads the dashboard: indicators against targets, the live map",
  ops: "Reads, and acknowledges or resolves alerts",
  planner: "Reads, ranks coverage gaps, exports, runs scenarios",
  admin: "Manages sources and keys, targets and alert rules",
};

/** The custom attribute behind the provinces claim (`custom:provinces` → `provinces`). */
export const PROVINCES_ATTRIBUTE = PROVINCES_CLAIM.replace(/^custom:/, "");

/** Where developers run the dashboard against a disposable stage: `npm start` and `vite` (dev server). */
export const LOCAL_DASHBOARD_ORIGINS = ["http://localhost:3000", "http://localhost:5173"] as const;

/**
 * The hosted UI's domain prefix for `app`-`stage`: lower-cased, other characters turned into
 * hyphens, the words Cognito reserves (aws, amazon, cognito) dropped, at most 63 characters.
 */
export function hostedUiDomainPrefix(appName: string, stage: string): string {
  const prefix = `${appName}-${stage}`
    .toLowerCase()
    .replace(/aws|amazon|cognito/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 63)
    .replace(/^-+|-+$/g, "");
  if (!isValidDomainPrefix(prefix)) {
    throw new Error(`cannot derive a Cognito domain prefix from ${appName}-${stage}; set IOC_AUTH_DOMAIN_PREFIX`);
  }
  return prefix;
}

/**
 * The URLs Cognito may send a signed-in (or signed-out) user back to: the dashboard's root, which
 * is exactly the `redirect_uri` the dashboard sends (`${location.origin}/`). Disposable stages
 * also admit the local dashboard; a protected stage without `IOC_DASHBOARD_URL` admits only
 * `npm start`'s address until it is set (the stack then warns).
 */
export function signInCallbackUrls(stage: string, dashboardUrl: string | undefined): string[] {
  const origins = new Set<string>();
  if (dashboardUrl) origins.add(dashboardUrl);
  if (isDisposableStage(stage)) for (const origin of LOCAL_DASHBOARD_ORIGINS) origins.add(origin);
  // The code grant needs at least one; loopback is a harmless stop-gap (PKCE guards the code).
  if (origins.size === 0) origins.add(LOCAL_DASHBOARD_ORIGINS[0]);
  return [...origins].map((origin) => `${origin}/`);
}

/** The user pool, its groups, the dashboard's client and its hosted UI; other stacks `use(Auth)`. */
export function Auth({ stack, app }: StackContext) {
  const protect = !isDisposableStage(app.stage);
  const config = deployConfig();

  const userPool = new cognito.UserPool(stack, "Users", {
    userPoolName: app.logicalPrefixedName("users"),
    selfSignUpEnabled: false,
    signInAliases: { email: true },
    autoVerify: { email: true },
    standardAttributes: { email: { required: true, mutable: true }, fullname: { required: false, mutable: true } },
    customAttributes: {
      [PROVINCES_ATTRIBUTE]: new cognito.StringAttribute({ minLen: 1, maxLen: 512, mutable: true }),
    },
    passwordPolicy: {
      minLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: false,
      tempPasswordValidity: Duration.days(3),
    },
    mfa: cognito.Mfa.OPTIONAL,
    mfaSecondFactor: { otp: true, sms: false },
    accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    deletionProtection: protect,
    removalPolicy: protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });

  // Every sign-in into the audit trail (issue 13 item 2), through the same chain as every other
  // action. Pre-token-generation rather than post-authentication: it is the trigger that knows the
  // user's groups, hence the role the record names (packages/aws sign-in-audit.ts).
  const { control, tableEnvironment } = use(Storage);
  const signInAudit = new SstFunction(stack, "SignInAudit", {
    handler: handlerOf("signInAudit"),
    description: "IOC sign-in audit: Cognito pre-token-generation -> audit trail",
    memorySize: 256,
    // Cognito waits at most 5 s for a trigger; a chain append is a query and a put.
    timeout: 5,
    environment: tableEnvironment,
  });
  for (const grant of SCOPED_ACCESS.signInAudit.control) grantTableItems(signInAudit, control, grant);
  userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, signInAudit);

  // A user belongs to one group: the token's role is the first dashboard role among its groups.
  for (const [index, role] of ROLES.entries()) {
    new cognito.CfnUserPoolGroup(stack, `Group-${role}`, {
      userPoolId: userPool.userPoolId,
      groupName: role,
      description: ROLE_DESCRIPTIONS[role],
      // Lower wins when a user is in several groups; the most powerful role first.
      precedence: ROLES.length - index,
    });
  }

  // The hosted UI: Cognito's own sign-in page (password, first-sign-in password change, MFA,
  // "forgot password"), so the dashboard never handles a password.
  const domainPrefix = config.authDomainPrefix ?? hostedUiDomainPrefix(app.name, app.stage);
  userPool.addDomain("HostedUi", { cognitoDomain: { domainPrefix } });
  const hostedUiUrl = `https://${domainPrefix}.auth.${stack.region}.amazoncognito.com`;

  const callbackUrls = signInCallbackUrls(app.stage, config.dashboardUrl);
  if (!config.dashboardUrl && protect) {
    Annotations.of(stack).addWarningV2(
      "ioc:dashboard-url",
      "IOC_DASHBOARD_URL is not set: the deployed dashboard cannot sign in yet. Put its address " +
        "(your domain, or the DashboardUrl output) in .env.<stage> and deploy again (docs/DEPLOY.md).",
    );
  }

  const dashboardClient = userPool.addClient("Dashboard", {
    userPoolClientName: "dashboard",
    // A browser cannot keep a secret; PKCE protects the code instead.
    generateSecret: false,
    // The hosted UI needs no auth flow of the client's own. SRP stays allowed for API clients
    // (the password never leaves the caller, not even to Cognito); the plain-password flows do not.
    authFlows: { userSrp: true, user: false, userPassword: false, adminUserPassword: false, custom: false },
    oAuth: {
      flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
      scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
      callbackUrls,
      logoutUrls: callbackUrls,
    },
    supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
    accessTokenValidity: Duration.hours(1),
    idTokenValidity: Duration.hours(1),
    refreshTokenValidity: Duration.hours(12),
    // Users may change their name, never their own provinces or roles.
    writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
  });

  stack.addOutputs({
    UserPoolId: userPool.userPoolId,
    UserPoolClientId: dashboardClient.userPoolClientId,
    SignInUrl: hostedUiUrl,
    SignInCallbackUrls: callbackUrls.join(" "),
  });
  return { userPool, dashboardClient, hostedUiUrl, signInAudit };
}

/**
 * Dashboard sign-in: a Cognito user pool whose groups are the dashboard roles, with each user's
 * provinces in a custom attribute that only administrators can set. Nobody signs themselves up:
 * an administrator creates users (docs/DEPLOY.md).
 */
import { PROVINCES_CLAIM } from "@ioc/aws";
import { ROLES, type Role } from "@ioc/core";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import type { StackContext } from "sst/constructs";
import { isDisposableStage } from "./stages.js";

const ROLE_DESCRIPTIONS: Record<Role, string> = {
  leader: "Reads the dashboard: indicators against targets, the live map",
  ops: "Reads, and acknowledges or resolves alerts",
  planner: "Reads, ranks coverage gaps, exports, runs scenarios",
  admin: "Manages sources and keys, targets and alert rules",
};

/** The custom attribute behind the provinces claim (`custom:provinces` → `provinces`). */
export const PROVINCES_ATTRIBUTE = PROVINCES_CLAIM.replace(/^custom:/, "");

/** The user pool, its groups and the dashboard's client; other stacks `use(Auth)`. */
export function Auth({ stack, app }: StackContext) {
  const protect = !isDisposableStage(app.stage);

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

  const dashboardClient = userPool.addClient("Dashboard", {
    userPoolClientName: "dashboard",
    // A browser cannot keep a secret.
    generateSecret: false,
    // SRP: the password never leaves the browser, not even to Cognito.
    authFlows: { userSrp: true, user: false, userPassword: false, adminUserPassword: false, custom: false },
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
    accessTokenValidity: Duration.hours(1),
    idTokenValidity: Duration.hours(1),
    refreshTokenValidity: Duration.hours(12),
    // Users may change their name, never their own provinces or roles.
    writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
  });

  stack.addOutputs({ UserPoolId: userPool.userPoolId, UserPoolClientId: dashboardClient.userPoolClientId });
  return { userPool, dashboardClient };
}

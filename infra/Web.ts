/**
 * The dashboard on S3 + CloudFront, built with the API, live socket and sign-in settings injected
 * (VITE_*), served with strict security headers, and the only origin the HTTP API's CORS admits.
 *
 * Why CORS is set from here: the API must name the dashboard's origin, and the dashboard's build
 * must name the API's URL. Declared in both stacks, that is a dependency cycle; so the Api stack
 * declares no CORS and this stack, which comes after both, sets it on the API once the CloudFront
 * domain exists (a one-call custom resource allowed only `apigateway:PATCH` on that one API).
 *
 * Sign-in goes through Cognito's hosted UI: the page navigates there and back (navigation is not
 * a CSP fetch), and only the token endpoint is fetched, so the hosted UI's origin is the one
 * sign-in origin `connect-src` needs. Cognito's own callback list is set in the Auth stack.
 */
import { Duration } from "aws-cdk-lib";
import { HeadersFrameOption, HeadersReferrerPolicy, ResponseHeadersPolicy } from "aws-cdk-lib/aws-cloudfront";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from "aws-cdk-lib/custom-resources";
import { type StackContext, StaticSite, use } from "sst/constructs";
import { Api } from "./Api.js";
import { Auth } from "./Auth.js";
import { Realtime } from "./Realtime.js";

/** Where the AWS build of the dashboard goes; not `web/dist`, which the local runtime serves. */
export const WEB_AWS_BUILD_DIR = "../.build/web-aws";

/** The Content-Security-Policy of the dashboard, given the origins it talks to. */
export function dashboardCsp(connectOrigins: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // MapLibre and Solid set element styles at run time; inline styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // 'self' also covers the map's label glyphs (glyphs/…/*.pbf, files of this site made at build
    // time, see web/src/glyphs); the boundary tiles come from the API origin listed here.
    `connect-src 'self' ${connectOrigins.join(" ")}`,
    // The map's worker is a file of the site; MapLibre may also spawn one from a blob.
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "upgrade-insecure-requests",
  ].join("; ");
}

/** The dashboard site; nothing `use`s it. */
export function Web({ stack }: StackContext) {
  const { api } = use(Api);
  const { socket } = use(Realtime);
  const { userPool, dashboardClient, hostedUiUrl } = use(Auth);

  const region = stack.region;
  const apiOrigin = `https://${api.httpApiId}.execute-api.${region}.amazonaws.com`;
  const liveOrigin = `wss://${socket.cdk.webSocketApi.apiId}.execute-api.${region}.amazonaws.com`;

  const securityHeaders = new ResponseHeadersPolicy(stack, "SecurityHeaders", {
    comment: "IOC dashboard security headers",
    securityHeadersBehavior: {
      contentSecurityPolicy: {
        contentSecurityPolicy: dashboardCsp([apiOrigin, liveOrigin, hostedUiUrl]),
        override: true,
      },
      strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      contentTypeOptions: { override: true },
      referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      // The legacy XSS auditor causes more harm than good; modern advice is to switch it off.
      xssProtection: { protection: false, override: true },
    },
    customHeadersBehavior: {
      customHeaders: [
        { header: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()", override: true },
        { header: "Cross-Origin-Opener-Policy", value: "same-origin", override: true },
      ],
    },
  });

  const site = new StaticSite(stack, "Dashboard", {
    path: "web",
    // A separate output folder: `web/dist` is the local build, and this one carries placeholders
    // that SST replaces with the real URLs at deploy time.
    buildCommand: `npm run build -- --outDir ${WEB_AWS_BUILD_DIR} --emptyOutDir`,
    buildOutput: WEB_AWS_BUILD_DIR,
    environment: {
      VITE_API_URL: api.url,
      VITE_LIVE_URL: socket.url,
      VITE_COGNITO_REGION: region,
      VITE_COGNITO_USER_POOL_ID: userPool.userPoolId,
      VITE_COGNITO_CLIENT_ID: dashboardClient.userPoolClientId,
      // Its presence switches the dashboard from the local issuer's form to the hosted UI.
      VITE_COGNITO_DOMAIN: hostedUiUrl,
    },
    // SST would write web/src/sst-env.d.ts; web/src declares its own env types.
    vite: { types: `${WEB_AWS_BUILD_DIR}-env.d.ts` },
    cdk: { distribution: { defaultBehavior: { responseHeadersPolicy: securityHeaders } } },
  });
  const dashboardOrigin = site.url as string;

  new AwsCustomResource(stack, "ApiCorsForDashboard", {
    onUpdate: {
      service: "ApiGatewayV2",
      action: "UpdateApi",
      parameters: {
        ApiId: api.httpApiId,
        CorsConfiguration: {
          AllowOrigins: [dashboardOrigin],
          AllowMethods: ["GET", "POST", "OPTIONS"],
          AllowHeaders: ["authorization", "content-type"],
          MaxAge: 600,
        },
      },
      physicalResourceId: PhysicalResourceId.of(`${api.httpApiId}-cors`),
    },
    policy: AwsCustomResourcePolicy.fromStatements([
      new PolicyStatement({
        actions: ["apigateway:PATCH"],
        resources: [`arn:${stack.partition}:apigateway:${region}::/apis/${api.httpApiId}`],
      }),
    ]),
    installLatestAwsSdk: false,
  });

  stack.addOutputs({ DashboardUrl: dashboardOrigin });
  return { site };
}

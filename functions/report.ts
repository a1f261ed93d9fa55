/**
 * Lambda entry point of the weekly report (`GET /v1/reports/weekly`): the same Hono app as the
 * API, with the PDF renderer the API's bundle leaves out (pdfkit and the embedded font are too big
 * for it). The gateway routes only the report here; the font files ship beside the bundle.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { createApp } from "@ioc/api";
import { createDeviceTokenVerifier } from "@ioc/aws";
import { cognitoIssuer, cognitoJwks, createCognitoVerifier, withDeviceTokens } from "@ioc/identity";
import { renderWeeklyReportPdf } from "@ioc/report";
import { createDynamoStores } from "@ioc/store";
import { handle } from "hono/aws-lambda";
import { defaultProvinceFromEnv, devicePublicJwkFromEnv, dynamoClient, tablesFromEnv, userPoolFromEnv } from "./env.js";

const pool = userPoolFromEnv();
const issuer = cognitoIssuer(pool.region, pool.userPoolId);
const users = createCognitoVerifier({ jwks: cognitoJwks(issuer), issuer, clientId: pool.clientId });
const deviceKey = devicePublicJwkFromEnv();

export const handler = handle(
  createApp({
    ...createDynamoStores({ client: dynamoClient(), tables: tablesFromEnv() }),
    clock: Date.now,
    logger: new Logger({ serviceName: "ioc-report" }),
    defaultProvince: defaultProvinceFromEnv(),
    auth: { verifier: deviceKey ? withDeviceTokens(users, createDeviceTokenVerifier(deviceKey, Date.now)) : users },
    reports: renderWeeklyReportPdf,
  }),
);

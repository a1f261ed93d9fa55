/** Lambda entry point of the live socket's `$default` route: subscribe, resume and ping. */
import { Logger } from "@aws-lambda-powertools/logger";
import { ApiGatewayManagementApiClient } from "@aws-sdk/client-apigatewaymanagementapi";
import {
  createConnectionStore,
  createLiveSequenceStore,
  createManagementApiPoster,
  createMessageHandler,
  managementEndpoint,
} from "@ioc/aws";
import { withoutSdkLogFilter } from "@ioc/store";
import { connectionsTableFromEnv, dynamoClient } from "./env.js";

const deps = { client: dynamoClient(), table: connectionsTableFromEnv(), clock: Date.now };
// One Management API client per endpoint and container; the endpoint comes with each event.
const posters = new Map<string, ReturnType<typeof createManagementApiPoster>>();

export const handler = createMessageHandler({
  connections: createConnectionStore(deps),
  sequence: createLiveSequenceStore(deps),
  poster: ({ requestContext: { domainName, stage } }) => {
    const endpoint = managementEndpoint(domainName, stage);
    let poster = posters.get(endpoint);
    if (!poster) {
      poster = createManagementApiPoster(withoutSdkLogFilter(new ApiGatewayManagementApiClient({ endpoint })));
      posters.set(endpoint, poster);
    }
    return poster;
  },
  logger: new Logger({ serviceName: "ioc-live-message" }),
  clock: Date.now,
});

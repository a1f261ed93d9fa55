/** Lambda entry point of the broadcaster (State stream → live clients over API Gateway WebSockets). */
import { Logger } from "@aws-lambda-powertools/logger";
import { ApiGatewayManagementApiClient } from "@aws-sdk/client-apigatewaymanagementapi";
import {
  createConnectionStore,
  createLiveSequenceStore,
  createManagementApiPoster,
  createManagementPublisher,
} from "@ioc/aws";
import { createBroadcaster } from "@ioc/pipeline";
import { withoutSdkLogFilter } from "@ioc/store";
import { connectionsTableFromEnv, dynamoClient, liveEndpointFromEnv } from "./env.js";

const deps = { client: dynamoClient(), table: connectionsTableFromEnv(), clock: Date.now };

export const handler = createBroadcaster({
  publisher: createManagementPublisher({
    connections: createConnectionStore(deps),
    sequence: createLiveSequenceStore(deps),
    poster: createManagementApiPoster(
      withoutSdkLogFilter(new ApiGatewayManagementApiClient({ endpoint: liveEndpointFromEnv() })),
    ),
    logger: new Logger({ serviceName: "ioc-broadcaster" }),
  }),
});

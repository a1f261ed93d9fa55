/**
 * The live feed: an API Gateway WebSocket API whose `$connect` admits only signed-in dashboard
 * users (the Cognito JWT in `?token=`) and enrolled wall devices (their own token, same place),
 * verified in the function; `$default` speaks the live protocol, `$disconnect` cleans up. The broadcaster (Processing) posts through its callback URL.
 */
import { Function as SstFunction, type StackContext, use, WebSocketApi } from "sst/constructs";
import { Auth } from "./Auth.js";
import { grantTable, TABLE_ACCESS } from "./access.js";
import { handlerOf } from "./bundling.js";
import { deployConfig } from "./config.js";
import { Storage } from "./Storage.js";

/** Stage throttle for inbound messages: a dashboard sends a ping every 25 s and little else. */
export const LIVE_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

/** The WebSocket API and its route functions; other stacks `use(Realtime)`. */
export function Realtime({ stack }: StackContext) {
  const { connections } = use(Storage);
  const { userPool, dashboardClient } = use(Auth);
  const environment = { CONNECTIONS_TABLE: connections.tableName };

  const connect = new SstFunction(stack, "LiveConnect", {
    handler: handlerOf("liveConnect"),
    description: "IOC live socket $connect: verifies the dashboard's sign-in",
    memorySize: 256,
    environment: {
      ...environment,
      USER_POOL_ID: userPool.userPoolId,
      USER_POOL_CLIENT_ID: dashboardClient.userPoolClientId,
      // Wall devices connect with their own token (issue 14 item 4), checked with the public half.
      ...(deployConfig().devicePublicJwk ? { DEVICE_PUBLIC_JWK: deployConfig().devicePublicJwk } : {}),
    },
  });
  const disconnect = new SstFunction(stack, "LiveDisconnect", {
    handler: handlerOf("liveDisconnect"),
    description: "IOC live socket $disconnect",
    memorySize: 256,
    environment,
  });
  const message = new SstFunction(stack, "LiveMessage", {
    handler: handlerOf("liveMessage"),
    description: "IOC live socket $default: subscribe, resume, ping",
    memorySize: 256,
    environment,
  });
  grantTable(connect, connections, TABLE_ACCESS.liveConnect.connections);
  grantTable(disconnect, connections, TABLE_ACCESS.liveDisconnect.connections);
  grantTable(message, connections, TABLE_ACCESS.liveMessage.connections);

  // SST grants each route function execute-api:ManageConnections on this API's connections;
  // `$default` needs it to answer, the other two never call it.
  const socket = new WebSocketApi(stack, "Live", {
    routes: { $connect: connect, $disconnect: disconnect, $default: message },
    accessLog: { retention: "one_month" },
    cdk: { webSocketStage: { throttle: LIVE_THROTTLE } },
  });

  stack.addOutputs({ LiveUrl: socket.url });
  return { socket, connect, disconnect, message };
}

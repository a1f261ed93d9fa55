/** Lambda entry point of the live socket's `$disconnect` route: forgets the connection. */
import { createConnectionStore, createDisconnectHandler } from "@ioc/aws";
import { connectionsTableFromEnv, dynamoClient } from "./env.js";

export const handler = createDisconnectHandler({
  connections: createConnectionStore({ client: dynamoClient(), table: connectionsTableFromEnv(), clock: Date.now }),
});

import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import type { StoreProbe } from "@ioc/core";
import type { DynamoDeps } from "./dynamo-helpers.js";

/** Reachability of the store: a cheap DescribeTable. */
export function createStoreProbe({ client, tables }: DynamoDeps): StoreProbe {
  return {
    async ping() {
      await client.send(new DescribeTableCommand({ TableName: tables.state }));
    },
  };
}

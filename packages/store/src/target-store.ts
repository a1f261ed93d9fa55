/** A province's target paths in the Control table (the `TargetStore` port of core). */
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { TargetStore } from "@ioc/core";
import type { DynamoDeps } from "./dynamo-helpers.js";
import { targetsCodec, targetsKey } from "./target-codecs.js";

/** Stored target paths; a province without an item measures against the national defaults. */
export function createTargetStore({ client, tables }: DynamoDeps): TargetStore {
  return {
    async get(province) {
      const result = await client.send(
        new GetItemCommand({ TableName: tables.control, Key: marshall(targetsKey(province)), ConsistentRead: true }),
      );
      return result.Item ? targetsCodec.fromImage(unmarshall(result.Item)) : undefined;
    },
    async put(targets) {
      await client.send(
        new PutItemCommand({ TableName: tables.control, Item: marshall(targetsCodec.toItem(targets)) }),
      );
    },
  };
}

import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { DeviceStore } from "@ioc/core";
import { DEVICE_PARTITION, deviceFromImage, deviceKey, deviceToItem } from "./device-codecs.js";
import { type DynamoDeps, queryAll } from "./dynamo-helpers.js";

/** Wall devices in the Control table (device-codecs.ts). */
export function createDeviceStore({ client, tables }: DynamoDeps): DeviceStore {
  return {
    async put(device) {
      await client.send(new PutItemCommand({ TableName: tables.control, Item: marshall(deviceToItem(device)) }));
    },
    async get(id) {
      const result = await client.send(
        new GetItemCommand({ TableName: tables.control, Key: marshall(deviceKey(id)), ConsistentRead: true }),
      );
      return result.Item ? deviceFromImage(unmarshall(result.Item)) : undefined;
    },
    async list() {
      const items = await queryAll(client, {
        TableName: tables.control,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": DEVICE_PARTITION }),
      });
      return items.map((i) => deviceFromImage(i)).sort((a, b) => a.createdAt - b.createdAt);
    },
  };
}

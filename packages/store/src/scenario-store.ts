import { GetItemCommand, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { SavedScenario, ScenarioStore } from "@ioc/core";
import { type DynamoDeps, queryAll } from "./dynamo-helpers.js";
import { type ItemKey, scenarioCodec } from "./entity-codecs.js";
import { scenarioByIdKey, scenarioKey, scenarioPartition } from "./keys.js";

/** Planners' saved scenarios, in the Control table: one copy under the owner, one by id. */
export function createScenarioStore({ client, tables }: DynamoDeps): ScenarioStore {
  const item = (key: ItemKey, scenario: SavedScenario) => marshall(scenarioCodec.toItem(scenario, key));
  return {
    async put(scenario) {
      // One transaction: a shared link never points at a scenario missing from its owner's list.
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: tables.control, Item: item(scenarioByIdKey(scenario.id), scenario) } },
            { Put: { TableName: tables.control, Item: item(scenarioKey(scenario.owner, scenario.id), scenario) } },
          ],
        }),
      );
    },
    async get(id) {
      const result = await client.send(
        new GetItemCommand({ TableName: tables.control, Key: marshall(scenarioByIdKey(id)), ConsistentRead: true }),
      );
      return result.Item ? scenarioCodec.fromImage(unmarshall(result.Item)) : undefined;
    },
    async listByOwner(owner) {
      const items = await queryAll(client, {
        TableName: tables.control,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": scenarioPartition(owner) }),
      });
      return items
        .map((i) => scenarioCodec.fromImage(i))
        .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
    },
  };
}

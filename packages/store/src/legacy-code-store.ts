import { marshall } from "@aws-sdk/util-dynamodb";
import type { LegacyCodeEntry, LegacyCodeStore } from "@ioc/core";
import { batchGet, batchWrite, type DynamoDeps } from "./dynamo-helpers.js";
import { ENTITY, legacyCodeKey } from "./keys.js";

/** The pre-2025 code mapping, one Control item per old code. */
export function createLegacyCodeStore({ client, tables }: DynamoDeps): LegacyCodeStore {
  const getMany = async (oldCodes: readonly string[]) => {
    const items = await batchGet(client, tables.control, [...new Set(oldCodes)].map(legacyCodeKey));
    return new Map(items.map((item) => [String(item.oldCode), JSON.parse(String(item.data)) as LegacyCodeEntry]));
  };
  return {
    async get(oldCode) {
      return (await getMany([oldCode])).get(oldCode);
    },
    getMany,
    async putAll(entries) {
      const requests = [...entries].map((entry) => ({
        PutRequest: {
          Item: marshall({
            ...legacyCodeKey(entry.oldCode),
            entity: ENTITY.legacyCode,
            oldCode: entry.oldCode,
            data: JSON.stringify(entry),
          }),
        },
      }));
      await batchWrite(client, tables.control, requests);
    },
  };
}

import { marshall } from "@aws-sdk/util-dynamodb";
import type { LegacyCodeStore } from "@ioc/core";
import { batchGet, batchWrite, type DynamoDeps } from "./dynamo-helpers.js";
import { legacyCodeCodec } from "./entity-codecs.js";
import { legacyCodeKey } from "./keys.js";

/** The pre-2025 code mapping, one Control item per old code. */
export function createLegacyCodeStore({ client, tables }: DynamoDeps): LegacyCodeStore {
  const getMany = async (oldCodes: readonly string[]) => {
    const items = await batchGet(client, tables.control, [...new Set(oldCodes)].map(legacyCodeKey));
    return new Map(items.map((item) => legacyCodeCodec.fromImage(item)).map((entry) => [entry.oldCode, entry]));
  };
  return {
    async get(oldCode) {
      return (await getMany([oldCode])).get(oldCode);
    },
    getMany,
    async putAll(entries) {
      const requests = [...entries].map((entry) => ({
        PutRequest: {
          Item: marshall(legacyCodeCodec.toItem(entry)),
        },
      }));
      await batchWrite(client, tables.control, requests);
    },
  };
}

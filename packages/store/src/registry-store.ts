import { PutItemCommand, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Commune, Province, RegistryStore } from "@ioc/core";
import { batchGet, batchWrite, type DynamoDeps, queryAll } from "./dynamo-helpers.js";
import { COMMUNE_SK_PREFIX, communeIndexKey, communeKey, ENTITY, provinceKey } from "./keys.js";

/** The registry of provinces and communes, in the Control table. */
export function createRegistryStore({ client, tables }: DynamoDeps): RegistryStore {
  return {
    async getProvince(code: string) {
      const items = await queryAll(client, {
        TableName: tables.control,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": provinceKey(code).pk }),
      });
      const meta = items.find((item) => item.sk === "META");
      if (!meta) return undefined;
      const communes = items
        .filter((item) => String(item.sk).startsWith(COMMUNE_SK_PREFIX))
        .map((item) => JSON.parse(String(item.data)) as Commune)
        .sort((a, b) => a.code.localeCompare(b.code));
      return { code, name: String(meta.name), synthetic: Boolean(meta.synthetic), communes };
    },
    async putProvince(province: Province) {
      // Communes and their code index first, the header last: a reader that finds the header
      // finds every commune.
      const requests: WriteRequest[] = province.communes.flatMap((commune) => [
        {
          PutRequest: {
            Item: marshall({
              ...communeKey(province.code, commune.code),
              entity: ENTITY.commune,
              data: JSON.stringify(commune),
            }),
          },
        },
        {
          PutRequest: {
            Item: marshall({ ...communeIndexKey(commune.code), entity: ENTITY.communeIndex, province: province.code }),
          },
        },
      ]);
      await batchWrite(client, tables.control, requests);
      await client.send(
        new PutItemCommand({
          TableName: tables.control,
          Item: marshall({
            ...provinceKey(province.code),
            entity: ENTITY.province,
            name: province.name,
            synthetic: province.synthetic,
            communeCount: province.communes.length,
          }),
        }),
      );
    },
    async removeCommunes(province: string, codes: readonly string[]) {
      const requests: WriteRequest[] = codes.flatMap((code) => [
        { DeleteRequest: { Key: marshall(communeKey(province, code)) } },
        { DeleteRequest: { Key: marshall(communeIndexKey(code)) } },
      ]);
      await batchWrite(client, tables.control, requests);
    },
    async provincesOf(codes: readonly string[]) {
      const unique = [...new Set(codes)];
      const items = await batchGet(client, tables.control, unique.map(communeIndexKey));
      return new Map(items.map((item) => [String(item.pk).slice("CODE#".length), String(item.province)]));
    },
  };
}

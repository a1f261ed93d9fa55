import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { Province, RegistryStore } from "@ioc/core";
import { batchGet, batchWrite, type DynamoDeps, queryAll } from "./dynamo-helpers.js";
import { communeCodec, communeIndexCodec, provinceHeaderCodec } from "./entity-codecs.js";
import { communeIndexKey, communeKey, communeSkPrefix, provinceKey } from "./keys.js";

/** Two imports raced; the later one must be re-run on top of the earlier. */
export class RegistryConflictError extends Error {
  readonly code = "registry-conflict";
}

/**
 * The registry of provinces and communes, in the Control table. Each import is a new version:
 * its communes are written under the version, then the header switches to it with one
 * conditional write. A reader follows the header, so an import that fails part-way changes
 * nothing anyone sees. The version before the current one is kept (a reader may still be on it);
 * older ones are deleted.
 */
export function createRegistryStore({ client, tables }: DynamoDeps): RegistryStore {
  const header = async (code: string) => {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tables.control, Key: marshall(provinceKey(code)), ConsistentRead: true }),
    );
    return Item ? provinceHeaderCodec.fromImage(unmarshall(Item)) : undefined;
  };
  const communesOf = async (code: string, version: number) =>
    (
      await queryAll(client, {
        TableName: tables.control,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: marshall({ ":pk": provinceKey(code).pk, ":prefix": communeSkPrefix(version) }),
      })
    ).map((item) => communeCodec.fromImage(item));

  return {
    async getProvince(code: string) {
      const meta = await header(code);
      if (!meta) return undefined;
      const communes = (await communesOf(code, meta.version)).sort((a, b) => a.code.localeCompare(b.code));
      return { code, name: meta.name, synthetic: meta.synthetic, communes };
    },
    async putProvince(province: Province) {
      const current = await header(province.code);
      const previous = current?.version ?? 0;
      const version = previous + 1;
      const requests: WriteRequest[] = province.communes.flatMap((commune) => [
        {
          PutRequest: {
            Item: marshall(communeCodec.toItem(commune, communeKey(province.code, commune.code, version))),
          },
        },
        {
          PutRequest: {
            Item: marshall(communeIndexCodec.toItem({ province: province.code }, communeIndexKey(commune.code))),
          },
        },
      ]);
      await batchWrite(client, tables.control, requests);
      try {
        await client.send(
          new PutItemCommand({
            TableName: tables.control,
            Item: marshall(
              provinceHeaderCodec.toItem(
                { name: province.name, synthetic: province.synthetic, communeCount: province.communes.length, version },
                provinceKey(province.code),
              ),
            ),
            ConditionExpression: current
              ? previous === 0
                ? "attribute_not_exists(version)"
                : "version = :previous"
              : "attribute_not_exists(pk)",
            ...(current && previous > 0 ? { ExpressionAttributeValues: marshall({ ":previous": previous }) } : {}),
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          throw new RegistryConflictError(`province ${province.code} was imported concurrently; run the import again`);
        }
        throw error;
      }
      // The version two back is no longer read by anyone: remove it.
      if (previous >= 1) {
        const stale = await communesOf(province.code, previous - 1);
        await batchWrite(
          client,
          tables.control,
          stale.map((c) => ({ DeleteRequest: { Key: marshall(communeKey(province.code, c.code, previous - 1)) } })),
        );
      }
    },
    async removeCommunes(_province: string, codes: readonly string[]) {
      // The new version already lacks them; only their code index must go.
      await batchWrite(
        client,
        tables.control,
        codes.map((code) => ({ DeleteRequest: { Key: marshall(communeIndexKey(code)) } })),
      );
    },
    async provincesOf(codes: readonly string[]) {
      const unique = [...new Set(codes)];
      const items = await batchGet(client, tables.control, unique.map(communeIndexKey));
      // The commune is in the key only; the province is decoded by the index's codec.
      return new Map(
        items.map((item) => [String(item.pk).slice("CODE#".length), communeIndexCodec.fromImage(item).province]),
      );
    },
  };
}

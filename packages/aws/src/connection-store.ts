/**
 * Live connections on AWS, in the Connections table. `$connect` writes a connection item (who is
 * connected); `subscribe` adds the connection to its province's partition, which is what the
 * broadcaster queries to fan a message out; `$disconnect` and a 410 Gone remove both. Items expire
 * (TTL) when API Gateway would have closed the connection anyway, so nothing outlives a lost
 * `$disconnect` by more than two hours.
 */
import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { Principal } from "@ioc/core";
import {
  CONNECTION_SK_PREFIX,
  CONNECTION_TTL_ATTRIBUTE,
  connectionKey,
  ENTITY,
  queryAll,
  subscriptionKey,
  subscriptionPartition,
} from "@ioc/store";

/** API Gateway closes every WebSocket connection after two hours. */
export const CONNECTION_LIFETIME_SECONDS = 2 * 60 * 60;

/** What the table knows about one connection. */
export interface ConnectionRecord {
  connectionId: string;
  principal: Principal;
  /** The province subscribed to, once the client has sent `subscribe`. */
  province?: string;
  connectedAt: number;
  /** When the sign-in token expires (epoch ms): the session closes the socket then. */
  expiresAt?: number;
}

/** Connections and their subscriptions. */
export interface ConnectionStore {
  /** Remembers an authorized connection, with its token's expiry (epoch ms) when it has one. */
  open(connectionId: string, principal: Principal, expiresAt?: number): Promise<void>;
  get(connectionId: string): Promise<ConnectionRecord | undefined>;
  /** Subscribes the connection to one province (replacing any earlier one); false when it is gone. */
  subscribe(connectionId: string, province: string): Promise<boolean>;
  /** The connections subscribed to a province, leaving out those whose token has expired. */
  subscribers(province: string): Promise<string[]>;
  /** Forgets a connection and its subscription; a no-op for an unknown one. */
  close(connectionId: string): Promise<void>;
}

/** What the DynamoDB connection store needs. */
export interface ConnectionStoreDeps {
  client: DynamoDBClient;
  table: string;
  clock: () => number;
}

/** The DynamoDB implementation of the connection store. */
export function createConnectionStore({ client, table, clock }: ConnectionStoreDeps): ConnectionStore {
  const nowSeconds = () => Math.floor(clock() / 1000);

  const get = async (connectionId: string) => {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: table, Key: marshall(connectionKey(connectionId)), ConsistentRead: true }),
    );
    return Item ? unmarshall(Item) : undefined;
  };

  return {
    async open(connectionId, principal, expiresAt) {
      const connectedAt = clock();
      await client.send(
        new PutItemCommand({
          TableName: table,
          Item: marshall({
            ...connectionKey(connectionId),
            entity: ENTITY.connection,
            connectionId,
            principal: JSON.stringify(principal),
            connectedAt,
            ...(expiresAt === undefined ? {} : { tokenExpiresAt: expiresAt }),
            [CONNECTION_TTL_ATTRIBUTE]: Math.floor(connectedAt / 1000) + CONNECTION_LIFETIME_SECONDS,
          }),
        }),
      );
    },

    async get(connectionId) {
      const item = await get(connectionId);
      if (!item) return undefined;
      return {
        connectionId,
        principal: JSON.parse(String(item.principal)) as Principal,
        ...(typeof item.province === "string" ? { province: item.province } : {}),
        connectedAt: Number(item.connectedAt),
        ...(typeof item.tokenExpiresAt === "number" ? { expiresAt: item.tokenExpiresAt } : {}),
      };
    },

    async subscribe(connectionId, province) {
      const item = await get(connectionId);
      if (!item) return false;
      const previous = typeof item.province === "string" ? item.province : undefined;
      // The subscription lapses with the token: the broadcaster's query skips it from then on,
      // so an expired sign-in receives nothing even before the session closes its socket.
      const lifetime = Number(item[CONNECTION_TTL_ATTRIBUTE]);
      const expiresAt =
        typeof item.tokenExpiresAt === "number" ? Math.min(lifetime, Math.floor(item.tokenExpiresAt / 1000)) : lifetime;
      try {
        // One transaction, conditional on the connection item: a `$disconnect` that deleted it
        // in the meantime must not leave a subscription behind for the broadcaster to post to.
        await client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table,
                  Key: marshall(connectionKey(connectionId)),
                  UpdateExpression: "SET province = :province",
                  ConditionExpression: "attribute_exists(pk)",
                  ExpressionAttributeValues: marshall({ ":province": province }),
                },
              },
              {
                Put: {
                  TableName: table,
                  Item: marshall({
                    ...subscriptionKey(province, connectionId),
                    entity: ENTITY.subscription,
                    connectionId,
                    [CONNECTION_TTL_ATTRIBUTE]: expiresAt,
                  }),
                },
              },
              ...(previous && previous !== province
                ? [{ Delete: { TableName: table, Key: marshall(subscriptionKey(previous, connectionId)) } }]
                : []),
            ],
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof TransactionCanceledException) return false;
        throw error;
      }
    },

    async subscribers(province) {
      const items = await queryAll(client, {
        TableName: table,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        // TTL deletes lazily; an expired subscription's connection is closed already, or its token
        // has run out (the subscription's TTL is the token's `exp` when that comes first).
        FilterExpression: "#expiresAt > :now",
        ExpressionAttributeNames: { "#expiresAt": CONNECTION_TTL_ATTRIBUTE },
        ExpressionAttributeValues: marshall({
          ":pk": subscriptionPartition(province),
          ":prefix": CONNECTION_SK_PREFIX,
          ":now": nowSeconds(),
        }),
        ProjectionExpression: "connectionId",
        // Strongly consistent, so a client that subscribed before this query receives the message.
        ConsistentRead: true,
      });
      return items.map((item) => String(item.connectionId));
    },

    async close(connectionId) {
      const item = await get(connectionId);
      if (!item) return;
      if (typeof item.province === "string") {
        await client.send(
          new DeleteItemCommand({ TableName: table, Key: marshall(subscriptionKey(item.province, connectionId)) }),
        );
      }
      await client.send(new DeleteItemCommand({ TableName: table, Key: marshall(connectionKey(connectionId)) }));
    },
  };
}

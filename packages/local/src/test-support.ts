/**
 * Helpers for tests and benchmarks that exercise the real pipeline: read a stream to its current
 * end as Lambda would receive it, open live sockets from Node, write a reading no processor can take.
 */
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import type { WebSocketLike } from "@ioc/client";
import type { ServerMessage } from "@ioc/core";
import type { LiveTestConnection } from "@ioc/live/conformance";
import { readingKey } from "@ioc/store";
import type { DynamoDBStreamEvent } from "aws-lambda";
import WebSocket from "ws";
import type { Runtime } from "./runtime.js";
import { toLambdaRecord } from "./stream-poller.js";

/**
 * A reading item of the demo simulator missing its value, written straight to the Readings table:
 * the processor can never handle it, so the poller sets it aside as a dead letter.
 */
export async function writePoisonReading(runtime: Runtime, observedAt: number): Promise<void> {
  await runtime.dynamo.client.send(
    new PutItemCommand({
      TableName: runtime.tables.readings,
      Item: {
        ...Object.fromEntries(Object.entries(readingKey("demo-simulator", "poison")).map(([k, v]) => [k, { S: v }])),
        entity: { S: "reading" },
        sourceId: { S: "demo-simulator" },
        readingId: { S: "poison" },
        province: { S: "99" },
        commune: { S: "99001" },
        metric: { S: "net.coverage_4g" },
        observedAt: { N: String(observedAt) },
      },
    }),
  );
}

/** Every record currently in a stream (all shards, oldest first), as one Lambda event. */
export async function readWholeStream(streams: DynamoDBStreamsClient, streamArn: string): Promise<DynamoDBStreamEvent> {
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const records: DynamoDBStreamEvent["Records"] = [];
  for (const shard of StreamDescription?.Shards ?? []) {
    let { ShardIterator: iterator } = await streams.send(
      new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }),
    );
    // An open shard always returns a next iterator; stop at the first empty page.
    while (iterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      const batch = page.Records ?? [];
      for (const record of batch) records.push(toLambdaRecord(record, streamArn, "ap-southeast-1"));
      if (batch.length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return { Records: records };
}

/** A `ws` socket typed for the live client (Node 20 has no global WebSocket). */
export function nodeSocket(url: string): WebSocketLike {
  return new WebSocket(url) as unknown as WebSocketLike;
}

/** A raw `ws` client of the live socket that queues what it receives, as the conformance suite reads it. */
export async function openTestSocket(url: string): Promise<LiveTestConnection & { socket: WebSocket }> {
  const socket = new WebSocket(url);
  const received: ServerMessage[] = [];
  let wake: (() => void) | undefined;
  socket.on("message", (data) => {
    received.push(JSON.parse(String(data)) as ServerMessage);
    wake?.();
  });
  const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("unexpected-response", (_request, response) => reject(new Error(`upgrade: ${response.statusCode}`)));
    socket.once("error", reject);
  });
  return {
    socket,
    send: (frame) => new Promise((resolve, reject) => socket.send(frame, (e) => (e ? reject(e) : resolve()))),
    async next() {
      while (received.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return received.shift() as ServerMessage;
    },
    closed: () => closed,
  };
}

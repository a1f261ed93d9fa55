/**
 * Reads a DynamoDB stream the way Lambda's event source mapping does and hands each batch to the
 * same handler the Lambda runs, as a `DynamoDBStreamEvent`. Honours `batchItemFailures` by
 * retrying from the first failed record, caps retries, and checkpoints progress so a restart
 * resumes where it stopped (handlers are idempotent, so re-reading is harmless).
 */
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type Shard,
  type ShardIteratorType,
  TrimmedDataAccessException,
} from "@aws-sdk/client-dynamodb-streams";
import type { CheckpointStore } from "@ioc/store";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";

/** A stream handler: what `functions/processor.ts` and `functions/broadcaster.ts` export. */
export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;

/** Logging the poller needs. */
export interface PollerLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** Options of a poller. */
export interface StreamPollerOptions {
  /** Names the consumer in checkpoints and logs, e.g. "processor". */
  name: string;
  streams: DynamoDBStreamsClient;
  streamArn: string;
  handler: StreamHandler;
  checkpoints: CheckpointStore;
  logger: PollerLogger;
  /** Wait between empty reads; the lower, the fresher the dashboard. */
  idleMs?: number;
  /** Attempts per failing record before it is set aside. */
  maxAttempts?: number;
  /**
   * Like Lambda's MaximumBatchingWindowInSeconds: once records arrive, keep gathering for up to
   * this long (or until `maxBatch`), so the handler coalesces more readings per write.
   */
  batchWindowMs?: number;
  /** Most records per handler call (Lambda's BatchSize). */
  maxBatch?: number;
  /**
   * Called with records that failed every attempt (a dead-letter sink), and the shard they came
   * from. The shard moves past them only once this resolves; if it throws, they are retried.
   */
  onGiveUp?: (records: DynamoDBRecord[], error: unknown, shardId: string) => Promise<void>;
  region?: string;
  /**
   * False while the store is known to be down: the poller waits instead of reading, and a batch
   * that failed meanwhile is retried from its checkpoint without counting an attempt, so a dead
   * store never sends good records to the dead-letter sink.
   */
  available?: () => boolean;
}

/** A running poller. */
export interface StreamPoller {
  stop(): Promise<void>;
  /** Resolves when every record written before this call has been handed to the handler. */
  drained(): Promise<void>;
}

interface ShardState {
  shard: Shard;
  iterator?: string;
  ended: boolean;
  lastSequence?: string;
  attempts: number;
  /** Since when records may have been waiting to be read (see the batching window). */
  waitingSince?: number;
}

/** Converts a stream record as GetRecords returns it into the Lambda event record shape. */
export function toLambdaRecord(record: _Record, streamArn: string, region: string): DynamoDBRecord {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    // DynamoDB Local reports TTL deletions under a name the SDK does not know; keep it as is.
    eventName: record.eventName as DynamoDBRecord["eventName"],
    eventVersion: record.eventVersion ?? "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: record.awsRegion ?? region,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(record.dynamodb as NonNullable<DynamoDBRecord["dynamodb"]>),
      ApproximateCreationDateTime: created instanceof Date ? Math.floor(created.getTime() / 1000) : (created as never),
    },
    ...(record.userIdentity ? { userIdentity: record.userIdentity } : {}),
  };
}

/** Starts polling; the returned poller runs until stopped. */
export function startStreamPoller(options: StreamPollerOptions): StreamPoller {
  const idleMs = options.idleMs ?? 100;
  const maxAttempts = options.maxAttempts ?? 4;
  const batchWindowMs = options.batchWindowMs ?? 0;
  const maxBatch = Math.min(options.maxBatch ?? 1000, 10_000);
  const region = options.region ?? "ap-southeast-1";
  const { streams, streamArn, logger, name } = options;
  const shards = new Map<string, ShardState>();
  let stopped = false;
  let wake: (() => void) | undefined;
  let drainWaiters: Array<() => void> = [];
  let cycleRecords = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const refreshShards = async () => {
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        if (shard.ShardId && !shards.has(shard.ShardId)) {
          const saved = await options.checkpoints.get(name, shard.ShardId);
          shards.set(shard.ShardId, {
            shard,
            ended: saved?.ended ?? false,
            ...(saved?.sequenceNumber ? { lastSequence: saved.sequenceNumber } : {}),
            attempts: 0,
          });
        }
      }
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
  };

  const iteratorFor = async (state: ShardState, type?: ShardIteratorType, sequence?: string) => {
    const iteratorType = type ?? (state.lastSequence ? "AFTER_SEQUENCE_NUMBER" : "TRIM_HORIZON");
    const at = sequence ?? state.lastSequence;
    try {
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: state.shard.ShardId,
          ShardIteratorType: iteratorType,
          ...(iteratorType === "TRIM_HORIZON" || iteratorType === "LATEST" ? {} : { SequenceNumber: at }),
        }),
      );
      return ShardIterator;
    } catch (error) {
      if (error instanceof TrimmedDataAccessException) {
        logger.warn("checkpoint is older than the stream's retention; reading from the oldest record", { name });
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: state.shard.ShardId,
            ShardIteratorType: "TRIM_HORIZON",
          }),
        );
        return ShardIterator;
      }
      throw error;
    }
  };

  /** Reads one batch from a shard and hands it to the handler; returns how many records it read. */
  const pollShard = async (state: ShardState): Promise<number> => {
    if (!state.iterator) state.iterator = await iteratorFor(state);
    if (!state.iterator) {
      state.ended = true;
      return 0;
    }
    const records: _Record[] = [];
    let nextIterator: string | undefined = state.iterator;
    // The window counts from when records could first have been waiting: the last time the shard
    // was seen empty or a batch was handed over. Under load, records gathered while the previous
    // batch was being handled have waited long enough already; at a trickle it batches as before.
    const started = state.waitingSince ?? Date.now();
    try {
      while (nextIterator) {
        const result: GetRecordsCommandOutput = await streams.send(
          new GetRecordsCommand({ ShardIterator: nextIterator, Limit: Math.min(1000, maxBatch - records.length) }),
        );
        records.push(...(result.Records ?? []));
        nextIterator = result.NextShardIterator;
        if (records.length === 0) state.waitingSince = Date.now();
        const elapsed = Date.now() - started;
        if (records.length === 0 || records.length >= maxBatch || elapsed >= batchWindowMs || stopped) break;
        await new Promise((resolve) => setTimeout(resolve, Math.min(25, batchWindowMs - elapsed)));
      }
    } catch (error) {
      // An expired iterator, or (DynamoDB Local, on a young shard) one that points before the
      // oldest record: take a fresh one from the checkpoint.
      if (error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException) {
        state.iterator = undefined;
        return 0;
      }
      throw error;
    }
    if (records.length > 0) {
      // What arrives from now on waits while this batch is handled.
      state.waitingSince = Date.now();
      // Like Lambda's tumbling-window events, name the shard: the processor remembers positions per shard.
      const event: DynamoDBStreamEvent & { shardId: string } = {
        Records: records.map((r) => toLambdaRecord(r, streamArn, region)),
        shardId: state.shard.ShardId as string,
      };
      const failedFrom = await handleBatch(event);
      if (failedFrom !== undefined && options.available?.() === false) {
        // The store went away under the handler: not the records' fault. Resume from the
        // checkpoint once it is back (handlers are idempotent).
        state.iterator = undefined;
        return records.length;
      }
      if (failedFrom !== undefined) {
        // Like Lambda: retry from the first failed record, everything before it is done.
        const failedIndex = event.Records.findIndex((r) => r.dynamodb?.SequenceNumber === failedFrom);
        const done = event.Records.slice(0, Math.max(failedIndex, 0));
        if (done.length > 0) await checkpoint(state, done.at(-1)?.dynamodb?.SequenceNumber);
        state.attempts++;
        if (state.attempts >= maxAttempts) {
          const failedRecord = event.Records[Math.max(failedIndex, 0)] as DynamoDBRecord;
          logger.error("record failed every attempt; setting it aside", {
            name,
            sequenceNumber: failedFrom,
            attempts: state.attempts,
          });
          await options.onGiveUp?.(
            [failedRecord],
            new Error(`failed ${state.attempts} attempts`),
            state.shard.ShardId as string,
          );
          state.attempts = 0;
          await checkpoint(state, failedFrom);
          state.iterator = await iteratorFor(state, "AFTER_SEQUENCE_NUMBER", failedFrom);
        } else {
          await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 100 * 2 ** state.attempts)));
          state.iterator = await iteratorFor(state, "AT_SEQUENCE_NUMBER", failedFrom);
        }
        return records.length;
      }
      state.attempts = 0;
      await checkpoint(state, records.at(-1)?.dynamodb?.SequenceNumber);
    }
    state.iterator = nextIterator;
    if (!state.iterator) {
      state.ended = true;
      await options.checkpoints.put(name, state.shard.ShardId as string, state.lastSequence, true);
    }
    return records.length;
  };

  const handleBatch = async (event: DynamoDBStreamEvent): Promise<string | undefined> => {
    try {
      const response = await options.handler(event);
      const failures = response?.batchItemFailures ?? [];
      if (failures.length === 0) return undefined;
      const failed = new Set(failures.map((f) => f.itemIdentifier));
      return event.Records.find((r) => failed.has(r.dynamodb?.SequenceNumber ?? ""))?.dynamodb?.SequenceNumber;
    } catch (error) {
      logger.warn("handler failed the whole batch", { name, error: String(error) });
      return event.Records[0]?.dynamodb?.SequenceNumber;
    }
  };

  const checkpoint = async (state: ShardState, sequence: string | undefined) => {
    if (!sequence) return;
    state.lastSequence = sequence;
    await options.checkpoints.put(name, state.shard.ShardId as string, sequence, false);
  };

  const readyShards = () =>
    [...shards.values()].filter((s) => {
      if (s.ended) return false;
      const parent = s.shard.ParentShardId ? shards.get(s.shard.ParentShardId) : undefined;
      return !parent || parent.ended; // children wait for their parent: order per key is kept
    });

  const loop = async () => {
    let lastRefresh = 0;
    while (!stopped) {
      if (options.available?.() === false) {
        for (const state of shards.values()) state.iterator = undefined;
        await sleep(Math.max(idleMs, 250));
        continue;
      }
      try {
        if (Date.now() - lastRefresh > 30_000 || readyShards().length === 0) {
          await refreshShards();
          lastRefresh = Date.now();
        }
        cycleRecords = 0;
        for (const state of readyShards()) {
          if (stopped) break;
          cycleRecords += await pollShard(state);
        }
        if (cycleRecords === 0) {
          const waiters = drainWaiters;
          drainWaiters = [];
          for (const resolve of waiters) resolve();
          await sleep(idleMs);
        }
      } catch (error) {
        if (stopped) break;
        logger.error("stream poll failed; retrying", { name, error: String(error) });
        for (const state of shards.values()) state.iterator = undefined;
        await sleep(1_000);
      }
    }
  };
  const running = loop();

  return {
    async stop() {
      stopped = true;
      wake?.();
      await running;
    },
    drained() {
      return new Promise<void>((resolve) => {
        // Needs one full empty cycle that started after this call.
        let seenCycle = false;
        const waiter = () => {
          if (seenCycle) resolve();
          else {
            seenCycle = true;
            drainWaiters.push(waiter);
          }
        };
        drainWaiters.push(waiter);
      });
    },
  };
}

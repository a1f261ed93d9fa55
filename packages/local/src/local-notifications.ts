/**
 * Notifications in the local runtime: the dev inbox (a real SMTP receiver and a webhook receiver
 * with a page), the demo province's default policy pointing at them, the outbox writer on the
 * State stream (its own poller and checkpoint, as its own Lambda event source on AWS), and the
 * notifier draining the outbox in a loop.
 */
import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import type { NotificationPolicy } from "@ioc/core";
import {
  createNotificationChannels,
  createNotifier,
  createOutboxWriter,
  type MailTransport,
  startNotifierLoop,
} from "@ioc/pipeline";
import {
  type CheckpointStore,
  createNotificationStore,
  latestStreamArn,
  type NotificationStore,
  type TableNames,
} from "@ioc/store";
import type { DynamoDBRecord } from "aws-lambda";
import type { ConsoleLogger } from "./console-logger.js";
import { type DevInbox, startDevInbox } from "./dev-inbox.js";
import { type StreamPoller, startStreamPoller } from "./stream-poller.js";

/** The id prefix of policy webhooks that point at the dev inbox (refreshed at every start). */
export const DEV_INBOX_WEBHOOK = "dev-inbox";

/** The demo province's policy: the on-duty list first, the leaders after 15 minutes unacknowledged. */
export function demoPolicy(province: string, inbox: { webhookUrl: string; secret: string }): NotificationPolicy {
  return {
    province,
    people: [
      { id: "truc-ban-1", name: "Nguyễn Thị Hoa (trực ban)", email: "truc-ban-1@ioc.local" },
      { id: "truc-ban-2", name: "Trần Văn Nam (trực ban)", email: "truc-ban-2@ioc.local" },
      { id: "lanh-dao", name: "Lê Quốc Minh (Phó Giám đốc Sở)", email: "lanh-dao@ioc.local" },
    ],
    dutyLists: [{ id: "ca-truc", name: "Ca trực IOC", members: ["truc-ban-1", "truc-ban-2"] }],
    webhooks: [
      {
        id: DEV_INBOX_WEBHOOK,
        name: "Zalo OA (hộp thư thử nghiệm)",
        url: `${inbox.webhookUrl}/zalo`,
        secret: inbox.secret,
      },
    ],
    routes: [
      {
        severities: ["critical"],
        levels: [
          { afterMinutes: 0, email: ["ca-truc"], webhooks: [DEV_INBOX_WEBHOOK] },
          { afterMinutes: 15, email: ["lanh-dao"], webhooks: [DEV_INBOX_WEBHOOK] },
        ],
      },
      { severities: ["warning"], levels: [{ afterMinutes: 0, email: ["ca-truc"], webhooks: [DEV_INBOX_WEBHOOK] }] },
    ],
    quietHours: { start: "22:00", end: "06:00" },
  };
}

/** Writes the demo policy when the province has none; else points its dev-inbox webhooks at this run's inbox. */
export async function ensureDemoPolicy(
  store: NotificationStore,
  province: string,
  inbox: { webhookUrl: string; secret: string },
): Promise<void> {
  const existing = await store.getPolicy(province);
  if (!existing) return store.putPolicy(demoPolicy(province, inbox));
  // The inbox's port and secret are this run's: an admin's own webhooks are left alone.
  const webhooks = existing.webhooks.map((w) =>
    w.id.startsWith(DEV_INBOX_WEBHOOK) ? { ...w, url: `${inbox.webhookUrl}/zalo`, secret: inbox.secret } : w,
  );
  await store.putPolicy({ ...existing, webhooks });
}

/** Options of the local notifications. */
export interface LocalNotificationOptions {
  client: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  tables: TableNames;
  checkpoints: CheckpointStore;
  province: string;
  clock: () => number;
  logger: ConsoleLogger;
  available: () => boolean;
  onGiveUp: (records: DynamoDBRecord[], error: unknown, shardId: string) => Promise<void>;
  /** The dev inbox's ports (0: any free one); false for none (then `mail` is where email goes). */
  inbox: { smtpPort: number; httpPort: number } | false;
  mail?: MailTransport;
  pollIdleMs?: number;
}

/** Starts the inbox, the policy, the outbox poller and the notifier loop. */
export async function startLocalNotifications(options: LocalNotificationOptions) {
  const store = createNotificationStore({ client: options.client, tables: options.tables });
  let inbox: DevInbox | undefined;
  if (options.inbox) {
    inbox = await startDevInbox({ ...options.inbox, clock: options.clock });
    await ensureDemoPolicy(store, options.province, inbox);
  }
  const running = inbox;
  const mail: MailTransport = inbox
    ? { kind: "smtp", ...inbox.smtp }
    : (options.mail ?? { kind: "smtp", host: "127.0.0.1", port: 25 });
  const notifier = createNotifier({
    store,
    channels: createNotificationChannels({ mail, from: "IOC <canh-bao@ioc.local>", clock: options.clock }),
    clock: options.clock,
    owner: `local-${randomUUID()}`,
    logger: options.logger,
  });
  const loop = startNotifierLoop(notifier, {
    idleMs: 500,
    onError: (error) => options.logger.warn("notifier", String(error)),
  });
  const writer = createOutboxWriter({ store, clock: options.clock });
  const poller: StreamPoller = startStreamPoller({
    name: "notifier",
    streams: options.streams,
    streamArn: await latestStreamArn(options.client, options.tables.state),
    handler: async (event) => {
      const result = await writer(event);
      // Something was written: send it now rather than at the next idle tick.
      loop.poke();
      return result;
    },
    checkpoints: options.checkpoints,
    logger: options.logger,
    onGiveUp: options.onGiveUp,
    available: options.available,
    ...(options.pollIdleMs ? { idleMs: options.pollIdleMs } : {}),
  });
  return {
    store,
    ...(running ? { inbox: running } : {}),
    drained: () => poller.drained(),
    async stop() {
      await poller.stop();
      await loop.stop();
      await running?.stop();
    },
  };
}

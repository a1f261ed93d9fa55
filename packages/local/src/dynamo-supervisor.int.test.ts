/**
 * The supervised DynamoDB Local: a dead one is restarted on the same port and data, the SDK's
 * connection errors surface as StoreUnavailableError meanwhile, and past the restart limit it
 * gives up with a message in Vietnamese first, then English.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import { type DynamoLocal, type LocalRuntimeError, type StoreStatus, startDynamoLocal } from "./dynamo-local.js";
import { freePort } from "./net.js";
import { StoreUnavailableError } from "./store-availability.js";

const dataDir = mkdtempSync(join(tmpdir(), "ioc-supervisor-"));
let dynamo: DynamoLocal | undefined;

afterAll(async () => {
  await dynamo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a supervised DynamoDB Local", () => {
  it("restarts once, then gives up past its limit with a clear message", { timeout: 120_000 }, async () => {
    const statuses: StoreStatus[] = [];
    const gaveUp: LocalRuntimeError[] = [];
    let restarted = 0;
    const local = await startDynamoLocal({
      port: await freePort(),
      dataDir,
      supervise: {
        maxRestarts: 1,
        windowMs: 60_000,
        onStatus: (status) => statuses.push(status),
        onRestarted: async () => {
          restarted++;
        },
        onGiveUp: (error) => gaveUp.push(error),
      },
    });
    dynamo = local;
    await local.client.send(new ListTablesCommand({}));

    process.kill(local.pid() as number, "SIGKILL");
    // While it is down, calls fail as the named error, not a raw socket error.
    await expect(local.client.send(new ListTablesCommand({}))).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(local.status()).toBe("down");
    await expect.poll(() => local.status(), { timeout: 60_000, interval: 100 }).toBe("up");
    expect(restarted).toBe(1);
    expect(local.restarts()).toBe(1);
    await local.client.send(new ListTablesCommand({}));

    process.kill(local.pid() as number, "SIGKILL");
    await expect.poll(() => local.status(), { timeout: 30_000, interval: 100 }).toBe("failed");
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]?.code).toBe("dynamodb-failed");
    expect(gaveUp[0]?.message).toMatch(/^DynamoDB Local đã dừng 1 lần trong 1 phút; IOC dừng lại/);
    expect(gaveUp[0]?.message).toContain("DynamoDB Local died 1 times within 1 minutes");
    expect(statuses).toEqual(["down", "up", "down", "failed"]);
  });
});

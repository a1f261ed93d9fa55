import type { LatestValueEvent } from "@ioc/core";
import { describe, expect, it } from "vitest";
import type { ConnectionStore } from "./connection-store.js";
import type { LiveSequenceStore } from "./live-sequence-store.js";
import { createManagementPublisher } from "./management-publisher.js";
import { createMemoryLogger, createRecordingPoster } from "./test-support.js";

/** In-memory fakes of the two store ports the publisher uses. */
function fakeStores(subscribers: Record<string, string[]>) {
  const seq = new Map<string, number>();
  const kept: Array<{ province: string; seq: number; frame: string }> = [];
  const closed: string[] = [];
  const connections: Pick<ConnectionStore, "subscribers" | "close"> = {
    async subscribers(province) {
      return (subscribers[province] ?? []).filter((id) => !closed.includes(id));
    },
    async close(id) {
      closed.push(id);
    },
  };
  const sequence: Pick<LiveSequenceStore, "next" | "remember"> = {
    async next(province) {
      const next = (seq.get(province) ?? 0) + 1;
      seq.set(province, next);
      return next;
    },
    async remember(province, s, frame) {
      kept.push({ province, seq: s, frame });
    },
  };
  return { connections, sequence, kept, closed, seq };
}

const event = (value: number, commune = "99001"): LatestValueEvent => ({
  type: "latest",
  province: "99",
  commune,
  metric: "net.coverage_4g",
  value,
  observedAt: Date.parse("2026-11-22T08:00:00Z"),
});

describe("the Management API publisher", () => {
  it("numbers messages per province, keeps them, and posts them to the province's subscribers", async () => {
    const stores = fakeStores({ "99": ["a", "b"], "45": ["c"] });
    const recorder = createRecordingPoster();
    const publisher = createManagementPublisher({ ...stores, poster: recorder.poster, logger: createMemoryLogger() });

    await publisher.publish("99", event(1));
    await publisher.publish("99", event(2));
    await publisher.publish("45", { ...event(3), province: "45" });

    expect(recorder.of("a").map((m) => (m as { seq: number }).seq)).toEqual([1, 2]);
    expect(recorder.of("b")).toEqual(recorder.of("a"));
    expect(recorder.of("c")).toEqual([{ ...event(3), province: "45", seq: 1 }]);
    expect(stores.kept.map(({ province, seq }) => `${province}:${seq}`)).toEqual(["99:1", "99:2", "45:1"]);
  });

  it("forgets a connection that answers 410 Gone and keeps serving the others", async () => {
    const stores = fakeStores({ "99": ["a", "gone", "b"] });
    const recorder = createRecordingPoster({ gone: new Set(["gone"]) });
    const publisher = createManagementPublisher({ ...stores, poster: recorder.poster, logger: createMemoryLogger() });

    await publisher.publish("99", event(1));
    await publisher.publish("99", event(2));

    expect(stores.closed).toEqual(["gone"]);
    expect(recorder.of("a")).toHaveLength(2);
    expect(recorder.of("b")).toHaveLength(2);
  });

  it("closes a connection whose post fails otherwise, so its client reconnects and resumes", async () => {
    const stores = fakeStores({ "99": ["a", "flaky"] });
    const recorder = createRecordingPoster({ failing: new Set(["flaky"]) });
    const logger = createMemoryLogger();
    const publisher = createManagementPublisher({ ...stores, poster: recorder.poster, logger });

    await expect(publisher.publish("99", event(1))).resolves.toBeUndefined();

    expect(recorder.disconnected).toEqual(["flaky"]);
    expect(recorder.of("a")).toHaveLength(1);
    expect(logger.lines.some((l) => l.level === "warn" && l.extra?.connectionId === "flaky")).toBe(true);
  });

  it("refuses a message over the frame limit with a log, before it takes a seq", async () => {
    const stores = fakeStores({ "99": ["a"] });
    const recorder = createRecordingPoster();
    const logger = createMemoryLogger();
    const publisher = createManagementPublisher({ ...stores, poster: recorder.poster, logger });

    await publisher.publish("99", { ...event(1), commune: "x".repeat(40_000) });
    await publisher.publish("99", event(2));

    expect(recorder.of("a")).toEqual([{ ...event(2), seq: 1 }]);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: "error", extra: expect.objectContaining({ province: "99", limit: 32 * 1024 }) }),
    );
  });
});

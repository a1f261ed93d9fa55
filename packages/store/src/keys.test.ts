import { describe, expect, it } from "vitest";
import {
  CONNECTION_SK_PREFIX,
  connectionKey,
  liveMessageKey,
  liveMessagePartition,
  liveSequenceKey,
  scenarioByIdKey,
  scenarioKey,
  scenarioPartition,
  subscriptionKey,
  subscriptionPartition,
} from "./keys.js";

describe("Connections table keys", () => {
  it("puts a province's subscriptions and its sequence in one partition, told apart by sort key", () => {
    expect(subscriptionKey("99", "abc=")).toEqual({ pk: "P#99", sk: "CONN#abc=" });
    expect(subscriptionKey("99", "abc=").pk).toBe(subscriptionPartition("99"));
    expect(subscriptionKey("99", "abc=").sk.startsWith(CONNECTION_SK_PREFIX)).toBe(true);
    expect(liveSequenceKey("99")).toEqual({ pk: "P#99", sk: "SEQ" });
    expect(liveSequenceKey("99").sk.startsWith(CONNECTION_SK_PREFIX)).toBe(false);
  });

  it("finds a connection by its id alone, as $disconnect must", () => {
    expect(connectionKey("abc=")).toEqual({ pk: "CONN#abc=", sk: "META" });
  });

  it("orders kept live messages numerically by sort key", () => {
    const sorts = [9, 10, 100, 2].map((seq) => liveMessageKey("99", seq).sk);
    expect([...sorts].sort()).toEqual([2, 9, 10, 100].map((seq) => liveMessageKey("99", seq).sk));
    expect(liveMessageKey("99", 1).pk).toBe(liveMessagePartition("99"));
    expect(liveMessagePartition("99")).not.toBe(subscriptionPartition("99"));
  });
});

describe("scenario keys", () => {
  it("lists a user's scenarios from one partition and finds any scenario by id alone", () => {
    expect(scenarioKey("user-1", "abc")).toEqual({ pk: "SCENARIO#user-1", sk: "S#abc" });
    expect(scenarioKey("user-1", "abc").pk).toBe(scenarioPartition("user-1"));
    expect(scenarioByIdKey("abc")).toEqual({ pk: "SCENARIO-ID#abc", sk: "SCENARIO" });
    expect(scenarioByIdKey("abc").pk).not.toBe(scenarioPartition("abc"));
  });
});

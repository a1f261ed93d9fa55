import { describe, expect, it } from "vitest";
import { attemptsOf, type DeadLetterItem, deadLetterVisible, summariseStreamRecord } from "./dead-letters.js";
import { usersOfProvince } from "./user-directory.js";

const record = (image: Record<string, unknown>, eventName = "INSERT") =>
  JSON.stringify({ eventID: "e1", eventName, dynamodb: { NewImage: image, SequenceNumber: "1" } });

describe("dead-letter summaries", () => {
  it("read what a reading record carried, and leave out what is missing or unreadable", () => {
    expect(
      summariseStreamRecord(
        record({
          entity: { S: "reading" },
          province: { S: "99" },
          commune: { S: "99001" },
          metric: { S: "net.coverage_4g" },
          value: { N: "12.5" },
          observedAt: { N: "1764576000000" },
          extra: { L: [] },
        }),
      ),
    ).toEqual({
      eventName: "INSERT",
      entity: "reading",
      province: "99",
      commune: "99001",
      metric: "net.coverage_4g",
      value: 12.5,
      observedAt: 1764576000000,
    });
    // A poison record: no value, a value of the wrong type; still summarised.
    expect(summariseStreamRecord(record({ commune: { S: "99001" }, value: { S: "high" } }))).toEqual({
      eventName: "INSERT",
      commune: "99001",
    });
    expect(summariseStreamRecord("not json")).toEqual({});
    expect(summariseStreamRecord("null")).toEqual({});
    expect(
      summariseStreamRecord(JSON.stringify({ eventName: "REMOVE", dynamodb: { OldImage: { province: { S: "48" } } } })),
    ).toEqual({ eventName: "REMOVE", province: "48" });
  });

  it("take the attempts from the consumer's reason", () => {
    expect(attemptsOf("Error: failed 4 attempts")).toBe(4);
    expect(attemptsOf("Error: boom")).toBeUndefined();
  });

  it("show a province's dead letters to its admins, and those naming no province to national ones only", () => {
    const item = (province?: string): DeadLetterItem => ({
      id: "e",
      at: 0,
      reason: "",
      summary: province ? { province } : {},
    });
    const admin = (provinces: string[]) => ({ subject: "s", username: "a", role: "admin" as const, provinces });
    expect(deadLetterVisible(item("99"), admin(["99"]), "99")).toBe(true);
    expect(deadLetterVisible(item("48"), admin(["99"]), "99")).toBe(false);
    expect(deadLetterVisible(item(), admin(["99"]), "99")).toBe(false);
    expect(deadLetterVisible(item(), admin(["*"]), "99")).toBe(true);
  });
});

describe("users of a province", () => {
  it("are those whose provinces hold it or every province, by name", () => {
    const users = [
      { username: "b", provinces: ["48"], enabled: true },
      { username: "a", provinces: ["*"], enabled: true },
      { username: "c", provinces: ["99"], enabled: true },
    ];
    expect(usersOfProvince(users, "48").map((u) => u.username)).toEqual(["a", "b"]);
  });
});

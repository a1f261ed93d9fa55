import { describe, expect, it } from "vitest";
import { parseClientMessage } from "./client-messages.js";

describe("parsing client messages", () => {
  it("reads the three messages of the protocol", () => {
    expect(parseClientMessage('{"type":"subscribe","province":"99","topics":["latest",1]}')).toEqual({
      type: "subscribe",
      province: "99",
      topics: ["latest"],
    });
    expect(parseClientMessage('{"type":"resume","after":12}')).toEqual({ type: "resume", after: 12 });
    expect(parseClientMessage('{"type":"ping"}')).toEqual({ type: "ping" });
  });

  it("answers bad input with the local hub's error codes", () => {
    expect(parseClientMessage("{")).toMatchObject({ type: "error", code: "malformed-json" });
    expect(parseClientMessage(undefined)).toMatchObject({ type: "error", code: "malformed-json" });
    expect(parseClientMessage('{"type":"subscribe","province":"9"}')).toMatchObject({ code: "invalid-province" });
    expect(parseClientMessage('{"type":"dance"}')).toMatchObject({ code: "unknown-message" });
    expect(parseClientMessage("null")).toMatchObject({ code: "unknown-message" });
  });

  it("refuses a frame over API Gateway's 32 KiB limit without parsing it", () => {
    const big = JSON.stringify({ type: "ping", pad: "x".repeat(32 * 1024) });
    expect(parseClientMessage(big)).toMatchObject({ type: "error", code: "frame-too-large" });
    // Counted in UTF-8 bytes, not characters: 11,000 three-byte letters are 33,000 bytes.
    expect(parseClientMessage(JSON.stringify({ type: "ping", pad: "ế".repeat(11_000) }))).toMatchObject({
      code: "frame-too-large",
    });
    expect(parseClientMessage(JSON.stringify({ type: "ping", pad: "x".repeat(30_000) }))).toEqual({ type: "ping" });
  });
});

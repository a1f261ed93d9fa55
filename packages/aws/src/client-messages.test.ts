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
});

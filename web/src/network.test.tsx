import { describe, expect, it } from "vitest";
import { actionFailure, LIVENESS_TEXT, livenessOf } from "./network.js";

describe("liveness", () => {
  it("shows offline whenever the browser has no network, whatever the socket believes", () => {
    expect(livenessOf("open", false)).toBe("offline");
    expect(livenessOf("reconnecting", false)).toBe("offline");
    expect(livenessOf("open", true)).toBe("open");
    expect(LIVENESS_TEXT.offline).toBe("connectionOffline");
  });

  it("words a failed action by its cause, never the raw error", () => {
    expect(actionFailure(new TypeError("Failed to fetch"), false)).toBe("actionOffline");
    expect(actionFailure(new TypeError("Failed to fetch"), true)).toBe("actionUnreachable");
    expect(actionFailure(new Error("409"), true)).toBe("actionRefused");
  });
});

import { describe, expect, it } from "vitest";
import { localClients } from "./dynamo-local.js";

describe("localClients", () => {
  it("gives the table and stream clients without the SDK's logger middleware (its filter copies every answer)", () => {
    const { client, streams } = localClients("http://127.0.0.1:9");
    for (const stack of [client.middlewareStack.identify(), streams.middlewareStack.identify()]) {
      expect(stack).toContain("serializerMiddleware - serialize");
      expect(stack.filter((step) => step.startsWith("loggerMiddleware"))).toEqual([]);
    }
  });
});

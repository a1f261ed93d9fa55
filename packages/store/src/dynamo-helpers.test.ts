import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { withoutSdkLogFilter } from "./dynamo-helpers.js";

/** The logger steps of a client's middleware stack. */
const loggerSteps = (client: { middlewareStack: { identify(): string[] } }) =>
  client.middlewareStack.identify().filter((step) => step.startsWith("loggerMiddleware"));

describe("withoutSdkLogFilter", () => {
  it("takes the SDK's logger middleware out of a client, and nothing else", () => {
    const client = new DynamoDBClient({ region: "ap-southeast-1" });
    const before = client.middlewareStack.identify();
    // If an SDK upgrade renames the step, this fails instead of the filter silently coming back.
    expect(loggerSteps(client)).toEqual(["loggerMiddleware - initialize"]);
    expect(withoutSdkLogFilter(client)).toBe(client);
    expect(loggerSteps(client)).toEqual([]);
    expect(client.middlewareStack.identify()).toEqual(before.filter((step) => !step.startsWith("loggerMiddleware")));
  });
});

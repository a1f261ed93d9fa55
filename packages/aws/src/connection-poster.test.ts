import {
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import { describe, expect, it } from "vitest";
import { createManagementApiPoster, type ManagementApiClient, managementEndpoint } from "./connection-poster.js";

/** A fake of the Management API client port: answers each command with `answer`. */
function fakeClient(answer: (command: unknown) => unknown) {
  const sent: unknown[] = [];
  const client = {
    send: async (command: unknown) => {
      sent.push(command);
      return answer(command);
    },
  } as unknown as ManagementApiClient;
  return { client, sent };
}

const gone = () => {
  throw new GoneException({ message: "gone", $metadata: { httpStatusCode: 410 } });
};

describe("the Management API poster", () => {
  it("posts the frame as UTF-8 bytes to the connection", async () => {
    const { client, sent } = fakeClient(() => ({}));
    expect(await createManagementApiPoster(client).post("abc=", '{"type":"pong","x":"xã"}')).toBe("sent");
    const command = sent[0] as PostToConnectionCommand;
    expect(command).toBeInstanceOf(PostToConnectionCommand);
    expect(command.input.ConnectionId).toBe("abc=");
    expect(new TextDecoder().decode(command.input.Data as Uint8Array)).toBe('{"type":"pong","x":"xã"}');
  });

  it("reports 410 Gone as gone, and rethrows anything else", async () => {
    expect(await createManagementApiPoster(fakeClient(gone).client).post("a", "{}")).toBe("gone");
    const throttled = fakeClient(() => {
      throw Object.assign(new Error("LimitExceededException"), { $metadata: { httpStatusCode: 429 } });
    });
    await expect(createManagementApiPoster(throttled.client).post("a", "{}")).rejects.toThrow("LimitExceeded");
  });

  it("disconnects, treating an already-gone connection as done", async () => {
    const { client, sent } = fakeClient(gone);
    await expect(createManagementApiPoster(client).disconnect("a")).resolves.toBeUndefined();
    expect(sent[0]).toBeInstanceOf(DeleteConnectionCommand);
  });

  it("derives the Management API endpoint from the socket's domain and stage", () => {
    expect(managementEndpoint("abc.execute-api.ap-southeast-1.amazonaws.com", "prod")).toBe(
      "https://abc.execute-api.ap-southeast-1.amazonaws.com/prod",
    );
  });
});

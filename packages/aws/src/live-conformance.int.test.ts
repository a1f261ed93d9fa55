/**
 * The live protocol's conformance suite (`@ioc/live/conformance`) against the AWS adapter: the
 * three WebSocket routes and the Management API publisher on a real DynamoDB Local, with a
 * recording poster in place of API Gateway. The local hub runs the very same cases.
 */

import { cognitoIssuer, createCognitoVerifier } from "@ioc/identity";
import {
  CONFORMANCE_REPLAY_LIMIT,
  CONFORMANCE_TOKEN_TTL_MS,
  describeLiveConformance,
  type LiveTestConnection,
} from "@ioc/live/conformance";
import { type DynamoLocal, freePort, startDynamoLocal } from "@ioc/local";
import { ensureTable, TABLE_SHAPES } from "@ioc/store";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll } from "vitest";
import { createConnectionStore } from "./connection-store.js";
import { createLiveSequenceStore } from "./live-sequence-store.js";
import { createConnectHandler, createMessageHandler } from "./live-socket-handlers.js";
import { createManagementPublisher } from "./management-publisher.js";
import { createMemoryLogger, createRecordingPoster, socketEvent } from "./test-support.js";

const issuer = cognitoIssuer("ap-southeast-1", "ap-southeast-1_Conformance");
const clientId = "dashboard";

let dynamo: DynamoLocal;
let signingKey: CryptoKey;
let keys: ReturnType<typeof createLocalJWKSet>;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynamoLocal({ port: await freePort() });
  const pair = await generateKeyPair("RS256");
  signingKey = pair.privateKey;
  keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256" }] });
});

afterAll(async () => {
  await dynamo?.stop();
});

describeLiveConformance("AWS routes on DynamoDB Local", async () => {
  // A table per case: each starts with every province's seq at 0.
  const table = `it-live-conformance-${++tables}`;
  await ensureTable(dynamo.client, table, TABLE_SHAPES.connections);
  // Wall-clock based: DynamoDB Local expires TTL items on real time.
  let now = Math.floor(Date.now() / 1000) * 1000;
  const clock = () => now;
  const connections = createConnectionStore({ client: dynamo.client, table, clock });
  const sequence = createLiveSequenceStore({ client: dynamo.client, table, clock });
  const recorder = createRecordingPoster();
  const logger = createMemoryLogger();
  const connect = createConnectHandler({
    verifier: createCognitoVerifier({ issuer, clientId, jwks: keys, clock }),
    connections,
    logger,
    clock,
  });
  const message = createMessageHandler({
    connections,
    sequence,
    poster: () => recorder.poster,
    logger,
    clock,
    replayLimit: CONFORMANCE_REPLAY_LIMIT,
  });
  const publisher = createManagementPublisher({ connections, sequence, poster: recorder.poster, logger });
  let connectionNo = 0;

  return {
    token: (principal) =>
      new SignJWT({
        sub: principal.subject,
        token_use: "id",
        aud: clientId,
        "cognito:groups": [principal.role],
        "custom:provinces": principal.provinces.join(","),
      })
        .setProtectedHeader({ alg: "RS256", kid: "k1" })
        .setIssuer(issuer)
        .setExpirationTime(Math.floor((now + CONFORMANCE_TOKEN_TTL_MS) / 1000))
        .sign(signingKey),
    async connect(token): Promise<LiveTestConnection> {
      const id = `conn-${++connectionNo}`;
      const answer = await connect(socketEvent(id, "$connect", now, { queryStringParameters: { token } }));
      if (typeof answer !== "object" || answer.statusCode !== 200)
        throw new Error(`$connect answered ${JSON.stringify(answer)}`);
      let read = 0;
      return {
        async send(frame) {
          await message(socketEvent(id, "$default", now, { body: frame }));
        },
        // Every post is recorded before the handler or publish that made it resolves.
        async next() {
          const received = recorder.of(id);
          if (read >= received.length) throw new Error(`nothing more was posted to ${id}`);
          return received[read++] as never;
        },
        async closed() {
          if (!recorder.disconnected.includes(id)) throw new Error(`${id} was not disconnected`);
          if (await connections.get(id)) throw new Error(`${id} is still on record`);
          return undefined;
        },
      };
    },
    publish: (province, event) => publisher.publish(province, event),
    advance(ms) {
      now += ms;
    },
    carriesCloseCode: false,
    async stop() {},
  };
});

/**
 * The live protocol's conformance suite (`@ioc/live/conformance`) against the local hub, through
 * a real `ws` server and client. The AWS routes run the very same cases against DynamoDB Local.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createJwtVerifier, createLocalIssuer } from "@ioc/identity";
import { CONFORMANCE_REPLAY_LIMIT, CONFORMANCE_TOKEN_TTL_MS, describeLiveConformance } from "@ioc/live/conformance";
import type WebSocket from "ws";
import { LiveHub } from "./live-hub.js";
import { openTestSocket } from "./test-support.js";

describeLiveConformance("local hub over ws", async () => {
  let now = Date.now();
  const clock = () => now;
  const issuer = await createLocalIssuer({ users: [], clock, ttlSeconds: CONFORMANCE_TOKEN_TTL_MS / 1000 });
  const verifier = createJwtVerifier({ jwks: issuer.keys, issuer: issuer.issuer, audience: issuer.audience, clock });
  const hub = new LiveHub({ verifier, clock, bufferSize: CONFORMANCE_REPLAY_LIMIT });
  const server = createServer();
  hub.attach(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/live`;
  const sockets: WebSocket[] = [];
  return {
    token: async (principal) => (await issuer.issue(principal)).token,
    async connect(token) {
      const connection = await openTestSocket(`${url}?token=${encodeURIComponent(token)}`);
      sockets.push(connection.socket);
      return connection;
    },
    publish: (province, event) => hub.publish(province, event),
    advance(ms) {
      now += ms;
    },
    carriesCloseCode: true,
    async stop() {
      for (const socket of sockets) socket.terminate();
      await hub.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
});

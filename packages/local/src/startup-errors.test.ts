import { mkdtempSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkJava, LocalRuntimeError } from "./dynamo-local.js";
import { freePort } from "./net.js";
import { startRuntime } from "./runtime.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe("startup errors a newcomer can act on", () => {
  const originalPath = process.env.PATH;
  afterEach(() => {
    process.env.PATH = originalPath;
  });

  it("says how to install Java when there is none on the PATH", () => {
    const bin = mkdtempSync(join(tmpdir(), "no-java-"));
    symlinkSync(process.execPath, join(bin, "node"));
    process.env.PATH = bin;
    const error = (() => {
      try {
        checkJava();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(LocalRuntimeError);
    expect((error as LocalRuntimeError).code).toBe("java-missing");
    expect((error as Error).message).toMatch(/Java runtime ≥ 17/);
    expect((error as Error).message).toMatch(/apt-get install -y openjdk-17-jre-headless/);
  });

  it("names the taken port and the variable that moves it, before starting anything", async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, resolve));
    try {
      await expect(
        startRuntime({ port, dynamoPort: await freePort(), simulator: false, logger: silent }),
      ).rejects.toMatchObject({
        code: "port-in-use",
        message: expect.stringMatching(new RegExp(`Port ${port} .*already in use[\\s\\S]*PORT=<port> npm start`)),
      });
    } finally {
      blocker.close();
    }
  });
});

/**
 * Administration of data sources and their keys (issue 13 item 1), over the same store and key
 * issuing the CLI uses. Every route is scoped to the province of its query: a source of another
 * province answers exactly like one that does not exist, so an id reveals no province.
 */

import {
  createSourceKeyRoute,
  createSourceRoute,
  listSourcesRoute,
  patchSourceRoute,
  revokeSourceKeyRoute,
  rotateSourceKeyRoute,
  SOURCE_BODY_SCHEMAS,
  sourceCreateSchema,
  sourcePatchSchema,
} from "@ioc/contract";
import { type ApiKeyRecord, METRICS, type Principal, type Source } from "@ioc/core";
import { issueSourceKey } from "@ioc/identity";
import type { Context } from "hono";
import { recordAudit } from "./audit-recorder.js";
import { assertCan } from "./auth/require-user.js";
import type { ApiDeps } from "./deps.js";
import { OpenAPIHono } from "./openapi-hono.js";
import { problem } from "./problem.js";
import { parseJsonOrProblem, parseOrProblem } from "./validation.js";

type SourcesEnv = { Variables: { principal?: Principal } };

/** The rate a source gets when its creator names none (the CLI's default). */
const DEFAULT_RATE_PER_MINUTE = 6_000;

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** A key as an admin sees it: id and dates, never the secret nor its hash. */
export function keyView(k: ApiKeyRecord) {
  return {
    keyId: k.keyId,
    status: k.status,
    createdAt: new Date(k.createdAt).toISOString(),
    lastUsedAt: iso(k.lastUsedAt),
    revokedAt: iso(k.revokedAt),
  };
}

/** A source with its keys, for the wire. */
export function sourceView(s: Source, keys: readonly ApiKeyRecord[]) {
  return {
    id: s.id,
    name: s.name,
    provinceCode: s.provinceCode,
    metricPrefixes: s.metricPrefixes,
    cadenceSeconds: s.cadenceSeconds,
    rateLimitPerMinute: s.rateLimitPerMinute,
    enabled: s.enabled !== false,
    createdAt: iso(s.createdAt),
    keys: keys.map(keyView),
  };
}

/** Checks each prefix matches a catalogue metric (`""` is every metric), else a located 400. */
function checkPrefixes(prefixes: readonly string[] | undefined): void {
  prefixes?.forEach((prefix, i) => {
    if (!METRICS.some((m) => m.key.startsWith(prefix)))
      throw problem("invalid-request", {
        detail: `body metricPrefixes.${i}: "${prefix}" matches no metric of the catalogue (e.g. "net." or a full key)`,
      });
  });
}

/** The source and key administration routes; mount at `/`. */
export function sourcesRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<SourcesEnv>();
  // The body schemas are documented by reference; emit them as components with these routes (a
  // sub-app's schema definitions are not carried to the parent, its components are).
  // Each schema carries its component name as its id, so the document's converter files it under it.
  for (const [name, schema] of Object.entries(SOURCE_BODY_SCHEMAS))
    app.openAPIRegistry.registerComponent("schemas", name, schema);

  /** The admin's province after the permission check; a 401 without a signed-in user. */
  const adminProvince = (c: Context<SourcesEnv>, query: { province?: string }) => {
    const principal = c.get("principal");
    if (!principal) throw problem("unauthorized", { detail: "this action needs a signed-in user" });
    const province = query.province ?? deps.defaultProvince;
    assertCan(principal, "sources:write", province);
    return province;
  };
  /** One audit record of a change, after it succeeded (the recorder's rule). */
  const audit = (
    c: Context<SourcesEnv>,
    province: string,
    action: string,
    objectType: string,
    objectId: string,
    before?: unknown,
    after?: unknown,
  ) => recordAudit(deps, c, c.get("principal") as Principal, { province, action, objectType, objectId, before, after });
  const sourceIn = async (province: string, id: string) => {
    const source = await deps.sources.getSource(id);
    if (!source || source.provinceCode !== province)
      throw problem("source-not-found", { detail: `province ${province} has no source ${id}` });
    return source;
  };
  const keyOf = async (source: Source, keyId: string) => {
    const key = (await deps.sources.listKeys(source.id)).find((k) => k.keyId === keyId);
    if (!key) throw problem("source-key-not-found", { detail: `source ${source.id} has no key ${keyId}` });
    return key;
  };
  const withKeys = async (source: Source) => sourceView(source, await deps.sources.listKeys(source.id));

  app.openapi(listSourcesRoute, async (c) => {
    const province = adminProvince(c, c.req.valid("query"));
    const mine = (await deps.sources.listSources())
      .filter((s) => s.provinceCode === province)
      .sort((a, b) => a.id.localeCompare(b.id));
    return c.json({ province, sources: await Promise.all(mine.map(withKeys)) }, 200);
  });

  app.openapi(createSourceRoute, async (c) => {
    const province = adminProvince(c, c.req.valid("query"));
    const body = parseOrProblem(sourceCreateSchema, parseJsonOrProblem(await c.req.text()), "body");
    checkPrefixes(body.metricPrefixes);
    // Ids are global (a key names its source by id), so another province's id is taken too; the
    // answer does not say which province holds it.
    if (await deps.sources.getSource(body.id))
      throw problem("source-exists", { detail: `the source id ${body.id} is already taken` });
    const source: Source = {
      id: body.id,
      name: body.name,
      provinceCode: province,
      metricPrefixes: body.metricPrefixes,
      cadenceSeconds: body.cadenceSeconds,
      rateLimitPerMinute: body.rateLimitPerMinute ?? DEFAULT_RATE_PER_MINUTE,
      createdAt: deps.clock(),
      enabled: true,
    };
    await deps.sources.putSource(source);
    await audit(c, province, "source.put", "source", source.id, undefined, sourceView(source, []));
    return c.json(sourceView(source, []), 201, { location: `/v1/sources/${source.id}?province=${province}` });
  });

  app.openapi(patchSourceRoute, async (c) => {
    const province = adminProvince(c, c.req.valid("query"));
    const { id } = c.req.valid("param");
    const source = await sourceIn(province, id);
    const patch = parseOrProblem(sourcePatchSchema, parseJsonOrProblem(await c.req.text()), "body");
    checkPrefixes(patch.metricPrefixes);
    const next: Source = { ...source };
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.metricPrefixes !== undefined) next.metricPrefixes = patch.metricPrefixes;
    if (patch.cadenceSeconds !== undefined) next.cadenceSeconds = patch.cadenceSeconds;
    if (patch.rateLimitPerMinute !== undefined) next.rateLimitPerMinute = patch.rateLimitPerMinute;
    if (patch.enabled !== undefined) next.enabled = patch.enabled;
    await deps.sources.putSource(next);
    await audit(c, province, "source.put", "source", id, sourceView(source, []), sourceView(next, []));
    return c.json(await withKeys(next), 200);
  });

  app.openapi(createSourceKeyRoute, async (c) => {
    const province = adminProvince(c, c.req.valid("query"));
    const source = await sourceIn(province, c.req.valid("param").id);
    const { key, record } = await issueSourceKey(deps.sources, source.id, deps.clock());
    await audit(c, province, "key.create", "key", `${source.id}/${record.keyId}`, undefined, keyView(record));
    return c.json({ key, record: keyView(record) }, 201, { "cache-control": "no-store" });
  });

  app.openapi(rotateSourceKeyRoute, async (c) => {
    const province = adminProvince(c, c.req.valid("query"));
    const { id, keyId } = c.req.valid("param");
    const source = await sourceIn(province, id);
    const old = await keyOf(source, keyId);
    if (old.status !== "active")
      throw problem("source-key-revoked", { detail: `key ${keyId} is already revoked; create a new key instead` });
    // The new key exists before the old one stops, so a failure between the two leaves a working key.
    const { key, record } = await issueSourceKey(deps.sources, source.id, deps.clock());
    await deps.sources.revokeKey(source.id, keyId, deps.clock());
    // A rotation is a creation and a revocation: searching either action finds it.
    await audit(c, province, "key.create", "key", `${source.id}/${record.keyId}`, undefined, {
      ...keyView(record),
      rotates: keyId,
    });
    await audit(c, province, "key.revoke", "key", `${source.id}/${keyId}`, keyView(old), {
      status: "revoked",
      rotatedTo: record.keyId,
    });
    return c.json({ key, record: keyView(record), revokedKeyId: keyId }, 201, { "cache-control": "no-store" });
  });

  app.openapi(revokeSourceKeyRoute, async (c) => {
    const province = adminProvince(c, c.req.valid("query"));
    const { id, keyId } = c.req.valid("param");
    const source = await sourceIn(province, id);
    const before = await keyOf(source, keyId);
    await deps.sources.revokeKey(source.id, keyId, deps.clock());
    const after = await keyOf(source, keyId);
    await audit(c, province, "key.revoke", "key", `${source.id}/${keyId}`, keyView(before), keyView(after));
    return c.json(keyView(after), 200);
  });

  return app;
}

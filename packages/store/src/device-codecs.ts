/**
 * Control table: wall devices (issue 14 item 4), all under one partition so the admin's list is
 * one query; a province has a handful of walls, never enough to heat a partition. Only hashes of
 * the enrolment code and the device secret are stored.
 */
import type { DeviceRecord } from "@ioc/core";
import * as z from "zod/mini";
import { type EntityName, type ItemKey, MalformedItemError } from "./entity-codecs.js";

/** The partition holding every device. */
export const DEVICE_PARTITION = "DEVICES";
/** The key of one device. */
export const deviceKey = (id: string): ItemKey => ({ pk: DEVICE_PARTITION, sk: `D#${id}` });

const ENTITY_NAME = "device" as EntityName;

/** A stored device item, as DynamoDB gives it back. */
export const deviceItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  province: z.string(),
  status: z.enum(["pending", "active", "revoked"]),
  enrolmentHash: z.optional(z.string()),
  enrolmentExpiresAt: z.optional(z.number()),
  secretHash: z.optional(z.string()),
  createdAt: z.number(),
  createdBy: z.string(),
  enrolledAt: z.optional(z.number()),
  revokedAt: z.optional(z.number()),
  lastSeenAt: z.optional(z.number()),
});

/** The device's item: its key, the entity name and its fields (undefined ones left out). */
export function deviceToItem(device: DeviceRecord): Record<string, unknown> {
  const fields = Object.fromEntries(Object.entries(device).filter(([, v]) => v !== undefined));
  return { ...deviceKey(device.id), entity: "device", ...fields };
}

/** The device an item (or a stream image) holds, or a MalformedItemError. */
export function deviceFromImage(image: Record<string, unknown>): DeviceRecord {
  const parsed = deviceItemSchema.safeParse(image);
  if (parsed.success) {
    const out: DeviceRecord = { ...parsed.data };
    for (const key of Object.keys(out) as Array<keyof DeviceRecord>) if (out[key] === undefined) delete out[key];
    return out;
  }
  throw new MalformedItemError(ENTITY_NAME, `device ${String(image.sk)}: ${parsed.error.message}`, {
    cause: parsed.error,
  });
}

import type { DeviceRecord } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { deviceFromImage, deviceKey, deviceToItem } from "./device-codecs.js";
import { MalformedItemError } from "./entity-codecs.js";

describe("device codec", () => {
  const device: DeviceRecord = {
    id: "d_0123456789abcdef0123",
    name: "Màn hình phòng họp tầng 3",
    province: "99",
    status: "active",
    secretHash: "ab".repeat(32),
    createdAt: 1,
    createdBy: "admin",
    enrolledAt: 2,
  };

  it("keys every device under one partition and round-trips it", () => {
    expect(deviceKey(device.id)).toEqual({ pk: "DEVICES", sk: "D#d_0123456789abcdef0123" });
    const item = deviceToItem(device);
    expect(item).toMatchObject({ pk: "DEVICES", entity: "device", name: device.name });
    expect(Object.values(item)).not.toContain(undefined);
    expect(deviceFromImage(item)).toEqual(device);
  });

  it("refuses a malformed item with a named error", () => {
    expect(() => deviceFromImage({ pk: "DEVICES", sk: "D#x", id: "x", status: "lost" })).toThrow(MalformedItemError);
  });
});

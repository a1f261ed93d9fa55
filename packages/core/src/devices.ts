/**
 * Wall devices (issue 14 item 4): a named wall screen with a read-only, province-scoped credential
 * an admin issues and can revoke. The wall enrols once with a one-time code, keeps a long-lived
 * secret, and exchanges it for short-lived tokens; only hashes of the code and the secret are kept.
 */

/** A wall device as stored. */
export interface DeviceRecord {
  /** `d_` and 20 hex characters. */
  id: string;
  /** The wall's name, as the admin wrote it ("Màn hình phòng họp tầng 3"). */
  name: string;
  province: string;
  status: "pending" | "active" | "revoked";
  /** SHA-256 of the one-time enrolment code; removed once used. */
  enrolmentHash?: string;
  /** Epoch ms after which the enrolment code is refused. */
  enrolmentExpiresAt?: number;
  /** SHA-256 of the device secret, set at enrolment. */
  secretHash?: string;
  createdAt: number;
  createdBy: string;
  enrolledAt?: number;
  revokedAt?: number;
  /** The last time the wall renewed its token. */
  lastSeenAt?: number;
}

/** Where devices are kept. */
export interface DeviceStore {
  put(device: DeviceRecord): Promise<void>;
  get(id: string): Promise<DeviceRecord | undefined>;
  list(): Promise<DeviceRecord[]>;
}

/** A device as the admin routes show it: never a hash. */
export type DeviceView = Omit<DeviceRecord, "enrolmentHash" | "secretHash">;

/** The admin view of a device record. */
export function deviceView(device: DeviceRecord): DeviceView {
  const { enrolmentHash: _e, secretHash: _s, ...view } = device;
  return view;
}

/** The identity a device signs in as: a leader of its one province, named after the wall. */
export function devicePrincipal(device: Pick<DeviceRecord, "id" | "name" | "province">) {
  return {
    subject: `device:${device.id}`,
    username: device.name,
    role: "leader" as const,
    provinces: [device.province],
  };
}

import { issueSourceKey } from "@ioc/identity";
import { type CliCommand, type CliContext, CliError, requireOption, say } from "../cli-context.js";
import { recordCliAudit } from "./audit.js";

async function requireSource(context: CliContext, usage: string) {
  const sourceId = requireOption(context.options, "source", usage);
  const source = await context.stores.sources.getSource(sourceId);
  if (!source) {
    throw new CliError({
      vi: `Không có nguồn "${sourceId}". Xem danh sách: ioc sources list`,
      en: `No source "${sourceId}". See: ioc sources list`,
    });
  }
  return source;
}

/** `ioc keys create`: prints the new key once; only its hash is stored. */
export const keysCreate: CliCommand = {
  summary: { vi: "Tạo khóa mới cho một nguồn (hiển thị một lần)", en: "Create a key for a source (shown once)" },
  usage: "ioc keys create --source <id>",
  async run(context: CliContext) {
    const source = await requireSource(context, this.usage);
    const { key, record } = await issueSourceKey(context.stores.sources, source.id, context.clock());
    await recordCliAudit(context, {
      province: source.provinceCode,
      action: "key.create",
      objectType: "key",
      objectId: `${source.id}/${record.keyId}`,
      after: { status: record.status },
    });
    const { io, lang } = context;
    io.out(
      say(lang, {
        vi: `Đã tạo khóa ${record.keyId} cho nguồn ${source.id}. Lưu ngay — khóa chỉ hiển thị một lần:`,
        en: `Created key ${record.keyId} for source ${source.id}. Store it now — it is shown only once:`,
      }),
    );
    io.out(key);
    io.out(
      say(lang, {
        vi: "Xoay vòng khóa: tạo khóa mới, chuyển hệ thống sang khóa mới, rồi thu hồi khóa cũ (ioc keys revoke).",
        en: "To rotate: create a new key, move the system to it, then revoke the old one (ioc keys revoke).",
      }),
    );
  },
};

/** `ioc keys list`. */
export const keysList: CliCommand = {
  summary: { vi: "Liệt kê khóa của một nguồn", en: "List a source's keys" },
  usage: "ioc keys list --source <id>",
  async run(context: CliContext) {
    const source = await requireSource(context, this.usage);
    const keys = await context.stores.sources.listKeys(source.id);
    const { io, lang } = context;
    if (keys.length === 0) {
      io.out(say(lang, { vi: `Nguồn ${source.id} chưa có khóa nào.`, en: `Source ${source.id} has no keys.` }));
      return;
    }
    io.out(say(lang, { vi: "MÃ KHÓA\tTRẠNG THÁI\tTẠO LÚC\tTHU HỒI LÚC", en: "KEY ID\tSTATUS\tCREATED\tREVOKED" }));
    for (const k of keys) {
      const status =
        k.status === "active"
          ? say(lang, { vi: "đang dùng", en: "active" })
          : say(lang, { vi: "đã thu hồi", en: "revoked" });
      io.out(
        `${k.keyId}\t${status}\t${new Date(k.createdAt).toISOString()}\t${k.revokedAt ? new Date(k.revokedAt).toISOString() : "-"}`,
      );
    }
  },
};

/** `ioc keys revoke`: the key stops working at once. */
export const keysRevoke: CliCommand = {
  summary: { vi: "Thu hồi một khóa", en: "Revoke a key" },
  usage: "ioc keys revoke --source <id> --key <key id>",
  async run(context: CliContext) {
    const source = await requireSource(context, this.usage);
    const keyId = requireOption(context.options, "key", this.usage);
    const revoked = await context.stores.sources.revokeKey(source.id, keyId, context.clock());
    if (!revoked) {
      throw new CliError({
        vi: `Nguồn ${source.id} không có khóa ${keyId}. Xem: ioc keys list --source ${source.id}`,
        en: `Source ${source.id} has no key ${keyId}. See: ioc keys list --source ${source.id}`,
      });
    }
    await recordCliAudit(context, {
      province: source.provinceCode,
      action: "key.revoke",
      objectType: "key",
      objectId: `${source.id}/${keyId}`,
      before: { status: "active" },
      after: { status: "revoked" },
    });
    context.io.out(
      say(context.lang, {
        vi: `Đã thu hồi khóa ${keyId} của nguồn ${source.id}; yêu cầu dùng khóa này sẽ bị từ chối (401).`,
        en: `Revoked key ${keyId} of source ${source.id}; requests with it are now refused (401).`,
      }),
    );
  },
};

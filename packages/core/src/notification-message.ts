/**
 * What a notification says: one JSON document for webhooks and one email, Vietnamese first, both
 * built from the alert change alone so a retry sends the very same words.
 */
import type { AlertChange, AlertChangeKind } from "./notification-policy.js";

const KIND_TEXT: Record<AlertChangeKind, { vi: string; en: string }> = {
  opened: { vi: "Cảnh báo mới", en: "New alert" },
  escalated: { vi: "Cảnh báo chưa được tiếp nhận — chuyển cấp", en: "Alert unacknowledged — escalated" },
  acknowledged: { vi: "Cảnh báo đã được tiếp nhận", en: "Alert acknowledged" },
  resolved: { vi: "Cảnh báo đã được xử lý", en: "Alert resolved" },
};

const SEVERITY_TEXT = {
  critical: { vi: "Nghiêm trọng", en: "Critical" },
  warning: { vi: "Cảnh báo", en: "Warning" },
  info: { vi: "Thông tin", en: "Info" },
} as const;

/** The webhook body of a change (`sentAt` is added, and signed, when it is sent). */
export interface NotificationDocument {
  type: "ioc.alert";
  idempotencyKey: string;
  change: AlertChangeKind;
  level: number;
  at: number;
  title: { vi: string; en: string };
  alert: {
    id: string;
    province: string;
    severity: string;
    status: string;
    commune?: string;
    sourceId?: string;
    metric?: string;
    value?: number;
    message: { vi: string; en: string };
    openedAt: number;
    acknowledgedBy?: string;
  };
}

/** The document a webhook receives for a change. */
export function notificationDocument(change: AlertChange): NotificationDocument {
  const a = change.alert;
  const kind = KIND_TEXT[change.kind];
  const severity = SEVERITY_TEXT[a.severity];
  const level = change.kind === "escalated" ? ` (cấp ${change.level} / level ${change.level})` : "";
  return {
    type: "ioc.alert",
    idempotencyKey: `${a.id}@${change.stateVersion}`,
    change: change.kind,
    level: change.level,
    at: change.at,
    title: { vi: `[${severity.vi}] ${kind.vi}${level}`, en: `[${severity.en}] ${kind.en}${level}` },
    alert: {
      id: a.id,
      province: a.province,
      severity: a.severity,
      status: a.status,
      ...(a.commune === undefined ? {} : { commune: a.commune }),
      ...(a.sourceId === undefined ? {} : { sourceId: a.sourceId }),
      ...(a.metric === undefined ? {} : { metric: a.metric }),
      ...(a.value === undefined ? {} : { value: a.value }),
      message: a.message,
      openedAt: a.openedAt,
      ...(a.acknowledgedBy === undefined ? {} : { acknowledgedBy: a.acknowledgedBy }),
    },
  };
}

/** The email of a change: subject and plain text, Vietnamese then English. */
export function notificationEmail(change: AlertChange): { subject: string; text: string } {
  const doc = notificationDocument(change);
  const time = new Date(change.at + 7 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
  return {
    subject: `${doc.title.vi} — ${doc.alert.message.vi}`,
    text: [
      doc.title.vi,
      doc.alert.message.vi,
      `Thời điểm: ${time} (giờ Việt Nam)`,
      `Mã cảnh báo: ${doc.alert.id}`,
      "",
      doc.title.en,
      doc.alert.message.en,
      `At: ${time} (Vietnam time)`,
      `Alert id: ${doc.alert.id}`,
    ].join("\n"),
  };
}

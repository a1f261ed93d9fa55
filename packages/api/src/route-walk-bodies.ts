/**
 * A body each write route of the document accepts from a user it admits, by operationId: the
 * walks over every route (admin-scope.test.ts: refusals; infra/iam-coverage.test.ts: the grants
 * each call needs) send these, so what they observe is about the user or the grant, not the body.
 */

/** The bodies at time `now` (a snooze ends an hour later), with `alertId` in the bulk acknowledgement. */
export function routeWalkBodies(now: number, alertId: string): Record<string, unknown> {
  return {
    putRule: {
      id: "bts-down",
      name: { vi: "Trạm BTS mất liên lạc", en: "Base station down" },
      severity: "critical",
      enabled: false,
      condition: { kind: "threshold", metric: "net.bts_down", op: "above", value: 0 },
    },
    acknowledgeAlert: { note: "đã nhận" },
    resolveAlert: { note: "đã xử lý" },
    createScenario: { name: "Kịch bản", sites: [] },
    assignAlert: { assignee: "ops-99" },
    snoozeAlert: { until: new Date(now + 3_600_000).toISOString(), reason: "đang sửa trạm" },
    unsnoozeAlert: {},
    acknowledgeAlerts: { ids: [alertId], note: "đã nhận" },
    // The import reads CSV; a JSON body is enough for a refusal, which comes before the body.
    importHistory: { csv: "commune,metric,value,observedAt" },
    createDevice: { name: "Màn hình phòng điều hành" },
    putTarget: {
      metric: "net.coverage_4g",
      level: "province",
      baseline: { year: 2025, value: 90 },
      milestones: [{ year: 2030, value: 100 }],
      source: "Nghị quyết của tỉnh",
    },
    putNotificationPolicy: { people: [], dutyLists: [], webhooks: [], routes: [] },
    createSource: { id: "telco-b", name: "Nhà mạng B", metricPrefixes: ["net."], cadenceSeconds: 300 },
    patchSource: { enabled: false },
    createSourceKey: {},
    rotateSourceKey: {},
    revokeSourceKey: {},
    // The replay reads no body; the walk sends one to every write.
    replayDeadLetter: {},
    previewRule: {
      id: "low-4g",
      name: { vi: "Phủ sóng 4G thấp", en: "Low 4G coverage" },
      severity: "warning",
      enabled: true,
      condition: { kind: "threshold", metric: "net.coverage_4g", op: "below", value: 80 },
    },
    // A GeoJSON FeatureCollection (sent as JSON like every walked body); the refusal comes before it is read.
    previewBoundaries: { type: "FeatureCollection", features: [] },
    importBoundaries: { type: "FeatureCollection", features: [] },
  };
}

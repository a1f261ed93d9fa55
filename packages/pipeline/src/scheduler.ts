/**
 * Checks that run on a schedule, not on data: a feed gone silent raises an alert of its own
 * (there is no reading to trigger it), and critical alerts left unacknowledged escalate.
 * An EventBridge rule runs it on AWS; a timer runs it locally.
 */
import { type AlertRule, alertMessage, clear, escalateIfDue, fire, type SourceStore } from "@ioc/core";
import type { StateStore } from "@ioc/store";

/** What the checks need. */
export interface ScheduledCheckDeps {
  state: StateStore;
  sources: Pick<SourceStore, "listSources">;
  rules: { list(): Promise<AlertRule[]> };
  clock: () => number;
}

/** What one run did, for logs and tests. */
export interface ScheduledCheckReport {
  silentSources: string[];
  escalated: string[];
}

/** Runs the stale-feed and escalation checks once. */
export async function runScheduledChecks(deps: ScheduledCheckDeps): Promise<ScheduledCheckReport> {
  const now = deps.clock();
  const rules = (await deps.rules.list()).filter((r) => r.enabled);
  const staleRules = rules.filter((r) => r.condition.kind === "stale");
  const sources = await deps.sources.listSources();
  const report: ScheduledCheckReport = { silentSources: [], escalated: [] };

  const byProvince = new Map<string, typeof sources>();
  for (const source of sources)
    byProvince.set(source.provinceCode, [...(byProvince.get(source.provinceCode) ?? []), source]);
  for (const [province, inProvince] of byProvince) {
    const feeds = await deps.state.getFeeds(province);
    for (const rule of staleRules) {
      if (rule.condition.kind !== "stale") continue;
      for (const source of inProvince) {
        // A source that never reported is measured from its registration.
        const last = feeds?.lastSeen[source.id] ?? source.createdAt;
        if (last === undefined) continue;
        const silent = now - last > rule.condition.factor * source.cadenceSeconds * 1000;
        const id = `${rule.id}:${source.id}`;
        if (silent) report.silentSources.push(source.id);
        await deps.state.mergeAlert(province, id, (current) => {
          const minutes = Math.round((now - last) / 60_000);
          const next = silent
            ? fire(
                current,
                {
                  id,
                  ruleId: rule.id,
                  severity: rule.severity,
                  province,
                  sourceId: source.id,
                  message: {
                    vi: `${alertMessage(rule, source.name).vi}: im lặng ${minutes} phút (chu kỳ ${Math.round(source.cadenceSeconds / 60)} phút)`,
                    en: `${alertMessage(rule, source.name).en}: silent for ${minutes} min (cadence ${Math.round(source.cadenceSeconds / 60)} min)`,
                  },
                },
                now,
              )
            : clear(current, now);
          if (!next) return { next: current as NonNullable<typeof current>, changed: false };
          return { next, changed: !current || current.status !== next.status };
        });
      }
    }

    const byRule = new Map(rules.map((r) => [r.id, r]));
    for (const alert of await deps.state.listAlerts(province)) {
      const due = escalateIfDue(alert, byRule.get(alert.ruleId), now);
      if (!due) continue;
      await deps.state.mergeAlert(province, alert.id, (current) => {
        const next = current && escalateIfDue(current, byRule.get(current.ruleId), now);
        return next ? { next, changed: true } : { next: current as NonNullable<typeof current>, changed: false };
      });
      report.escalated.push(alert.id);
    }
  }
  return report;
}

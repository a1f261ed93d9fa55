/**
 * Checks that run on a schedule, not on data: a feed gone silent raises an alert of its own
 * (there is no reading to trigger it), and critical alerts left unacknowledged escalate.
 * An EventBridge rule runs it on AWS; a timer runs it locally.
 */
import {
  type Alert,
  alertInput,
  alertMessage,
  applyAlertVerdict,
  escalateByPolicy,
  escalateIfDue,
  type NotificationPolicy,
  type RuleSource,
  ruleAppliesIn,
  type SourceStore,
  type StateStore,
} from "@ioc/core";

/** What the checks need. */
export interface ScheduledCheckDeps {
  state: StateStore;
  sources: Pick<SourceStore, "listSources">;
  /** The rules in force per province: each province's feeds and alerts are judged by its own. */
  rules: RuleSource;
  clock: () => number;
  /**
   * Provinces' notification policies. Where a province has one, its levels decide escalation
   * (every severity it routes, level by level); elsewhere the rule's `escalateAfterMinutes` does.
   */
  policies?: { getPolicy(province: string): Promise<NotificationPolicy | undefined> };
}

/** What one run did, for logs and tests. */
export interface ScheduledCheckReport {
  silentSources: string[];
  escalated: string[];
}

/** Runs the stale-feed and escalation checks once. */
export async function runScheduledChecks(deps: ScheduledCheckDeps): Promise<ScheduledCheckReport> {
  const now = deps.clock();
  const sources = await deps.sources.listSources();
  const report: ScheduledCheckReport = { silentSources: [], escalated: [] };

  const byProvince = new Map<string, typeof sources>();
  for (const source of sources)
    byProvince.set(source.provinceCode, [...(byProvince.get(source.provinceCode) ?? []), source]);
  for (const [province, inProvince] of byProvince) {
    const rules = (await deps.rules.listFor(province)).filter((r) => r.enabled && ruleAppliesIn(r, province));
    const staleRules = rules.filter((r) => r.condition.kind === "stale");
    const feeds = await deps.state.getFeeds(province);
    for (const rule of staleRules) {
      if (rule.condition.kind !== "stale") continue;
      for (const source of inProvince) {
        // A source that never reported is measured from its registration.
        const last = feeds?.lastSeen[source.id] ?? source.createdAt;
        if (last === undefined) continue;
        const silent = now - last > rule.condition.factor * source.cadenceSeconds * 1000;
        if (silent) report.silentSources.push(source.id);
        const minutes = Math.round((now - last) / 60_000);
        const cadence = Math.round(source.cadenceSeconds / 60);
        const input = alertInput(
          rule,
          province,
          { sourceId: source.id },
          {
            vi: `${alertMessage(rule, source.name).vi}: im lặng ${minutes} phút (chu kỳ ${cadence} phút)`,
            en: `${alertMessage(rule, source.name).en}: silent for ${minutes} min (cadence ${cadence} min)`,
          },
        );
        // A silent feed's alert is not rewritten while it stays silent, and clears at once.
        const verdict = { firing: silent, input, at: now, holdMs: 0, refreshMs: Number.POSITIVE_INFINITY };
        await deps.state.mergeAlert(province, input.id, (current) => applyAlertVerdict(current, verdict));
      }
    }

    const byRule = new Map(rules.map((r) => [r.id, r]));
    const policy = await deps.policies?.getPolicy(province);
    const escalate = (a: Alert) =>
      policy ? escalateByPolicy(a, policy, now) : escalateIfDue(a, byRule.get(a.ruleId), now);
    for (const alert of await deps.state.listAlerts(province)) {
      const due = escalate(alert);
      if (!due) continue;
      await deps.state.mergeAlert(province, alert.id, (current) => {
        const next = current && escalate(current);
        return next ? { next, changed: true } : { next: current, changed: false };
      });
      report.escalated.push(alert.id);
    }
  }
  return report;
}

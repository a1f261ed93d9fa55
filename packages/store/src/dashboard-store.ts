import type { DashboardStore } from "@ioc/core";
import { createRuleStore } from "./control-store.js";
import type { DynamoDeps } from "./dynamo-helpers.js";
import { createStateStore } from "./state-store.js";

/** The dashboard's port on DynamoDB: State items the processor maintains, rules in Control. */
export function createDashboardStore(deps: DynamoDeps): DashboardStore {
  const state = createStateStore(deps);
  const rules = createRuleStore(deps);
  return {
    async getKpis(province, dayStart) {
      return (await state.getRollup(province, dayStart))?.kpis;
    },
    async getCommuneHours(province, metric, commune, fromDay, toDay) {
      const days = await state.listDayBuckets(province, metric, fromDay, toDay, commune);
      return new Map(days.map((d) => [d.dayStart, d.stats[commune] ?? {}]));
    },
    async getDayStats(province, metric, dayStart) {
      const [day] = await state.listDayBuckets(province, metric, dayStart, dayStart);
      return day?.stats ?? {};
    },
    listAlerts: (province) => state.listAlerts(province),
    async updateAlert(province, id, change) {
      let missing = false;
      const result = await state.mergeAlert(province, id, (current) => {
        if (!current) {
          missing = true;
          return { next: undefined, changed: false };
        }
        return { next: change(current), changed: true };
      });
      return missing ? undefined : result;
    },
    listRules: (province) => rules.listFor(province),
    putRule: (province, rule) => rules.put(province, rule),
  };
}

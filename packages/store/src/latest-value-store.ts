import { type LatestValueStore, panelsToLatest } from "@ioc/core";
import type { DynamoDeps } from "./dynamo-helpers.js";
import { createStateStore } from "./state-store.js";

/** Latest values, read from the per-metric panels the processor maintains. */
export function createLatestValueStore(deps: DynamoDeps): LatestValueStore {
  const state = createStateStore(deps);
  return {
    async listProvince(province: string) {
      return panelsToLatest(await state.listPanels(province));
    },
  };
}

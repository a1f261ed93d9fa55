/**
 * Control: a province's target paths (issue 12 item 2), one item per province kept whole as JSON
 * — a few dozen paths, read together by every status computation, written by an admin now and then.
 */
import { type ProvinceTargets, targetPathSchema } from "@ioc/core";
import * as z from "zod/mini";
import { defineCodec, jsonData } from "./entity-codecs.js";
import { ENTITY } from "./keys.js";

/** The key of a province's targets: beside its other Control items, one per province. */
export const targetsKey = (province: string) => ({ pk: `P#${province}#TARGETS`, sk: "TARGETS" });

const provinceTargetsSchema: z.ZodMiniType<ProvinceTargets> = z.object({
  province: z.string(),
  paths: z.array(targetPathSchema),
  updatedAt: z.optional(z.number()),
  updatedBy: z.optional(z.string()),
});

/** Control: a province's target paths. */
export const targetsCodec = defineCodec<ProvinceTargets>({
  entity: ENTITY.targets,
  schema: jsonData(provinceTargetsSchema),
  keyOf: (t) => targetsKey(t.province),
  toAttributes: (t) => ({ data: JSON.stringify(t) }),
});

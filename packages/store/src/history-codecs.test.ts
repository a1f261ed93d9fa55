import { type DayValues, type ProvinceMonth, vnDateStart } from "@ioc/core";
import { describe, expect, it } from "vitest";
import { MalformedItemError } from "./entity-codecs.js";
import { dayValuesCodec, provinceMonthCodec } from "./history-codecs.js";
import { ENTITY } from "./keys.js";

const DAY = vnDateStart("2026-11-22");

describe("history codecs", () => {
  it("keys a day by province, metric and Vietnamese date, and a month under the province's history", () => {
    const day: DayValues = {
      province: "99",
      metric: "net.coverage_4g",
      dayStart: DAY,
      stats: { "99001": [2, 150, 70, 80, 80, DAY + 1000, "src/r1"] },
      imported: { "99002": [55, "y"] },
      applied: { s: "12" },
    };
    const item = dayValuesCodec.toItem(day);
    expect(item).toMatchObject({ pk: "P#99#M#net.coverage_4g#D", sk: "2026-11-22", entity: ENTITY.dayValues });
    // Commune maps travel as one JSON string each (see `packed`), and come back as they were.
    expect(typeof item.stats).toBe("string");
    expect(dayValuesCodec.fromImage(item)).toEqual(day);
    const month: ProvinceMonth = {
      province: "99",
      month: "2026-11",
      values: { "net.coverage_4g": { "22": [70, 2, "s"] } },
    };
    const monthItem = provinceMonthCodec.toItem(month);
    expect(monthItem).toMatchObject({ pk: "P#99#HIST", sk: "M#2026-11" });
    expect(provinceMonthCodec.fromImage(monthItem)).toEqual(month);
  });

  it("refuses a corrupt packed attribute as a malformed item", () => {
    const item = {
      ...dayValuesCodec.toItem({ province: "99", metric: "m", dayStart: DAY, stats: {}, imported: {}, applied: {} }),
      stats: "{not json",
    };
    expect(() => dayValuesCodec.fromImage(item)).toThrow(MalformedItemError);
  });
});

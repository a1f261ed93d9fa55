import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseLegacyMapping } from "./legacy-mapping.js";

const repoRoot = resolve(import.meta.dirname, "../../..");
const MERGES = resolve(repoRoot, "../shared/data/admin-2025/merges.json");
const haveMerges = existsSync(MERGES);
if (!haveMerges) console.warn(`legacy-mapping.test: skipping the real merges.json test: ${MERGES} is absent`);

const sample = {
  data: [
    {
      level1_id: "48",
      name: "Thành phố Đà Nẵng",
      merges: [
        { old_id: "48", name: "Thành phố Đà Nẵng", type: "full" },
        { old_id: "49", name: "Tỉnh Quảng Nam", type: "full" },
      ],
      level2s: [
        {
          level2_id: "20001",
          name: "Xã Một",
          merges: [
            { old_id: "00100", name: "Xã Cũ A", type: "full" },
            { old_id: "00101", name: "Xã Cũ B", type: "partial" },
          ],
        },
        {
          level2_id: "20002",
          name: "Xã Hai",
          merges: [
            { old_id: "00101", name: "Xã Cũ B", type: "partial" },
            { old_id: "00102", name: "Xã Cũ C", type: "full" },
          ],
        },
      ],
    },
  ],
};

describe("parseLegacyMapping", () => {
  it("maps a whole old commune cleanly and a split one to all its candidates", () => {
    const result = parseLegacyMapping(JSON.stringify(sample));
    if (!result.ok) throw new Error(result.problems.map((p) => p.message.en).join("\n"));
    const { communes, provinces, stats } = result.mapping;
    expect(communes.get("00100")).toEqual({ type: "full", oldCode: "00100", name: "Xã Cũ A", newCode: "20001" });
    expect(communes.get("00101")).toEqual({
      type: "partial",
      oldCode: "00101",
      name: "Xã Cũ B",
      candidates: ["20001", "20002"],
    });
    expect(communes.get("99999")).toBeUndefined();
    expect(provinces.get("49")).toMatchObject({ type: "full", newCode: "48" });
    expect(stats).toEqual({
      newProvinces: 1,
      newCommunes: 2,
      oldCommunes: 3,
      mappedFully: 2,
      ambiguous: 1,
      fullLinks: 2,
      partialLinks: 2,
    });
    expect(result.mapping.newCommunes[1]).toEqual({ code: "20002", name: "Xã Hai", provinceCode: "48" });
  });

  it("refuses a file that contradicts itself or breaks the shape, saying where", () => {
    const broken = structuredClone(sample);
    const [first, second] = broken.data[0]?.level2s ?? [];
    second?.merges.push({ old_id: "00100", name: "Xã Cũ A", type: "full" });
    if (first) first.merges[1] = { old_id: "00101", name: "Xã Cũ B", type: "merged" };
    const result = parseLegacyMapping(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([
      ["type-invalid", "data[0].level2s[0].merges[1].type"],
      ["conflicting-links", ""],
    ]);
    expect(result.problems[1]?.message.en).toBe(
      "File: old commune 00100 is merged whole yet listed elsewhere too: 20001 (full), 20002 (full)",
    );
    expect(result.problems[0]?.message.vi).toBe('data[0].level2s[0].merges[1].type: cần "full" hoặc "partial"');
    expect(parseLegacyMapping("{").ok).toBe(false);
    expect(parseLegacyMapping({ data: [] }).ok).toBe(false);
  });
});

describe.skipIf(!haveMerges)("parseLegacyMapping on the real 2025 merges.json", () => {
  it("loads 34 provinces and 3,321 communes with 460 split old communes", () => {
    const result = parseLegacyMapping(readFileSync(MERGES, "utf8"));
    if (!result.ok) throw new Error(result.problems.map((p) => p.message.en).join("\n"));
    const { communes, provinces, stats } = result.mapping;
    expect(stats).toEqual({
      newProvinces: 34,
      newCommunes: 3321,
      oldCommunes: 10_052,
      mappedFully: 9592,
      ambiguous: 460,
      fullLinks: 9592,
      partialLinks: 1012,
    });
    // Phường Trúc Bạch went whole into Phường Ba Đình; Phường Ngọc Hà was split.
    expect(communes.get("00004")).toMatchObject({ type: "full", newCode: "00004", name: "Phường Trúc Bạch" });
    expect(communes.get("00016")).toMatchObject({ type: "partial", candidates: ["00004", "00008"] });
    // Quảng Nam (49) merged into Đà Nẵng (48).
    expect(provinces.get("49")).toMatchObject({ type: "full", newCode: "48" });
  });
});

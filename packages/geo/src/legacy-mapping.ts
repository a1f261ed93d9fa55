/**
 * Loading a legacy-code mapping: which post-2025 commune absorbed each pre-2025 commune. The
 * default shape is dvhcvn's `mapping/merges.json` (the one in ../shared/data/admin-2025):
 *
 * ```
 * { "data": [ { "level1_id": "01", "name": "Thành phố Hà Nội",
 *               "merges": [ { "old_id": "01", "name": "…", "type": "full" } ],
 *               "level2s": [ { "level2_id": "00004", "name": "Phường Ba Đình",
 *                              "merges": [ { "old_id": "00004", "name": "Phường Trúc Bạch", "type": "full" },
 *                                          { "old_id": "00016", "name": "Phường Ngọc Hà", "type": "partial" } ] } ] } ] }
 * ```
 *
 * Old codes are 5-digit communes, or 3-digit island districts that had no communes. An old
 * commune listed once as `full` maps cleanly; one listed as `partial` (under one or several
 * new communes) was split and is ambiguous: its entry names every candidate and nothing guesses.
 * An old code listed `full` under two new communes, or both `full` and `partial`, contradicts
 * itself and refuses the file. Entries have the shape of `LegacyCodeEntry` in `@ioc/core`, ready
 * for a `LegacyCodeStore`.
 */
import { buildLegacyEntries, type LegacyCodeEntry, type MergeLink } from "@ioc/core";

/** A located problem of a mapping file. */
export interface MappingProblem {
  code: "invalid-json" | "shape" | "code-invalid" | "type-invalid" | "duplicate-new-code" | "conflicting-links";
  /** JSON path, e.g. `data[3].level2s[10].merges[2].type`. */
  path: string;
  message: { vi: string; en: string };
}

/** A loaded mapping. */
export interface LegacyMapping {
  /** Old commune code → what it became. */
  communes: Map<string, LegacyCodeEntry>;
  /** Old province code → the new province (same entry shape, with province codes). */
  provinces: Map<string, LegacyCodeEntry>;
  /** Every commune link as listed. */
  links: MergeLink[];
  /** The post-2025 units the file lists, in file order. */
  newProvinces: Array<{ code: string; name: string }>;
  newCommunes: Array<{ code: string; name: string; provinceCode: string }>;
  stats: {
    newProvinces: number;
    newCommunes: number;
    oldCommunes: number;
    /** Old communes that map to one new commune. */
    mappedFully: number;
    /** Old communes split across new ones (ambiguous). */
    ambiguous: number;
    fullLinks: number;
    partialLinks: number;
  };
}

/**
 * Old codes under a new commune are 5-digit commune codes, except for island districts that had
 * no communes (huyện đảo Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo), which became special
 * zones (đặc khu) and are listed by their 3-digit district code.
 */
const OLD_COMMUNE = /^(\d{5}|\d{3})$/;
const OLD_PROVINCE = /^\d{2}$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Parses and checks a merges.json-shaped mapping (text or parsed). */
export function parseLegacyMapping(
  input: string | unknown,
): { ok: true; mapping: LegacyMapping } | { ok: false; problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  const fail = (code: MappingProblem["code"], path: string, vi: string, en: string) => {
    if (problems.length < 200)
      problems.push({ code, path, message: { vi: `${path || "Tệp"}: ${vi}`, en: `${path || "File"}: ${en}` } });
  };
  let root: unknown = input;
  if (typeof input === "string") {
    try {
      root = JSON.parse(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      fail("invalid-json", "", `không phải JSON hợp lệ (${detail})`, `not valid JSON (${detail})`);
      return { ok: false, problems };
    }
  }
  const data = Array.isArray(root) ? root : isObject(root) ? root.data : undefined;
  if (!Array.isArray(data) || data.length === 0) {
    fail("shape", "data", 'cần mảng "data" các tỉnh không rỗng', 'expected a non-empty "data" array of provinces');
    return { ok: false, problems };
  }

  const links: MergeLink[] = [];
  const provinceLinks: MergeLink[] = [];
  const newProvinces: LegacyMapping["newProvinces"] = [];
  const newCommunes: LegacyMapping["newCommunes"] = [];
  const seenCommune = new Map<string, string>();
  const readMerges = (merges: unknown, path: string, newCode: string, oldCode: RegExp, into: MergeLink[]) => {
    if (!Array.isArray(merges)) {
      fail("shape", path, 'cần mảng "merges"', 'expected a "merges" array');
      return;
    }
    for (const [k, m] of merges.entries()) {
      const at = `${path}[${k}]`;
      if (!isObject(m)) {
        fail("shape", at, "cần một đối tượng", "expected an object");
        continue;
      }
      if (typeof m.old_id !== "string" || !oldCode.test(m.old_id)) {
        const [vi, en] =
          oldCode === OLD_PROVINCE
            ? ["cần mã tỉnh cũ 2 chữ số", "expected a 2-digit old province code"]
            : [
                "cần mã xã cũ 5 chữ số (hoặc mã huyện đảo 3 chữ số)",
                "expected a 5-digit old commune code (or a 3-digit island district code)",
              ];
        fail("code-invalid", `${at}.old_id`, vi, en);
        continue;
      }
      if (m.type !== "full" && m.type !== "partial") {
        fail("type-invalid", `${at}.type`, 'cần "full" hoặc "partial"', 'expected "full" or "partial"');
        continue;
      }
      into.push({ oldCode: m.old_id, oldName: typeof m.name === "string" ? m.name : "", newCode, type: m.type });
    }
  };

  for (const [p, province] of data.entries()) {
    const at = `data[${p}]`;
    if (!isObject(province)) {
      fail("shape", at, "cần một đối tượng tỉnh", "expected a province object");
      continue;
    }
    const code = province.level1_id;
    if (typeof code !== "string" || !/^\d{2}$/.test(code)) {
      fail("code-invalid", `${at}.level1_id`, "cần mã tỉnh 2 chữ số", "expected a 2-digit province code");
      continue;
    }
    newProvinces.push({ code, name: typeof province.name === "string" ? province.name : "" });
    if (province.merges !== undefined) readMerges(province.merges, `${at}.merges`, code, OLD_PROVINCE, provinceLinks);
    if (!Array.isArray(province.level2s)) {
      fail("shape", `${at}.level2s`, 'cần mảng "level2s" các xã', 'expected a "level2s" array of communes');
      continue;
    }
    for (const [c, commune] of province.level2s.entries()) {
      const cat = `${at}.level2s[${c}]`;
      if (!isObject(commune)) {
        fail("shape", cat, "cần một đối tượng xã", "expected a commune object");
        continue;
      }
      const newCode = commune.level2_id;
      if (typeof newCode !== "string" || !/^\d{5}$/.test(newCode)) {
        fail("code-invalid", `${cat}.level2_id`, "cần mã xã 5 chữ số", "expected a 5-digit commune code");
        continue;
      }
      const first = seenCommune.get(newCode);
      if (first) {
        fail(
          "duplicate-new-code",
          `${cat}.level2_id`,
          `mã ${newCode} đã có ở ${first}`,
          `code ${newCode} already at ${first}`,
        );
        continue;
      }
      seenCommune.set(newCode, cat);
      newCommunes.push({
        code: newCode,
        name: typeof commune.name === "string" ? commune.name : "",
        provinceCode: code,
      });
      readMerges(commune.merges, `${cat}.merges`, newCode, OLD_COMMUNE, links);
    }
  }

  for (const [list, what] of [
    [links, { vi: "xã", en: "commune" }],
    [provinceLinks, { vi: "tỉnh", en: "province" }],
  ] as const) {
    const byOld = new Map<string, MergeLink[]>();
    for (const link of list) byOld.set(link.oldCode, [...(byOld.get(link.oldCode) ?? []), link]);
    for (const [oldCode, group] of byOld) {
      const full = group.filter((l) => l.type === "full");
      if (full.length > 1 || (full.length === 1 && group.length > 1)) {
        const targets = group.map((l) => `${l.newCode} (${l.type})`).join(", ");
        fail(
          "conflicting-links",
          "",
          `${what.vi} cũ ${oldCode} vừa được nhập toàn bộ vừa xuất hiện ở nơi khác: ${targets}`,
          `old ${what.en} ${oldCode} is merged whole yet listed elsewhere too: ${targets}`,
        );
      }
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const communes = buildLegacyEntries(links);
  let mappedFully = 0;
  for (const entry of communes.values()) if (entry.type === "full") mappedFully++;
  return {
    ok: true,
    mapping: {
      communes,
      provinces: buildLegacyEntries(provinceLinks),
      links,
      newProvinces,
      newCommunes,
      stats: {
        newProvinces: newProvinces.length,
        newCommunes: newCommunes.length,
        oldCommunes: communes.size,
        mappedFully,
        ambiguous: communes.size - mappedFully,
        fullLinks: links.filter((l) => l.type === "full").length,
        partialLinks: links.filter((l) => l.type === "partial").length,
      },
    },
  };
}

/**
 * Pre-2025 commune codes. Provincial systems still emit the ~10,000 codes of the old three-level
 * structure; a reading sent with `"codeSystem": "pre-2025"` is mapped to the commune that absorbed
 * the old one. An old commune split across several new ones (`partial`) cannot be mapped without
 * guessing, so it is refused with the candidates named.
 */
import type { Province } from "./admin-units.js";
import { createRandom } from "./random.js";

/** What an old code became. */
export type LegacyCodeEntry =
  | { type: "full"; oldCode: string; name: string; newCode: string }
  | { type: "partial"; oldCode: string; name: string; candidates: string[] };

/** Looks up old codes; the API backs it with the Control table, tests with a Map. */
export interface LegacyCodeLookup {
  get(oldCode: string): Promise<LegacyCodeEntry | undefined>;
}

/** One link of a merge table: old unit → new commune, whole or in part. */
export interface MergeLink {
  oldCode: string;
  oldName: string;
  newCode: string;
  type: "full" | "partial";
}

/**
 * Folds merge links into one entry per old code: an old code linked only fully to a single new
 * commune maps cleanly; an old code linked to several new communes (or marked partial) is
 * ambiguous and lists every candidate.
 */
export function buildLegacyEntries(links: Iterable<MergeLink>): Map<string, LegacyCodeEntry> {
  const grouped = new Map<string, { name: string; targets: Set<string>; partial: boolean }>();
  for (const link of links) {
    const group = grouped.get(link.oldCode) ?? { name: link.oldName, targets: new Set<string>(), partial: false };
    group.targets.add(link.newCode);
    group.partial ||= link.type === "partial";
    grouped.set(link.oldCode, group);
  }
  const entries = new Map<string, LegacyCodeEntry>();
  for (const [oldCode, group] of grouped) {
    const targets = [...group.targets].sort();
    entries.set(
      oldCode,
      targets.length === 1 && !group.partial
        ? { type: "full", oldCode, name: group.name, newCode: targets[0] as string }
        : { type: "partial", oldCode, name: group.name, candidates: targets },
    );
  }
  return entries;
}

/**
 * A small legacy mapping for the demo province, so `codeSystem: "pre-2025"` works out of the box:
 * each demo commune absorbed one to three old communes (codes 9xxxx… are fictional), and a few old
 * communes were split between two neighbours.
 */
export function demoLegacyLinks(province: Province, seed = 1654): MergeLink[] {
  const random = createRandom(seed);
  const links: MergeLink[] = [];
  let next = 1;
  const oldCode = () => `9${String(next++).padStart(4, "0")}`.slice(0, 5);
  const communes = province.communes;
  communes.forEach((commune, index) => {
    const count = random.int(1, 3);
    for (let k = 0; k < count; k++) {
      links.push({
        oldCode: oldCode(),
        oldName: `Xã cũ ${commune.name.replace(/^(Xã|Phường|Đặc khu) /, "")} ${k + 1}`,
        newCode: commune.code,
        type: "full",
      });
    }
    // Every tenth commune shares a split old commune with the next one.
    const neighbour = communes[index + 1];
    if (index % 10 === 5 && neighbour) {
      const code = oldCode();
      const name = `Xã cũ chia tách ${index}`;
      links.push({ oldCode: code, oldName: name, newCode: commune.code, type: "partial" });
      links.push({ oldCode: code, oldName: name, newCode: neighbour.code, type: "partial" });
    }
  });
  return links;
}

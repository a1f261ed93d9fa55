/**
 * Geometry checks of one commune feature: closed rings of at least four positions, coordinates
 * inside Vietnam (and a recognisable swap of longitude and latitude), and no self-intersections
 * within a polygon (a ring crossing or touching itself, or two of its rings crossing). Touching
 * between different rings of one polygon at a single point is allowed, as in OGC Simple Features.
 */
import type { Position } from "@ioc/core";
import type { BoundaryFeature } from "./boundary-file.js";
import { type ProblemList, problem, showPosition } from "./problems.js";
import { createSegmentSet, forEachCandidatePair, pushSegment, segmentContact } from "./segment-grid.js";
import { insideBoxes, type LonLatBox } from "./vietnam-bounds.js";

/** At most this many intersections are listed per polygon; the first ones locate the fault. */
const INTERSECTIONS_PER_POLYGON = 3;

/** Checks a feature's geometry; returns true when it is sound. */
export function checkFeatureGeometry(
  feature: BoundaryFeature,
  boxes: readonly LonLatBox[],
  problems: ProblemList,
): boolean {
  const site = { featureIndex: feature.index, featureCode: feature.code };
  const base = `features[${feature.index}].geometry.coordinates`;
  const ringPath = (p: number, r: number) => (feature.multi ? `${base}[${p}][${r}]` : `${base}[${r}]`);
  const label = (p: number, r: number) =>
    feature.multi
      ? { vi: `vòng ${r} của đa giác ${p}`, en: `ring ${r} of polygon ${p}` }
      : { vi: `vòng ${r}`, en: `ring ${r}` };
  let sound = true;

  // Rings: closed, long enough.
  const usable: boolean[][] = feature.polygons.map((rings, p) =>
    rings.map((ring, r) => {
      const where = label(p, r);
      if (ring.length < 4) {
        problems.add(
          problem("ring-too-short", site, ringPath(p, r), {
            vi: `${where.vi} chỉ có ${ring.length} vị trí; một vòng khép kín cần ít nhất 4 (điểm đầu lặp lại ở cuối)`,
            en: `${where.en} has ${ring.length} positions; a closed ring needs at least 4 (the first repeated last)`,
          }),
        );
        return false;
      }
      const first = ring[0] as Position;
      const last = ring[ring.length - 1] as Position;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        problems.add(
          problem(
            "ring-unclosed",
            site,
            `${ringPath(p, r)}[${ring.length - 1}]`,
            {
              vi: `${where.vi} chưa khép kín: điểm đầu ${showPosition(first)} khác điểm cuối ${showPosition(last)}`,
              en: `${where.en} is not closed: first position ${showPosition(first)} differs from last ${showPosition(last)}`,
            },
            { position: last },
          ),
        );
        return false;
      }
      if (distinctConsecutive(ring) < 3) {
        problems.add(
          problem("ring-too-short", site, ringPath(p, r), {
            vi: `${where.vi} có ít hơn 3 đỉnh phân biệt: không bao được diện tích nào`,
            en: `${where.en} has fewer than 3 distinct positions: it encloses no area`,
          }),
        );
        return false;
      }
      return true;
    }),
  );
  if (usable.some((rings) => rings.some((ok) => !ok))) sound = false;

  // Inside Vietnam, or recognisably swapped.
  let total = 0;
  let outside = 0;
  let swappedInside = 0;
  let firstOutside: { position: Position; path: string } | null = null;
  feature.polygons.forEach((rings, p) => {
    rings.forEach((ring, r) => {
      for (let k = 0; k < ring.length; k++) {
        const [x, y] = ring[k] as Position;
        total++;
        if (insideBoxes(x, y, boxes)) continue;
        outside++;
        if (insideBoxes(y, x, boxes)) swappedInside++;
        if (!firstOutside) firstOutside = { position: ring[k] as Position, path: `${ringPath(p, r)}[${k}]` };
      }
    });
  });
  if (outside > 0 && firstOutside) {
    const { position, path } = firstOutside as { position: Position; path: string };
    sound = false;
    if (outside === total && swappedInside === total) {
      problems.add(
        problem(
          "coordinates-swapped",
          site,
          path,
          {
            vi: `toạ độ bị đảo thứ tự: ${showPosition(position)} là [vĩ độ, kinh độ]; GeoJSON cần [kinh độ, vĩ độ] (đổi chỗ hai số thì mọi điểm nằm trong Việt Nam)`,
            en: `coordinates are swapped: ${showPosition(position)} is [latitude, longitude]; GeoJSON needs [longitude, latitude] (swapped back, every position lies in Vietnam)`,
          },
          { position },
        ),
      );
    } else {
      problems.add(
        problem(
          "outside-vietnam",
          site,
          path,
          {
            vi: `${outside}/${total} vị trí nằm ngoài lãnh thổ Việt Nam (WGS84), đầu tiên là ${showPosition(position)}; tệp có dùng hệ toạ độ VN-2000 hay phép chiếu khác không?`,
            en: `${outside} of ${total} positions lie outside Vietnam (WGS84), the first at ${showPosition(position)}; is the file in VN-2000 or another projection?`,
          },
          { position },
        ),
      );
    }
  }

  // Self-intersections, per polygon, over all its usable rings.
  feature.polygons.forEach((rings, p) => {
    const cleaned = rings.map((ring, r) => (usable[p]?.[r] ? withoutConsecutiveDuplicates(ring) : null));
    let segments = 0;
    for (const ring of cleaned) if (ring) segments += ring.positions.length - 1;
    const set = createSegmentSet(segments);
    const ringOf = new Int32Array(segments);
    const indexIn = new Int32Array(segments);
    const ringSize = cleaned.map((ring) => (ring ? ring.positions.length - 1 : 0));
    cleaned.forEach((ring, r) => {
      if (!ring) return;
      for (let k = 0; k + 1 < ring.positions.length; k++) {
        const a = ring.positions[k] as Position;
        const b = ring.positions[k + 1] as Position;
        const i = pushSegment(set, a[0], a[1], b[0], b[1]);
        ringOf[i] = r;
        indexIn[i] = k;
      }
    });
    let found = 0;
    forEachCandidatePair(set, (i, j) => {
      const ri = ringOf[i] as number;
      const rj = ringOf[j] as number;
      const contact = segmentContact(set, i, j);
      if (contact.kind === "none") return false;
      const ki = Math.min(indexIn[i] as number, indexIn[j] as number);
      const kj = Math.max(indexIn[i] as number, indexIn[j] as number);
      const at: Position = [contact.x, contact.y];
      if (ri === rj) {
        const n = ringSize[ri] as number;
        const adjacent = kj - ki === 1 || (ki === 0 && kj === n - 1);
        if (adjacent && contact.kind !== "overlap") return false;
        const original = cleaned[ri]?.originalIndex ?? [];
        const where = label(p, ri);
        problems.add(
          problem(
            "self-intersection",
            site,
            ringPath(p, ri),
            {
              vi: `${where.vi} tự cắt tại ${showPosition(at)} (cạnh ${original[ki]}→${(original[ki] as number) + 1} và cạnh ${original[kj]}→${(original[kj] as number) + 1})`,
              en: `${where.en} intersects itself at ${showPosition(at)} (edge ${original[ki]}→${(original[ki] as number) + 1} and edge ${original[kj]}→${(original[kj] as number) + 1})`,
            },
            { position: at },
          ),
        );
      } else {
        if (contact.kind === "touch") return false;
        const a = label(p, Math.min(ri, rj));
        const b = label(p, Math.max(ri, rj));
        problems.add(
          problem(
            "rings-cross",
            site,
            ringPath(p, Math.min(ri, rj)),
            {
              vi: `${a.vi} và ${b.vi} cắt nhau tại ${showPosition(at)}`,
              en: `${a.en} and ${b.en} cross at ${showPosition(at)}`,
            },
            { position: at },
          ),
        );
      }
      sound = false;
      found++;
      return found >= INTERSECTIONS_PER_POLYGON;
    });
  });
  return sound;
}

function distinctConsecutive(ring: readonly Position[]): number {
  return withoutConsecutiveDuplicates(ring).positions.length - 1;
}

/** The closed ring without repeated consecutive positions, and where each came from. */
function withoutConsecutiveDuplicates(ring: readonly Position[]): { positions: Position[]; originalIndex: number[] } {
  const positions: Position[] = [];
  const originalIndex: number[] = [];
  for (let k = 0; k < ring.length; k++) {
    const p = ring[k] as Position;
    const last = positions[positions.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    positions.push(p);
    originalIndex.push(k);
  }
  return { positions, originalIndex };
}

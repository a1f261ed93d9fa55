/**
 * Repair of invalid rings, as GIS tools do it (PostGIS `ST_MakeValid`, GEOS `MakeValid` with the
 * linework method): a ring that touches or crosses itself is noded at the contact and split into
 * simple loops; the loops are sorted into shells and holes by how deeply they nest (even-odd, so
 * the repaired polygon covers exactly the area the ring drew); spikes, zero-area loops and repeated
 * consecutive positions are removed. Every repair is listed with its feature, ring and position.
 *
 * Shared borders stay shared: a point inserted into an edge (where a ring crosses itself) is
 * inserted into every ring of the file that has that edge, and computed from the edge pair in a
 * canonical order, so both neighbours get the very same double and the topology step still finds
 * their common arc. What cannot be repaired (an unclosed ring, rings of one polygon crossing each
 * other, a commune left with no area) is left as it is, for the checks to refuse.
 */
import { type PolygonRings, type Position, pointInRing } from "@ioc/core";
import type { BoundaryFeature } from "./boundary-file.js";
import { type BoundaryProblem, type BoundaryProblemCode, type ProblemList, problem, showPosition } from "./problems.js";
import { createSegmentSet, forEachCandidatePair, pushSegment, segmentContact } from "./segment-grid.js";

/** What a repair did. */
export type RepairKind = "ring-split" | "spike-removed" | "zero-area-loop-removed" | "duplicate-vertices-removed";

/** One repair of one ring, with every position where it acted. */
export interface RingRepair {
  kind: RepairKind;
  featureIndex: number;
  featureCode: string;
  featureName: string;
  /** Polygon and ring in the source geometry (polygon 0 for a Polygon). */
  polygon: number;
  ring: number;
  /** JSON path of the ring in the source file. */
  path: string;
  /** Where: the contacts of a split ring, the tips of spikes, a vertex of each removed loop, the repeated positions. */
  positions: Position[];
  /** For `ring-split`: shells and holes the ring became. */
  shells?: number;
  holes?: number;
}

/** The features with repaired geometry (same order and count) and the repairs made. */
export interface RepairResult {
  features: BoundaryFeature[];
  repairs: RingRepair[];
}

const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];
const cross = (a: Position, b: Position, c: Position) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
const before = (a: Position, b: Position) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
const edgeKey = (a: Position, b: Position) =>
  before(a, b) ? `${a[0]},${a[1]},${b[0]},${b[1]}` : `${b[0]},${b[1]},${a[0]},${a[1]}`;
const pointKey = (p: Position) => `${p[0]},${p[1]}`;

/** Twice the signed area of an open or closed ring. */
function area2(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j] as Position;
    const b = ring[i] as Position;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s;
}

/** Repairs every feature's rings (see the module comment); reports each repair as a warning. */
export function repairFeatures(features: readonly BoundaryFeature[], problems: ProblemList): RepairResult {
  const repairs: RingRepair[] = [];
  // Open rings (no closing repeat) after cleaning, per feature, polygon, ring; null = left as is.
  const open: Array<Array<Array<Position[] | null>>> = features.map((feature) =>
    feature.polygons.map((rings, p) =>
      rings.map((ring, r) => {
        if (ring.length < 4 || !same(ring[0] as Position, ring[ring.length - 1] as Position)) return null;
        const note = (kind: RepairKind, positions: Position[]) => {
          if (positions.length > 0) repairs.push(site(feature, p, r, kind, positions));
        };
        return cleanRing(ring, note);
      }),
    ),
  );

  // Contacts of each ring with itself; the points to insert into edges, keyed by edge, file-wide.
  const inserts = new Map<string, Position[]>();
  const insertXs = new Set<number>();
  const contacts = new Map<Position[], { found: Position[]; nodes: Position[] }>();
  for (const polygons of open) {
    for (const rings of polygons) {
      for (const ring of rings) {
        if (!ring || ring.length < 3) continue;
        const { found, nodes } = selfContacts(ring, (a, b, point) => {
          const key = edgeKey(a, b);
          let list = inserts.get(key);
          if (!list) {
            list = [];
            inserts.set(key, list);
          }
          if (!list.some((q) => same(q, point))) list.push(point);
          insertXs.add(a[0]);
          insertXs.add(b[0]);
        });
        if (found.length > 0) contacts.set(ring, { found, nodes });
      }
    }
  }

  const repaired = features.map((feature, f): BoundaryFeature => {
    const polygons: PolygonRings[] = [];
    let changed = false;
    feature.polygons.forEach((source, p) => {
      const rings = (open[f] as Array<Array<Position[] | null>>)[p] as Array<Position[] | null>;
      if (rings.some((ring) => ring === null)) {
        polygons.push(source); // an unclosed or too short ring: not repairable, the checks refuse it
        return;
      }
      const noded = rings.map((ring) => (ring && inserts.size > 0 ? nodeRing(ring, inserts, insertXs) : ring));
      noded.forEach((ring, r) => {
        if (ring && (ring !== rings[r] || ring.length + 1 !== (source[r] as Position[]).length)) changed = true;
      });
      const loops: Array<{ ring: Position[]; area: number }> = [];
      const splits: Array<{ repair: RingRepair; loops: Position[][] }> = [];
      let shellLost = false;
      noded.forEach((ring, r) => {
        const src = source[r] as Position[];
        if (!ring) return;
        const contact = contacts.get(rings[r] as Position[]);
        const found = contact?.found;
        const pieces = contact ? splitLoops(ring, contact.nodes) : [ring];
        const removed: Position[] = [];
        const kept: Position[][] = [];
        for (const loop of pieces) {
          if (loop.length < 3 || area2(loop) === 0) removed.push((loop[0] ?? src[0]) as Position);
          else kept.push(loop);
        }
        if (kept.length === 0 && r === 0) {
          shellLost = true;
          return;
        }
        if (removed.length > 0) {
          changed = true;
          repairs.push(site(feature, p, r, "zero-area-loop-removed", removed));
        }
        for (const loop of kept) loops.push({ ring: loop, area: Math.abs(area2(loop)) });
        if (found) {
          changed = true;
          const repair = site(feature, p, r, "ring-split", found);
          repairs.push(repair);
          splits.push({ repair, loops: kept });
        }
      });
      if (shellLost) {
        // A part with no area is dropped when the commune has others (a sliver digitised by
        // mistake); a commune with nothing else is not repairable: the source stays, refused.
        if (feature.polygons.length > 1) {
          changed = true;
          repairs.push(site(feature, p, 0, "zero-area-loop-removed", [source[0]?.[0] as Position]));
        } else {
          polygons.push(source);
        }
        return;
      }
      if (splits.length === 0) {
        polygons.push(loops.map((loop) => close(loop.ring)));
        return;
      }
      const built = nestLoops(loops);
      const shells = new Set(built.map((poly) => poly[0]));
      for (const { repair, loops: own } of splits) {
        repair.shells = own.filter((loop) => shells.has(loop)).length;
        repair.holes = own.length - repair.shells;
      }
      for (const poly of built) polygons.push(poly.map(close));
    });
    if (!changed || polygons.length === 0) return feature;
    return { ...feature, polygons, multi: feature.multi || polygons.length > 1 };
  });

  for (const repair of repairs) problems.add(repairProblem(repair));
  return { features: repaired, repairs };
}

function site(
  feature: BoundaryFeature,
  polygon: number,
  ring: number,
  kind: RepairKind,
  positions: Position[],
): RingRepair {
  return {
    kind,
    featureIndex: feature.index,
    featureCode: feature.code,
    featureName: feature.name,
    polygon,
    ring,
    path: `features[${feature.index}].geometry.coordinates${feature.multi ? `[${polygon}]` : ""}[${ring}]`,
    positions,
  };
}

const close = (ring: Position[]): Position[] => [...ring, ring[0] as Position];

/**
 * The ring open (no closing repeat), without repeated consecutive positions and without spikes
 * (a vertex where the boundary goes out and straight back: A→B→A, or A→B→C with C on AB).
 */
function cleanRing(ring: readonly Position[], note: (kind: RepairKind, positions: Position[]) => void): Position[] {
  const duplicates: Position[] = [];
  const spikes: Position[] = [];
  const out: Position[] = [];
  const isSpike = (a: Position, b: Position, c: Position) =>
    same(a, c) || (cross(a, b, c) === 0 && (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]) < 0);
  const push = (p: Position) => {
    const last = out[out.length - 1];
    if (last && same(last, p)) {
      duplicates.push(p);
      return;
    }
    while (out.length >= 2 && isSpike(out[out.length - 2] as Position, out[out.length - 1] as Position, p)) {
      spikes.push(out.pop() as Position);
      if (same(out[out.length - 1] as Position, p)) return;
    }
    out.push(p);
  };
  for (let k = 0; k + 1 < ring.length; k++) push(ring[k] as Position);
  // Around the closing position: the ring's end against its start.
  for (let guard = 0; out.length >= 3 && guard < ring.length; guard++) {
    const n = out.length;
    if (same(out[n - 1] as Position, out[0] as Position)) {
      duplicates.push(out.pop() as Position);
    } else if (isSpike(out[n - 2] as Position, out[n - 1] as Position, out[0] as Position)) {
      spikes.push(out.pop() as Position);
    } else if (isSpike(out[n - 1] as Position, out[0] as Position, out[1] as Position)) {
      spikes.push(out.shift() as Position);
    } else break;
  }
  note("duplicate-vertices-removed", duplicates);
  note("spike-removed", spikes);
  return out;
}

/**
 * Where an open ring touches or crosses itself. `insert(a, b, point)` is called for each point
 * that must become a vertex of edge a→b; the returned positions locate the contacts.
 */
function selfContacts(
  ring: readonly Position[],
  insert: (a: Position, b: Position, point: Position) => void,
): { found: Position[]; nodes: Position[] } {
  const n = ring.length;
  const set = createSegmentSet(n);
  for (let k = 0; k < n; k++) {
    const a = ring[k] as Position;
    const b = ring[(k + 1) % n] as Position;
    pushSegment(set, a[0], a[1], b[0], b[1]);
  }
  const found: Position[] = [];
  // Every position the ring will pass twice once noded: where to cut it.
  const nodes: Position[] = [];
  forEachCandidatePair(set, (i, j) => {
    const adjacent = Math.abs(i - j) === 1 || Math.abs(i - j) === n - 1;
    const contact = segmentContact(set, i, j);
    if (contact.kind === "none" || (adjacent && contact.kind === "touch")) return false;
    const a = ring[i] as Position;
    const b = ring[(i + 1) % n] as Position;
    const c = ring[j] as Position;
    const d = ring[(j + 1) % n] as Position;
    if (contact.kind === "proper") {
      const x = canonicalCrossing(a, b, c, d);
      insert(a, b, x);
      insert(c, d, x);
      if (!found.some((q) => same(q, x))) found.push(x);
      nodes.push(x);
      return false;
    }
    // A touch or an overlap: endpoints of one edge lying inside the other become its vertices.
    let at: Position | null = null;
    for (const [p, q, r] of [
      [a, c, d],
      [b, c, d],
      [c, a, b],
      [d, a, b],
    ] as Array<[Position, Position, Position]>) {
      if (same(p, q) || same(p, r)) {
        at ??= p;
        nodes.push(p);
        continue;
      }
      if (onSegment(p, q, r)) {
        insert(q, r, p);
        at ??= p;
        nodes.push(p);
      }
    }
    if (at && !found.some((q) => same(q, at as Position))) found.push(at);
    return false;
  });
  return { found, nodes };
}

function onSegment(p: Position, a: Position, b: Position): boolean {
  if (cross(a, b, p) !== 0) return false;
  return (
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1])
  );
}

/** The crossing of two edges, computed from their endpoints in a fixed order so every ring sharing them gets the same double. */
function canonicalCrossing(a: Position, b: Position, c: Position, d: Position): Position {
  let [p, q] = before(a, b) ? [a, b] : [b, a];
  let [r, s] = before(c, d) ? [c, d] : [d, c];
  if (before(r, p) || (same(r, p) && before(s, q))) [p, q, r, s] = [r, s, p, q];
  const o3 = cross(r, s, p);
  const o4 = cross(r, s, q);
  const t = o3 / (o3 - o4);
  return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
}

/** The open ring with the file's inserted points added to its edges, in order along each edge. */
function nodeRing(ring: Position[], inserts: Map<string, Position[]>, xs: Set<number>): Position[] {
  const n = ring.length;
  let out: Position[] | null = null;
  for (let k = 0; k < n; k++) {
    const a = ring[k] as Position;
    const b = ring[(k + 1) % n] as Position;
    const points = xs.has(a[0]) && xs.has(b[0]) ? inserts.get(edgeKey(a, b)) : undefined;
    if (!points) {
      out?.push(a);
      continue;
    }
    out ??= ring.slice(0, k);
    out.push(a);
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const along = points
      .filter((q) => !same(q, a) && !same(q, b))
      .map((q) => ({ q, t: (q[0] - a[0]) * dx + (q[1] - a[1]) * dy }))
      .sort((u, v) => u.t - v.t);
    for (const { q } of along) out.push(q);
  }
  return out ?? ring;
}

/**
 * Cuts an open ring at every position it passes twice into simple open loops. Only the contact
 * points can repeat, so only they are looked up (a real ring has thousands of vertices and a
 * handful of contacts).
 */
function splitLoops(ring: readonly Position[], nodes: readonly Position[]): Position[][] {
  const xs = new Set(nodes.map((p) => p[0]));
  const loops: Position[][] = [];
  const stack: Position[] = [];
  const at = new Map<string, number>();
  for (const p of ring) {
    if (!xs.has(p[0])) {
      stack.push(p);
      continue;
    }
    const key = pointKey(p);
    const i = at.get(key);
    if (i === undefined || i >= stack.length || !same(stack[i] as Position, p)) {
      at.set(key, stack.length);
      stack.push(p);
      continue;
    }
    const loop = stack.splice(i);
    loops.push(loop);
    at.set(key, stack.length);
    stack.push(p);
  }
  if (stack.length > 0) loops.push(stack);
  return loops;
}

/**
 * Shells and holes from simple loops that meet at most at single points: a loop inside an even
 * number of others is a shell, inside an odd number a hole of the smallest shell around it.
 * Returns polygons of open rings, shell first.
 */
function nestLoops(loops: Array<{ ring: Position[]; area: number }>): Position[][][] {
  const sorted = [...loops].sort((a, b) => b.area - a.area);
  const parent: number[] = [];
  const depth: number[] = [];
  sorted.forEach((loop, i) => {
    // A point just inside the loop's first edge would be surer, but loops share no edges: the
    // midpoint of one lies on no other loop.
    const a = loop.ring[0] as Position;
    const b = loop.ring[1] as Position;
    const mx = (a[0] + b[0]) / 2;
    const my = (a[1] + b[1]) / 2;
    let d = 0;
    let smallest = -1;
    for (let j = 0; j < i; j++) {
      if (pointInRing([mx, my], (sorted[j] as { ring: Position[] }).ring)) {
        d++;
        smallest = j;
      }
    }
    depth.push(d);
    parent.push(smallest);
  });
  const polygons = new Map<number, Position[][]>();
  sorted.forEach((loop, i) => {
    if ((depth[i] as number) % 2 === 0) polygons.set(i, [loop.ring]);
  });
  sorted.forEach((loop, i) => {
    if ((depth[i] as number) % 2 === 1) polygons.get(parent[i] as number)?.push(loop.ring);
  });
  return [...polygons.values()];
}

const REPAIR_CODE: Record<RepairKind, BoundaryProblemCode> = {
  "ring-split": "ring-repaired",
  "spike-removed": "spike-removed",
  "zero-area-loop-removed": "zero-area-loop-removed",
  "duplicate-vertices-removed": "duplicate-vertices-removed",
};

/** Problem codes of repairs: a caller listing every repair from `repairs` skips these warnings. */
export const REPAIR_PROBLEM_CODES: ReadonlySet<BoundaryProblemCode> = new Set(Object.values(REPAIR_CODE));

/** Problems the repair can fix: when a file is refused for these, `--repair` may import it. */
export const REPAIRABLE_PROBLEM_CODES: ReadonlySet<BoundaryProblemCode> = new Set(["self-intersection"]);

const MAX_LISTED_POSITIONS = 5;

/** The located, bilingual warning for one repair. */
export function repairProblem(repair: RingRepair): BoundaryProblem {
  const where = {
    vi: `${repair.featureName}, vòng ${repair.ring} của đa giác ${repair.polygon}`,
    en: `${repair.featureName}, ring ${repair.ring} of polygon ${repair.polygon}`,
  };
  const n = repair.positions.length;
  const listed = repair.positions.slice(0, MAX_LISTED_POSITIONS).map(showPosition).join(", ");
  const more =
    n > MAX_LISTED_POSITIONS
      ? { vi: ` và ${n - MAX_LISTED_POSITIONS} chỗ khác`, en: ` and ${n - MAX_LISTED_POSITIONS} more` }
      : { vi: "", en: "" };
  const message =
    repair.kind === "ring-split"
      ? {
          vi: `${where.vi} tự chạm hoặc tự cắt tại ${listed}${more.vi}: đã tách tại đó thành ${repair.shells} vòng ngoài và ${repair.holes} lỗ hợp lệ`,
          en: `${where.en} touches or crosses itself at ${listed}${more.en}: split there into ${repair.shells} valid outer rings and ${repair.holes} holes`,
        }
      : repair.kind === "spike-removed"
        ? {
            vi: `${where.vi} có ${n} gai (đường ranh đi ra rồi quay lại) tại ${listed}${more.vi}: đã bỏ`,
            en: `${where.en} has ${n} spikes (the boundary goes out and straight back) at ${listed}${more.en}: removed`,
          }
        : repair.kind === "zero-area-loop-removed"
          ? {
              vi: `${where.vi} có ${n} vòng con diện tích bằng 0 tại ${listed}${more.vi}: đã bỏ`,
              en: `${where.en} has ${n} zero-area loops at ${listed}${more.en}: removed`,
            }
          : {
              vi: `${where.vi} có ${n} đỉnh lặp liên tiếp tại ${listed}${more.vi}: đã bỏ`,
              en: `${where.en} has ${n} repeated consecutive positions at ${listed}${more.en}: removed`,
            };
  return problem(
    REPAIR_CODE[repair.kind],
    { featureIndex: repair.featureIndex, featureCode: repair.featureCode },
    repair.path,
    message,
    { severity: "warning", position: repair.positions[0] as Position },
  );
}

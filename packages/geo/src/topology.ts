/**
 * Topology-preserving simplification, as TopoJSON and mapshaper do it: find the arcs that
 * neighbouring rings share, simplify each arc once, and rebuild every ring from its arcs, so two
 * communes still meet along identical vertices after simplification (no slivers, no gaps).
 *
 * 1. Every distinct position gets an id (exact equality; see vertex-index.ts).
 * 2. A vertex is a *junction* when rings pass through it with different neighbours (where a shared
 *    border begins or ends, or three communes meet).
 * 3. Each ring is cut at its junctions into arcs; a ring without junctions is one closed arc.
 *    Identical arcs (either direction) are stored once and referenced by every ring that uses them.
 * 4. Each arc is simplified once with Douglas–Peucker (endpoints kept, so junctions stay put).
 * 5. Simplification must not make rings cross: all simplified segments are checked on a grid
 *    (segment-grid.ts); arcs involved in a crossing, a touch or a collapsed ring are simplified
 *    again with a quarter of the tolerance, and after a few rounds keep every vertex. Arcs that
 *    already cross in the source (neighbours digitised separately, so their borders overlap by a
 *    few metres) are found first, kept exactly as they are, and reported.
 */
import type { Position } from "@ioc/core";
import { createSegmentSet, forEachCandidatePair, pushSegment, segmentContact } from "./segment-grid.js";
import { VertexIndex } from "./vertex-index.js";

/** Rings cut into shared arcs. */
export interface Topology {
  vertices: VertexIndex;
  /** Vertex ids of each arc: junction to junction (inclusive), or a whole ring without repeating its start. */
  arcs: Int32Array[];
  /** 1 when the arc is a whole ring (no junction on it). */
  closed: Uint8Array;
  /** Per input ring, its arcs in order: `i` forward, `~i` reversed. */
  rings: Int32Array[];
  /** Consecutive duplicate vertices dropped while reading the rings. */
  duplicatesRemoved: number;
}

/** Cuts closed rings (first position = last) into shared arcs. */
export function buildTopology(rings: readonly (readonly Position[])[]): Topology {
  let total = 0;
  for (const ring of rings) total += ring.length;
  const vertices = new VertexIndex(Math.ceil(total * 0.6) + 16);
  let duplicatesRemoved = 0;

  // 1. Rings as id sequences, open (no closing repeat), without consecutive duplicates.
  const ringIds: Int32Array[] = rings.map((ring) => {
    const ids = new Int32Array(Math.max(0, ring.length - 1));
    let m = 0;
    for (let k = 0; k + 1 < ring.length; k++) {
      const p = ring[k] as Position;
      const id = vertices.idOf(p[0], p[1]);
      if (m > 0 && ids[m - 1] === id) {
        duplicatesRemoved++;
        continue;
      }
      ids[m++] = id;
    }
    while (m > 1 && ids[m - 1] === ids[0]) {
      m--;
      duplicatesRemoved++;
    }
    return ids.subarray(0, m);
  });

  // 2. Junctions: a vertex met with a different pair of neighbours than the first time.
  const count = vertices.count;
  const prevOf = new Int32Array(count).fill(-1);
  const nextOf = new Int32Array(count).fill(-1);
  const junction = new Uint8Array(count);
  for (const ids of ringIds) {
    const m = ids.length;
    for (let k = 0; k < m; k++) {
      const cur = ids[k] as number;
      const prev = ids[(k + m - 1) % m] as number;
      const next = ids[(k + 1) % m] as number;
      const p0 = prevOf[cur] as number;
      if (p0 === -1) {
        prevOf[cur] = prev;
        nextOf[cur] = next;
      } else {
        const n0 = nextOf[cur] as number;
        if (!((p0 === prev && n0 === next) || (p0 === next && n0 === prev))) junction[cur] = 1;
      }
    }
  }

  // 3. Cut and deduplicate.
  const arcs: Int32Array[] = [];
  const closedFlags: number[] = [];
  const buckets = new Map<string, number[]>();
  const intern = (canonical: Int32Array, closed: boolean): number => {
    const n = canonical.length;
    const key = `${closed ? "c" : "o"}:${canonical[0]}:${canonical[1]}:${canonical[n - 1]}:${n}`;
    const bucket = buckets.get(key);
    if (bucket) {
      for (const index of bucket) if (sameIds(arcs[index] as Int32Array, canonical)) return index;
    }
    const index = arcs.length;
    arcs.push(canonical);
    closedFlags.push(closed ? 1 : 0);
    if (bucket) bucket.push(index);
    else buckets.set(key, [index]);
    return index;
  };

  const ringArcs: Int32Array[] = ringIds.map((ids) => {
    const m = ids.length;
    if (m === 0) return new Int32Array(0);
    let first = -1;
    for (let k = 0; k < m; k++) {
      if (junction[ids[k] as number]) {
        first = k;
        break;
      }
    }
    if (first === -1) {
      const { canonical, forward } = canonicalClosed(ids);
      const index = intern(canonical, true);
      return Int32Array.of(forward ? index : ~index);
    }
    const refs: number[] = [];
    let start = first;
    for (let step = 1; step <= m; step++) {
      const k = (first + step) % m;
      if (!junction[ids[k] as number] && step < m) continue;
      const length = ((k - start + m) % m || m) + 1;
      const piece = new Int32Array(length);
      for (let t = 0; t < length; t++) piece[t] = ids[(start + t) % m] as number;
      const { canonical, forward } = canonicalOpen(piece);
      const index = intern(canonical, false);
      refs.push(forward ? index : ~index);
      start = k;
    }
    return Int32Array.from(refs);
  });

  return { vertices, arcs, closed: Uint8Array.from(closedFlags), rings: ringArcs, duplicatesRemoved };
}

function sameIds(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** An open arc in a direction both rings agree on: from the smaller endpoint id. */
function canonicalOpen(piece: Int32Array): { canonical: Int32Array; forward: boolean } {
  const n = piece.length;
  const a = piece[0] as number;
  const b = piece[n - 1] as number;
  let forward = a < b;
  if (a === b) forward = n < 3 || (piece[1] as number) <= (piece[n - 2] as number);
  return { canonical: forward ? piece : piece.slice().reverse(), forward };
}

/** A whole ring starting at its smallest id, turning towards the smaller neighbour. */
function canonicalClosed(ids: Int32Array): { canonical: Int32Array; forward: boolean } {
  const m = ids.length;
  let s = 0;
  for (let k = 1; k < m; k++) if ((ids[k] as number) < (ids[s] as number)) s = k;
  const forward = m < 3 || (ids[(s + 1) % m] as number) <= (ids[(s + m - 1) % m] as number);
  const canonical = new Int32Array(m);
  for (let t = 0; t < m; t++) canonical[t] = ids[forward ? (s + t) % m : (s - t + m) % m] as number;
  return { canonical, forward };
}

/** Options of {@link simplifyTopology}. */
export interface SimplifyOptions {
  /** Douglas–Peucker tolerance in metres. */
  toleranceMeters: number;
  /** Rounds of re-simplifying arcs that made rings cross, before keeping them whole. */
  maxRepairRounds?: number;
  onRound?: (round: number, flaggedArcs: number) => void;
}

/** What simplification did. */
export interface SimplifyStats {
  arcs: number;
  /** Arcs used by two or more rings (shared borders). */
  sharedArcs: number;
  verticesBefore: number;
  verticesAfter: number;
  /** Arcs simplified again with a smaller tolerance to avoid crossings. */
  arcsRefined: number;
  /** Arcs kept whole because no smaller tolerance avoided a crossing. */
  arcsKeptWhole: number;
  repairRounds: number;
}

const METERS_PER_DEGREE = 111_320;

/**
 * Simplifies closed rings with shared borders kept shared; returns closed rings in the input's
 * order and orientation, and what was done.
 */
export function simplifyTopology(
  rings: readonly (readonly Position[])[],
  options: SimplifyOptions,
): { rings: Position[][]; topology: Topology; stats: SimplifyStats; preexisting: SourceContact[] } {
  const topology = buildTopology(rings);
  const { arcs, closed, vertices } = topology;
  const maxRounds = options.maxRepairRounds ?? 6;
  const tolerance = new Float64Array(arcs.length).fill(options.toleranceMeters);
  // Arcs that already cross or overlap in the source (neighbours digitised separately) stay as
  // they are: simplification cannot repair them, and must not hide them.
  const preexisting: SourceContact[] = [];
  const original = findTroubledArcs(topology, arcs, null, preexisting);
  const whole = new Uint8Array(arcs.length);
  for (const a of original) whole[a] = 1;
  const kept: Int32Array[] = arcs.map((arc, a) =>
    whole[a] ? arc : simplifyArc(vertices, arc, closed[a] === 1, options.toleranceMeters),
  );
  const refined = new Uint8Array(arcs.length);
  const uses = new Int32Array(arcs.length);
  for (const refs of topology.rings) for (const ref of refs) (uses[ref < 0 ? ~ref : ref] as number)++;

  let rounds = 0;
  for (let round = 1; round <= maxRounds + 1; round++) {
    const flagged = findTroubledArcs(topology, kept, whole, null);
    for (const a of flagged) if (whole[a]) flagged.delete(a);
    options.onRound?.(round, flagged.size);
    if (flagged.size === 0) break;
    rounds = round;
    for (const a of flagged) {
      if (whole[a]) continue;
      refined[a] = 1;
      if (round > maxRounds) {
        kept[a] = arcs[a] as Int32Array;
        whole[a] = 1;
      } else {
        tolerance[a] = (tolerance[a] as number) / 4;
        kept[a] = simplifyArc(vertices, arcs[a] as Int32Array, closed[a] === 1, tolerance[a] as number);
      }
    }
    if (round > maxRounds) break;
  }

  const positions: Array<Position | undefined> = new Array(vertices.count);
  const positionOf = (id: number): Position => {
    let p = positions[id];
    if (!p) {
      p = [vertices.xs[id] as number, vertices.ys[id] as number];
      positions[id] = p;
    }
    return p;
  };
  let verticesAfter = 0;
  const out = topology.rings.map((refs) => {
    const ids = assembleRing(refs, kept, closed);
    verticesAfter += ids.length;
    const ring: Position[] = new Array(ids.length + 1);
    for (let k = 0; k < ids.length; k++) ring[k] = positionOf(ids[k] as number);
    ring[ids.length] = ring[0] as Position;
    return ring;
  });
  let verticesBefore = 0;
  for (const ring of rings) verticesBefore += Math.max(0, ring.length - 1);
  let sharedArcs = 0;
  for (let a = 0; a < arcs.length; a++) if ((uses[a] as number) > 1) sharedArcs++;
  return {
    rings: out,
    topology,
    stats: {
      arcs: arcs.length,
      sharedArcs,
      verticesBefore,
      verticesAfter,
      arcsRefined: refined.reduce((s, v) => s + v, 0),
      arcsKeptWhole: whole.reduce((s, v) => s + v, 0),
      repairRounds: rounds,
    },
    preexisting,
  };
}

/** The ring's vertex ids (open: no closing repeat) from its arcs' kept vertices. */
function assembleRing(refs: Int32Array, kept: readonly Int32Array[], closed: Uint8Array): number[] {
  const ids: number[] = [];
  for (const ref of refs) {
    const a = ref < 0 ? ~ref : ref;
    const arc = kept[a] as Int32Array;
    const n = arc.length;
    if (closed[a]) {
      for (let t = 0; t < n; t++) ids.push(arc[ref < 0 ? (n - t) % n : t] as number);
      continue;
    }
    // Each open arc's last vertex is the next arc's first; keep it once.
    for (let t = 0; t < n - 1; t++) ids.push(arc[ref < 0 ? n - 1 - t : t] as number);
  }
  return ids;
}

/** Where two arcs of the source already cross, touch or overlap (other than at shared vertices). */
export interface SourceContact {
  arcs: [number, number];
  kind: "proper" | "touch" | "overlap";
  position: Position;
}

/**
 * Arcs whose segments cross or touch others improperly, or whose rings collapsed. Contacts between
 * two arcs both marked in `settled` are known and skipped; `contacts`, when given, collects them.
 */
function findTroubledArcs(
  topology: Topology,
  kept: readonly Int32Array[],
  settled: Uint8Array | null,
  contacts: SourceContact[] | null,
): Set<number> {
  const { vertices, closed } = topology;
  const flagged = new Set<number>();
  for (const refs of topology.rings) {
    let distinct = 0;
    for (const ref of refs) {
      const a = ref < 0 ? ~ref : ref;
      distinct += closed[a] ? (kept[a] as Int32Array).length : (kept[a] as Int32Array).length - 1;
    }
    if (distinct < 3) for (const ref of refs) flagged.add(ref < 0 ? ~ref : ref);
  }

  let segments = 0;
  for (let a = 0; a < kept.length; a++) {
    const n = (kept[a] as Int32Array).length;
    segments += closed[a] ? n : n - 1;
  }
  const set = createSegmentSet(segments);
  const arcOf = new Int32Array(segments);
  const from = new Int32Array(segments);
  const to = new Int32Array(segments);
  for (let a = 0; a < kept.length; a++) {
    const arc = kept[a] as Int32Array;
    const n = arc.length;
    const last = closed[a] ? n : n - 1;
    for (let t = 0; t < last; t++) {
      const p = arc[t] as number;
      const q = arc[(t + 1) % n] as number;
      const i = pushSegment(
        set,
        vertices.xs[p] as number,
        vertices.ys[p] as number,
        vertices.xs[q] as number,
        vertices.ys[q] as number,
      );
      arcOf[i] = a;
      from[i] = p;
      to[i] = q;
    }
  }
  forEachCandidatePair(set, (i, j) => {
    const ai = arcOf[i] as number;
    const aj = arcOf[j] as number;
    if (settled?.[ai] && settled[aj]) return false;
    if (!contacts && flagged.has(ai) && flagged.has(aj)) return false;
    const contact = segmentContact(set, i, j);
    if (contact.kind === "none") return false;
    if (contact.kind === "touch") {
      const sharesEnd = from[i] === from[j] || from[i] === to[j] || to[i] === from[j] || to[i] === to[j];
      if (sharesEnd) return false;
    }
    flagged.add(ai);
    flagged.add(aj);
    if (contacts && contacts.length < 1000)
      contacts.push({ arcs: [ai, aj], kind: contact.kind, position: [contact.x, contact.y] });
    return false;
  });
  return flagged;
}

/**
 * Douglas–Peucker on one arc, distances in metres on a local equirectangular projection. Open arcs
 * keep both endpoints; a closed arc (or a loop from a junction back to itself) keeps its start, the
 * vertex farthest from it, and at least one more, so it stays a ring.
 */
export function simplifyArc(
  vertices: VertexIndex,
  arc: Int32Array,
  closed: boolean,
  toleranceMeters: number,
): Int32Array {
  const n = arc.length;
  const loop = closed || (n > 1 && arc[0] === arc[n - 1]);
  if (!loop && n <= 2) return arc;
  if (loop && n <= (closed ? 3 : 4)) return arc;
  const lat0 = vertices.ys[arc[0] as number] as number;
  const kx = METERS_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180);
  const ky = METERS_PER_DEGREE;
  // For a closed arc, walk it as start … end, start (length n + 1).
  const length = closed ? n + 1 : n;
  const xs = new Float64Array(length);
  const ys = new Float64Array(length);
  for (let t = 0; t < length; t++) {
    const id = arc[t % n] as number;
    xs[t] = (vertices.xs[id] as number) * kx;
    ys[t] = (vertices.ys[id] as number) * ky;
  }
  const keep = new Uint8Array(length);
  keep[0] = 1;
  keep[length - 1] = 1;
  const tol2 = toleranceMeters * toleranceMeters;
  if (loop) {
    // Split at the vertex farthest from the start, then make sure a third survives.
    let far = 1;
    let best = -1;
    for (let t = 1; t < length - 1; t++) {
      const d = ((xs[t] as number) - (xs[0] as number)) ** 2 + ((ys[t] as number) - (ys[0] as number)) ** 2;
      if (d > best) {
        best = d;
        far = t;
      }
    }
    keep[far] = 1;
    douglasPeucker(xs, ys, 0, far, tol2, keep);
    douglasPeucker(xs, ys, far, length - 1, tol2, keep);
    let kept = 0;
    for (let t = 0; t < length - 1; t++) kept += keep[t] as number;
    if (kept < 3) {
      let third = -1;
      let bestDistance = -1;
      for (let t = 1; t < length - 1; t++) {
        if (t === far) continue;
        const d = segmentDistance2(xs, ys, t, 0, far);
        if (d > bestDistance) {
          bestDistance = d;
          third = t;
        }
      }
      if (third > 0) keep[third] = 1;
    }
  } else {
    douglasPeucker(xs, ys, 0, length - 1, tol2, keep);
  }
  let count = 0;
  for (let t = 0; t < (closed ? n : length); t++) count += keep[t] as number;
  const out = new Int32Array(count);
  let m = 0;
  for (let t = 0; t < (closed ? n : length); t++) if (keep[t]) out[m++] = arc[t] as number;
  return out;
}

function douglasPeucker(
  xs: Float64Array,
  ys: Float64Array,
  first: number,
  last: number,
  tol2: number,
  keep: Uint8Array,
): void {
  const stack: number[] = [first, last];
  while (stack.length > 0) {
    const b = stack.pop() as number;
    const a = stack.pop() as number;
    let worst = -1;
    let worstDistance = tol2;
    for (let t = a + 1; t < b; t++) {
      const d = segmentDistance2(xs, ys, t, a, b);
      if (d > worstDistance) {
        worstDistance = d;
        worst = t;
      }
    }
    if (worst !== -1) {
      keep[worst] = 1;
      stack.push(a, worst, worst, b);
    }
  }
}

/** Squared distance from point p to segment a–b. */
function segmentDistance2(xs: Float64Array, ys: Float64Array, p: number, a: number, b: number): number {
  const ax = xs[a] as number;
  const ay = ys[a] as number;
  let dx = (xs[b] as number) - ax;
  let dy = (ys[b] as number) - ay;
  const px = xs[p] as number;
  const py = ys[p] as number;
  let x = ax;
  let y = ay;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = xs[b] as number;
      y = ys[b] as number;
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}

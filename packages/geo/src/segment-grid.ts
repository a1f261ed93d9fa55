/**
 * Finding intersecting segments without testing every pair: a uniform grid over the segments'
 * bounding box, each segment registered in the cells its own box covers, and only segments
 * sharing a cell tested. A pair sharing several cells is tested once, in the first cell they share.
 * For a ring or a province of rings this is close to linear in the number of segments.
 */

/** Segments as flat arrays: segment i runs (x1[i], y1[i]) → (x2[i], y2[i]). */
export interface SegmentSet {
  x1: Float64Array;
  y1: Float64Array;
  x2: Float64Array;
  y2: Float64Array;
  count: number;
}

/** An empty set with room for `capacity` segments; fill with {@link pushSegment}. */
export function createSegmentSet(capacity: number): SegmentSet {
  return {
    x1: new Float64Array(capacity),
    y1: new Float64Array(capacity),
    x2: new Float64Array(capacity),
    y2: new Float64Array(capacity),
    count: 0,
  };
}

/** Appends a segment and returns its index. */
export function pushSegment(set: SegmentSet, ax: number, ay: number, bx: number, by: number): number {
  if (set.count >= set.x1.length) throw new RangeError(`segment set is full (${set.x1.length})`);
  const i = set.count++;
  set.x1[i] = ax;
  set.y1[i] = ay;
  set.x2[i] = bx;
  set.y2[i] = by;
  return i;
}

const MAX_CELLS_PER_AXIS = 4096;

/**
 * Calls `visit(i, j)` once for every pair of segments whose bounding boxes share a grid cell
 * (a superset of the intersecting pairs). `visit` returns true to stop early.
 */
export function forEachCandidatePair(set: SegmentSet, visit: (i: number, j: number) => boolean | undefined): void {
  const n = set.count;
  if (n < 2) return;
  const { x1, y1, x2, y2 } = set;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  let lengthSum = 0;
  for (let i = 0; i < n; i++) {
    const ax = x1[i] as number;
    const ay = y1[i] as number;
    const bx = x2[i] as number;
    const by = y2[i] as number;
    minX = Math.min(minX, ax, bx);
    maxX = Math.max(maxX, ax, bx);
    minY = Math.min(minY, ay, by);
    maxY = Math.max(maxY, ay, by);
    lengthSum += Math.abs(bx - ax) + Math.abs(by - ay);
  }
  const width = Math.max(maxX - minX, 1e-12);
  const height = Math.max(maxY - minY, 1e-12);
  // Cells about as big as a typical segment, and no more cells than segments.
  let cell = Math.max(lengthSum / n, Math.sqrt((width * height) / n), 1e-12);
  cell = Math.max(cell, width / MAX_CELLS_PER_AXIS, height / MAX_CELLS_PER_AXIS);
  const cols = Math.min(MAX_CELLS_PER_AXIS, Math.floor(width / cell) + 1);
  const rows = Math.min(MAX_CELLS_PER_AXIS, Math.floor(height / cell) + 1);
  const colOf = (x: number) => Math.min(cols - 1, Math.floor((x - minX) / cell));
  const rowOf = (y: number) => Math.min(rows - 1, Math.floor((y - minY) / cell));

  const c0 = new Int32Array(n);
  const c1 = new Int32Array(n);
  const r0 = new Int32Array(n);
  const r1 = new Int32Array(n);
  const cellCount = cols * rows;
  const counts = new Int32Array(cellCount + 1);
  for (let i = 0; i < n; i++) {
    const ax = x1[i] as number;
    const bx = x2[i] as number;
    const ay = y1[i] as number;
    const by = y2[i] as number;
    const a = colOf(Math.min(ax, bx));
    const b = colOf(Math.max(ax, bx));
    const c = rowOf(Math.min(ay, by));
    const d = rowOf(Math.max(ay, by));
    c0[i] = a;
    c1[i] = b;
    r0[i] = c;
    r1[i] = d;
    for (let r = c; r <= d; r++) for (let q = a; q <= b; q++) (counts[r * cols + q + 1] as number)++;
  }
  for (let k = 0; k < cellCount; k++) counts[k + 1] = (counts[k + 1] as number) + (counts[k] as number);
  const fill = counts.slice(0, cellCount);
  const members = new Int32Array(counts[cellCount] as number);
  for (let i = 0; i < n; i++) {
    for (let r = r0[i] as number; r <= (r1[i] as number); r++) {
      for (let q = c0[i] as number; q <= (c1[i] as number); q++) {
        const k = r * cols + q;
        members[fill[k] as number] = i;
        fill[k] = (fill[k] as number) + 1;
      }
    }
  }
  for (let k = 0; k < cellCount; k++) {
    const start = counts[k] as number;
    const end = counts[k + 1] as number;
    if (end - start < 2) continue;
    const q = k % cols;
    const r = (k - q) / cols;
    for (let s = start; s < end; s++) {
      const i = members[s] as number;
      for (let t = s + 1; t < end; t++) {
        const j = members[t] as number;
        // Test the pair only in the first cell both cover.
        if (Math.max(c0[i] as number, c0[j] as number) !== q || Math.max(r0[i] as number, r0[j] as number) !== r)
          continue;
        if (
          Math.max(x1[i] as number, x2[i] as number) < Math.min(x1[j] as number, x2[j] as number) ||
          Math.max(x1[j] as number, x2[j] as number) < Math.min(x1[i] as number, x2[i] as number) ||
          Math.max(y1[i] as number, y2[i] as number) < Math.min(y1[j] as number, y2[j] as number) ||
          Math.max(y1[j] as number, y2[j] as number) < Math.min(y1[i] as number, y2[i] as number)
        )
          continue;
        if (visit(i, j)) return;
      }
    }
  }
}

/** How two segments meet. */
export type SegmentContact =
  | { kind: "none" }
  /** Interiors cross at one point. */
  | { kind: "proper"; x: number; y: number }
  /** They meet at one point that is an endpoint of at least one of them. */
  | { kind: "touch"; x: number; y: number }
  /** Collinear and sharing a stretch of positive length. */
  | { kind: "overlap"; x: number; y: number };

const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
  (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

const NONE: SegmentContact = { kind: "none" };

/** Classifies how segments i and j of `set` meet. */
export function segmentContact(set: SegmentSet, i: number, j: number): SegmentContact {
  const ax = set.x1[i] as number;
  const ay = set.y1[i] as number;
  const bx = set.x2[i] as number;
  const by = set.y2[i] as number;
  const cx = set.x1[j] as number;
  const cy = set.y1[j] as number;
  const dx = set.x2[j] as number;
  const dy = set.y2[j] as number;
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  if ((o1 > 0 && o2 > 0) || (o1 < 0 && o2 < 0)) return NONE;
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if ((o3 > 0 && o4 > 0) || (o3 < 0 && o4 < 0)) return NONE;
  if (o1 === 0 && o2 === 0) {
    // Collinear: compare along the dominant axis.
    const useX = Math.abs(bx - ax) + Math.abs(dx - cx) >= Math.abs(by - ay) + Math.abs(dy - cy);
    const [p0, p1] = useX ? [Math.min(ax, bx), Math.max(ax, bx)] : [Math.min(ay, by), Math.max(ay, by)];
    const [q0, q1] = useX ? [Math.min(cx, dx), Math.max(cx, dx)] : [Math.min(cy, dy), Math.max(cy, dy)];
    const from = Math.max(p0, q0);
    const to = Math.min(p1, q1);
    if (from > to) return NONE;
    const at = pointAlong(ax, ay, bx, by, cx, cy, dx, dy, useX, from);
    return { kind: from < to ? "overlap" : "touch", x: at[0], y: at[1] };
  }
  if (o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) {
    const t = o3 / (o3 - o4);
    return { kind: "proper", x: ax + t * (bx - ax), y: ay + t * (by - ay) };
  }
  if (o1 === 0) return { kind: "touch", x: cx, y: cy };
  if (o2 === 0) return { kind: "touch", x: dx, y: dy };
  if (o3 === 0) return { kind: "touch", x: ax, y: ay };
  return { kind: "touch", x: bx, y: by };
}

function pointAlong(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
  useX: boolean,
  value: number,
): [number, number] {
  for (const [x, y] of [
    [ax, ay],
    [bx, by],
    [cx, cy],
    [dx, dy],
  ] as Array<[number, number]>) {
    if ((useX ? x : y) === value) return [x, y];
  }
  return [ax, ay];
}

/**
 * Gives every distinct coordinate pair a small integer id, by exact equality of the doubles.
 * Neighbouring communes exported from one GIS share their border vertices exactly, and that
 * exactness is what lets shared arcs be found; an open-addressing table over typed arrays keeps a
 * national file's million vertices in a few tens of MB instead of a Map of strings.
 */
const scratch = new Float64Array(2);
const bits = new Uint32Array(scratch.buffer);

function hashPair(x: number, y: number): number {
  scratch[0] = x === 0 ? 0 : x; // -0 and 0 are the same point
  scratch[1] = y === 0 ? 0 : y;
  let h = Math.imul((bits[0] as number) ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ (bits[1] as number), 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ (bits[2] as number), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ (bits[3] as number), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Distinct positions with integer ids, in order of first appearance. */
export class VertexIndex {
  private table: Int32Array;
  private mask: number;
  xs: Float64Array;
  ys: Float64Array;
  count = 0;

  constructor(expected = 1024) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.table = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.xs = new Float64Array(Math.max(16, expected));
    this.ys = new Float64Array(Math.max(16, expected));
  }

  /** The id of (x, y), adding it when new. */
  idOf(x: number, y: number): number {
    let slot = hashPair(x, y) & this.mask;
    for (;;) {
      const id = this.table[slot] as number;
      if (id === -1) break;
      if (this.xs[id] === x && this.ys[id] === y) return id;
      slot = (slot + 1) & this.mask;
    }
    const id = this.count++;
    if (id >= this.xs.length) this.growStore();
    this.xs[id] = x;
    this.ys[id] = y;
    this.table[slot] = id;
    if (this.count * 2 > this.table.length) this.rehash();
    return id;
  }

  private growStore(): void {
    const xs = new Float64Array(this.xs.length * 2);
    const ys = new Float64Array(this.ys.length * 2);
    xs.set(this.xs);
    ys.set(this.ys);
    this.xs = xs;
    this.ys = ys;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = hashPair(this.xs[id] as number, this.ys[id] as number) & mask;
      while (table[slot] !== -1) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    this.table = table;
    this.mask = mask;
  }
}

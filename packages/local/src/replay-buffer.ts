/**
 * The recent messages of one province, kept so a reconnecting client can `resume`: a ring of
 * frames numbered consecutively, bounded by count (memory) and by age (a client gone longer than
 * that refetches a snapshot rather than replaying a flood of stale changes).
 */
import type { SequenceLog } from "@ioc/live";

interface Entry {
  seq: number;
  at: number;
  frame: string;
}

/** Options of a replay buffer. */
export interface ReplayBufferOptions {
  /** Most frames kept. */
  capacity: number;
  /** Oldest frame kept, in milliseconds. */
  maxAgeMs: number;
  clock: () => number;
}

/** A bounded, consecutively numbered run of recent frames. */
export class ReplayBuffer {
  readonly #ring: Array<Entry | undefined>;
  readonly #maxAgeMs: number;
  readonly #clock: () => number;
  /** Index of the oldest entry. */
  #head = 0;
  #size = 0;

  constructor(options: ReplayBufferOptions) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1) throw new RangeError("capacity must be ≥ 1");
    this.#ring = new Array(options.capacity);
    this.#maxAgeMs = options.maxAgeMs;
    this.#clock = options.clock;
  }

  /** Number of frames kept now. */
  get size(): number {
    this.#expire();
    return this.#size;
  }

  /** Keeps `frame` as number `seq`, which must follow the previous one. */
  push(seq: number, frame: string): void {
    const newest = this.#at(this.#size - 1);
    // A hole would make a later replay silently incomplete; refuse it loudly instead.
    if (newest && seq !== newest.seq + 1) throw new RangeError(`seq ${seq} does not follow ${newest.seq}`);
    const capacity = this.#ring.length;
    const entry = { seq, at: this.#clock(), frame };
    if (this.#size === capacity) {
      this.#ring[this.#head] = entry;
      this.#head = (this.#head + 1) % capacity;
    } else {
      this.#ring[(this.#head + this.#size) % capacity] = entry;
      this.#size++;
    }
    this.#expire();
  }

  /**
   * Every frame numbered after `after`, oldest first, when the buffer still holds all of them
   * up to `current`; undefined when some have been dropped (the client must refetch).
   */
  framesAfter(after: number, current: number): string[] | undefined {
    this.#expire();
    if (after === current) return [];
    const oldest = this.#at(0);
    const newest = this.#at(this.#size - 1);
    if (!oldest || !newest || newest.seq !== current || after < oldest.seq - 1 || after > current) return undefined;
    const frames: string[] = [];
    for (let i = after + 1 - oldest.seq; i < this.#size; i++) frames.push((this.#at(i) as Entry).frame);
    return frames;
  }

  #at(index: number): Entry | undefined {
    if (index < 0 || index >= this.#size) return undefined;
    return this.#ring[(this.#head + index) % this.#ring.length];
  }

  #expire(): void {
    const cutoff = this.#clock() - this.#maxAgeMs;
    while (this.#size > 0 && (this.#at(0) as Entry).at < cutoff) {
      this.#ring[this.#head] = undefined;
      this.#head = (this.#head + 1) % this.#ring.length;
      this.#size--;
    }
  }
}

/** Options of the in-memory sequence log. */
export interface MemorySequenceLogOptions {
  /** Frames kept per province. */
  capacity: number;
  /** Oldest frame kept, in milliseconds. */
  maxAgeMs: number;
  clock: () => number;
}

/** The local runtime's `SequenceLog`: a counter and a replay buffer per province, in memory. */
export interface MemorySequenceLog extends SequenceLog {
  /** The last `seq` of a province, without waiting. */
  currentNow(province: string): number;
}

/** Builds the in-memory sequence log (what DynamoDB's counter and message items are on AWS). */
export function createMemorySequenceLog(options: MemorySequenceLogOptions): MemorySequenceLog {
  const seqs = new Map<string, number>();
  const buffers = new Map<string, ReplayBuffer>();
  const bufferOf = (province: string) => {
    let buffer = buffers.get(province);
    if (!buffer) {
      buffer = new ReplayBuffer(options);
      buffers.set(province, buffer);
    }
    return buffer;
  };
  const currentNow = (province: string) => seqs.get(province) ?? 0;
  return {
    currentNow,
    async current(province) {
      return currentNow(province);
    },
    async append(province, render) {
      // Numbered and kept in one synchronous step: two publishes cannot swap their seqs.
      const seq = currentNow(province) + 1;
      const frame = render(seq);
      seqs.set(province, seq);
      bufferOf(province).push(seq, frame);
      return { seq, frame };
    },
    async framesAfter(province, after, limit) {
      const frames = bufferOf(province).framesAfter(after, currentNow(province)) ?? [];
      return frames.slice(0, limit).map((frame, index) => ({ seq: after + 1 + index, frame }));
    },
  };
}

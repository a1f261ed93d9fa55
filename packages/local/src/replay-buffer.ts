/**
 * The recent messages of one province, kept so a reconnecting client can `resume`: a ring of
 * frames numbered consecutively, bounded by count (memory) and by age (a client gone longer than
 * that refetches a snapshot rather than replaying a flood of stale changes).
 */

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

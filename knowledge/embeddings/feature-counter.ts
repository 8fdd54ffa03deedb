/**
 * A reusable open-addressing hash table counting 32-bit feature hashes, one text at a time.
 * Why not a `Map`: counting ~2,000 features per chunk through a Map was over half of the local embedder's time;
 * typed arrays that are cleared (not reallocated) between texts are several times faster.
 */

export class FeatureCounter {
  private keys: Uint32Array;
  private counts: Uint32Array;
  private kinds: Uint8Array;
  private usedSlots: Int32Array;
  private size = 0;

  constructor(initialCapacity = 4096) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.keys = new Uint32Array(capacity);
    this.counts = new Uint32Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.usedSlots = new Int32Array(capacity);
  }

  /**
   * Counts one occurrence of feature `hash` (taken as uint32) of kind `kind` (0-255; equal hashes of different kinds
   * are merged). The low bits pick the slot, so pass well-mixed hashes.
   */
  add(rawHash: number, kind: number): void {
    const hash = rawHash >>> 0;
    if (this.size * 2 >= this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let slot = hash & mask;
    while (this.counts[slot] !== 0) {
      if (this.keys[slot] === hash) {
        this.counts[slot] += 1;
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.keys[slot] = hash;
    this.counts[slot] = 1;
    this.kinds[slot] = kind;
    this.usedSlots[this.size] = slot;
    this.size += 1;
  }

  /** Calls `visit` once per distinct feature, in insertion order (deterministic). */
  forEach(visit: (hash: number, count: number, kind: number) => void): void {
    for (let i = 0; i < this.size; i += 1) {
      const slot = this.usedSlots[i]!;
      visit(this.keys[slot]!, this.counts[slot]!, this.kinds[slot]!);
    }
  }

  /** Forgets all features; cost proportional to the number of features, not the capacity. */
  clear(): void {
    for (let i = 0; i < this.size; i += 1) this.counts[this.usedSlots[i]!] = 0;
    this.size = 0;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    const oldKinds = this.kinds;
    const oldUsed = this.usedSlots;
    const oldSize = this.size;
    const capacity = oldKeys.length * 2;
    this.keys = new Uint32Array(capacity);
    this.counts = new Uint32Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.usedSlots = new Int32Array(capacity);
    this.size = 0;
    const mask = capacity - 1;
    for (let i = 0; i < oldSize; i += 1) {
      const oldSlot = oldUsed[i]!;
      let slot = oldKeys[oldSlot]! & mask;
      while (this.counts[slot] !== 0) slot = (slot + 1) & mask;
      this.keys[slot] = oldKeys[oldSlot]!;
      this.counts[slot] = oldCounts[oldSlot]!;
      this.kinds[slot] = oldKinds[oldSlot]!;
      this.usedSlots[this.size] = slot;
      this.size += 1;
    }
  }
}

package io.spindle.ml.param;

import java.util.Arrays;

/**
 * Maps 64-bit keys to dense indices 0, 1, 2, ... in insertion order, with open addressing over
 * primitive arrays: no boxing, no per-key objects. Any long is a valid key.
 *
 * <p>A slot is two adjacent longs, the key and its index + 1 (0: empty), so a probe of a table
 * larger than the cache costs one miss rather than one per array.
 */
final class LongIndex {
  private long[] slots;       // [key, index + 1] per slot
  private long[] keys;        // keys by index
  private int size;

  LongIndex(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    slots = new long[2 * capacity];
    keys = new long[Math.max(16, expected)];
  }

  int size() {
    return size;
  }

  long keyAt(int index) {
    return keys[index];
  }

  /** Index of the key, or -1. */
  int get(long key) {
    return (int) slots[2 * slotOf(key) + 1] - 1;
  }

  /** Index of the key, adding it (as index size()) when absent. */
  int getOrAdd(long key) {
    int slot = slotOf(key);
    if (slots[2 * slot + 1] != 0) {
      return (int) slots[2 * slot + 1] - 1;
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
    }
    keys[size] = key;
    slots[2 * slot] = key;
    slots[2 * slot + 1] = ++size;
    if (size * 2 > slots.length / 2) {
      rehash(slots.length);
    }
    return size - 1;
  }

  /** The key's slot, or the empty slot where it would go. */
  private int slotOf(long key) {
    int mask = slots.length / 2 - 1;
    int slot = hash(key) & mask;
    while (slots[2 * slot + 1] != 0 && slots[2 * slot] != key) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /**
   * Empties the index. A shard clears its per-worker buffers every clock, often holding far fewer
   * keys than the table has room for: then only their slots are emptied, newest first, because a
   * key's probe run crosses only keys added before it, which must still be in place to find it.
   */
  void clear() {
    if (size < slots.length / 16) {
      for (int i = size - 1; i >= 0; i--) {
        int slot = slotOf(keys[i]);
        slots[2 * slot] = 0;
        slots[2 * slot + 1] = 0;
      }
    } else {
      Arrays.fill(slots, 0L);
    }
    size = 0;
  }

  private void rehash(int capacity) {
    slots = new long[2 * capacity];
    int mask = capacity - 1;
    for (int i = 0; i < size; i++) {
      int slot = hash(keys[i]) & mask;
      while (slots[2 * slot + 1] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[2 * slot] = keys[i];
      slots[2 * slot + 1] = i + 1;
    }
  }

  private static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}

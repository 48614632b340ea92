package io.spindle.ml.param;

import java.util.Arrays;

/**
 * Maps 64-bit keys to dense indices 0, 1, 2, ... in insertion order, with open addressing over
 * primitive arrays: no boxing, no per-key objects. Any long is a valid key.
 */
final class LongIndex {
  /** The most keys: at most half the slots are used, and a Java array holds at most 2^30 of a power of two. */
  static final int MAX_KEYS = 1 << 29;

  private long[] slotKeys;
  private int[] slotIndex;    // index + 1; 0 marks an empty slot
  private long[] keys;        // keys by index
  private int size;
  private int touched;

  LongIndex(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    slotKeys = new long[capacity];
    slotIndex = new int[capacity];
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
    int mask = slotKeys.length - 1;
    for (int slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
      int stored = slotIndex[slot];
      if (stored == 0) {
        return -1;
      }
      if (slotKeys[slot] == key) {
        return stored - 1;
      }
    }
  }

  /**
   * Reads the first slot each of {@code keys[from, to)} probes, before any of them is looked up:
   * the reads do not depend on each other, so the processor waits for their memory all at once,
   * and the lookups that follow find the slots in the cache. In an index larger than the cache,
   * a lookup otherwise waits for memory one key at a time.
   */
  void touch(Rows keys, int from, int to) {
    int mask = slotKeys.length - 1;
    int sum = 0;
    for (int i = from; i < to; i++) {
      int slot = hash(keys.key(i)) & mask;
      sum += slotIndex[slot] + (int) slotKeys[slot];
    }
    touched += sum;   // kept, so that the reads are not optimised away
  }

  /** Index of the key, adding it (as index size()) when absent. */
  int getOrAdd(long key) {
    int mask = slotKeys.length - 1;
    int slot = hash(key) & mask;
    for (; slotIndex[slot] != 0; slot = (slot + 1) & mask) {
      if (slotKeys[slot] == key) {
        return slotIndex[slot] - 1;
      }
    }
    if (size == MAX_KEYS) {   // refused before anything changes: no key without its row
      throw new IllegalStateException("a sparse table holds at most " + MAX_KEYS + " keys on one shard; "
          + ArraySizes.MORE_SERVERS);
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, (int) Math.min(MAX_KEYS, 2L * size));
    }
    keys[size] = key;
    slotKeys[slot] = key;
    slotIndex[slot] = ++size;
    if (size * 2 > slotKeys.length) {
      rehash(slotKeys.length * 2);
    }
    return size - 1;
  }

  void clear() {
    Arrays.fill(slotIndex, 0);
    size = 0;
  }

  private void rehash(int capacity) {
    slotKeys = new long[capacity];
    slotIndex = new int[capacity];
    int mask = capacity - 1;
    for (int i = 0; i < size; i++) {
      int slot = hash(keys[i]) & mask;
      while (slotIndex[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slotKeys[slot] = keys[i];
      slotIndex[slot] = i + 1;
    }
  }

  private static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}

package io.spindle.ps;

import io.spindle.ml.param.Rows;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sparse key sets one worker has sent to one shard, remembered on both ends by a signature of
 * their keys, so that a request naming a set again carries the signature instead of 8 bytes a
 * key, and the shard finds the keys' rows without hashing them again (the {@link Rows} it keeps
 * remembers its rows: {@link io.spindle.ml.param.SparseTable#rowNumbers}). Trainers pull a
 * mini-batch's keys and push its gradient to the same keys; a worker that meets a batch again
 * names its set again.
 *
 * <p>Each end keeps the most recently used sets up to {@link #CAPACITY} keys in all; a larger set
 * is never remembered. The worker's end sends a signature only for keys equal to those it
 * registered under it, so a signature shared by two sets costs a lookup, never a wrong row; when
 * the shard has lost a set (restarted, or evicted where the two ends' orders differ) it says so
 * and the worker sends the keys again. Not thread-safe.
 */
final class KeySets {
  /** Keys remembered per worker and shard, at most: 8 MB of keys, 4 MB of row numbers at the shard. */
  static final int CAPACITY = 1 << 20;

  private record Name(int table, long signature) { }

  private final LinkedHashMap<Name, Rows> sets = new LinkedHashMap<>(16, 0.75f, true);
  private long keys;

  /** Whether a set of {@code size} keys is ever remembered. */
  static boolean fits(int size) {
    return size <= CAPACITY;
  }

  /**
   * A 64-bit signature of the keys in order (a request's values follow its keys' order): four
   * interleaved multiply-rotate lanes, as xxHash64, so it costs a fraction of sending the keys.
   */
  static long signature(long[] keys) {
    long a = 0x9E3779B97F4A7C15L;
    long b = 0xC2B2AE3D27D4EB4FL;
    long c = 0x165667B19E3779F9L;
    long d = 0x85EBCA77C2B2AE63L;
    int i = 0;
    for (; i + 4 <= keys.length; i += 4) {
      a = lane(a, keys[i]);
      b = lane(b, keys[i + 1]);
      c = lane(c, keys[i + 2]);
      d = lane(d, keys[i + 3]);
    }
    for (; i < keys.length; i++) {
      a = lane(a, keys[i]);
    }
    return Partitioner.mix(Long.rotateLeft(a, 1) + Long.rotateLeft(b, 7) + Long.rotateLeft(c, 12)
        + Long.rotateLeft(d, 18) + keys.length);
  }

  private static long lane(long accumulator, long key) {
    return Long.rotateLeft(accumulator + key * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B97F4A7C15L;
  }

  /** The set remembered under the signature for the table (now the most recently used), or null. */
  Rows get(int table, long signature) {
    return sets.get(new Name(table, signature));
  }

  /** Remembers {@code rows} under the signature, forgetting the least recently used sets beyond capacity. */
  void put(int table, long signature, Rows rows) {
    if (!fits(rows.size())) {
      return;
    }
    Rows replaced = sets.put(new Name(table, signature), rows);
    keys += rows.size() - (replaced == null ? 0 : replaced.size());
    for (Iterator<Map.Entry<Name, Rows>> oldest = sets.entrySet().iterator(); keys > CAPACITY; ) {
      keys -= oldest.next().getValue().size();
      oldest.remove();
    }
  }

  void remove(int table, long signature) {
    Rows removed = sets.remove(new Name(table, signature));
    if (removed != null) {
      keys -= removed.size();
    }
  }
}

package io.spindle.ps;

import io.spindle.ml.param.Rows;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * What was found for sets of sparse keys, remembered by table and the keys' signature
 * ({@link Rows#signature}) for when a set is met again: trainers pull a mini-batch's keys and
 * push its gradient to the same keys, and meet the batch again every epoch.
 *
 * <p>Three uses. A worker's client keeps how it split each set over the shards. One worker's
 * connection to one shard keeps the sets it sent on both ends, so that a request naming a set
 * again carries the signature instead of 8 bytes a key, and the shard finds the keys' rows
 * without hashing them again (the {@link Rows} it keeps remembers its rows:
 * {@link io.spindle.ml.param.SparseTable#rowNumbers}). The worker's end sends a signature only for
 * keys equal to those it registered under it, so a signature shared by two sets costs a lookup,
 * never a wrong row; when the shard has lost a set (restarted, or evicted where the two ends'
 * orders differ) it says so and the worker sends the keys again.
 *
 * <p>Each keeps the most recently used sets up to {@link #CAPACITY} keys in all; a larger set is
 * never remembered. Not thread-safe.
 *
 * @param <T> what is remembered of a set
 */
final class KeySets<T> {
  /** Keys one instance remembers, at most: at a shard, 8 MB of a worker's keys and 4 MB of their row numbers. */
  static final int CAPACITY = 1 << 20;

  private record Name(int table, long signature) { }

  private final LinkedHashMap<Name, T> sets = new LinkedHashMap<>(16, 0.75f, true);
  private final ToIntFunction<T> keyCount;
  private long keys;

  /** {@code keyCount}: how many keys a remembered value stands for. */
  KeySets(ToIntFunction<T> keyCount) {
    this.keyCount = keyCount;
  }

  /** Sets of keys remembered as they are. */
  static KeySets<Rows> ofRows() {
    return new KeySets<>(Rows::size);
  }

  /** Whether a set of {@code size} keys is ever remembered. */
  static boolean fits(int size) {
    return size <= CAPACITY;
  }

  /** What is remembered under the signature for the table (now the most recently used), or null. */
  T get(int table, long signature) {
    return sets.get(new Name(table, signature));
  }

  /** Remembers {@code value} under the signature, forgetting the least recently used sets beyond capacity. */
  void put(int table, long signature, T value) {
    int size = keyCount.applyAsInt(value);
    if (!fits(size)) {
      return;
    }
    T replaced = sets.put(new Name(table, signature), value);
    keys += size - (replaced == null ? 0 : keyCount.applyAsInt(replaced));
    for (Iterator<Map.Entry<Name, T>> oldest = sets.entrySet().iterator(); keys > CAPACITY; ) {
      keys -= keyCount.applyAsInt(oldest.next().getValue());
      oldest.remove();
    }
  }

  void remove(int table, long signature) {
    T removed = sets.remove(new Name(table, signature));
    if (removed != null) {
      keys -= keyCount.applyAsInt(removed);
    }
  }
}

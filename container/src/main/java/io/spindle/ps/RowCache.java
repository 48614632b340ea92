package io.spindle.ps;

import io.spindle.ml.param.Rows;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Rows a worker has read, each tagged with the clock it reflects (every worker's updates of
 * clocks below it are in). A read is served here when the tag meets the consistency bound.
 * Whole range reads are cached as one entry; key reads per key.
 */
final class RowCache {
  private static final class Entry {
    final float[] values;
    final int clock;
    final int fetchedAt;   // the reader's own clock when fetched

    Entry(float[] values, int clock, int fetchedAt) {
      this.values = values;
      this.clock = clock;
      this.fetchedAt = fetchedAt;
    }

    boolean fresh(int requiredClock, int readerClock, boolean bounded) {
      // Unbounded (async) reads are not cached by PsClient; were they, they would refresh each clock.
      return bounded ? clock >= requiredClock : fetchedAt == readerClock;
    }
  }

  private static final class RangeKey {
    final int table;
    final long start;
    final int count;

    RangeKey(int table, long start, int count) {
      this.table = table;
      this.start = start;
      this.count = count;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RangeKey && ((RangeKey) o).table == table && ((RangeKey) o).start == start
          && ((RangeKey) o).count == count;
    }

    @Override
    public int hashCode() {
      return Objects.hash(table, start, count);
    }
  }

  private final Map<RangeKey, Entry> ranges = new HashMap<>();
  private final Map<Integer, Map<Long, Entry>> keyed = new HashMap<>();
  private final boolean bounded;
  private long hits;
  private long misses;

  RowCache(boolean bounded) {
    this.bounded = bounded;
  }

  /** Cached values for the rows, or null unless every row is fresh enough. */
  synchronized float[] get(int table, Rows rows, int columns, int requiredClock, int readerClock) {
    if (rows.isRange()) {
      Entry e = ranges.get(new RangeKey(table, rows.start(), rows.size()));
      if (e != null && e.fresh(requiredClock, readerClock, bounded)) {
        hits++;
        return e.values.clone();
      }
      misses++;
      return null;
    }
    Map<Long, Entry> rowsOfTable = keyed.get(table);
    float[] out = new float[rows.size() * columns];
    for (int i = 0; i < rows.size(); i++) {
      Entry e = rowsOfTable == null ? null : rowsOfTable.get(rows.key(i));
      if (e == null || !e.fresh(requiredClock, readerClock, bounded)) {
        misses++;
        return null;
      }
      System.arraycopy(e.values, 0, out, i * columns, columns);
    }
    hits++;
    return out;
  }

  /** Keeps a copy of the rows' values, {@code values[at, at + rows x columns)}. */
  synchronized void put(int table, Rows rows, int columns, float[] values, int at, int clock, int readerClock) {
    if (rows.isRange()) {
      float[] copy = java.util.Arrays.copyOfRange(values, at, at + rows.size() * columns);
      ranges.put(new RangeKey(table, rows.start(), rows.size()), new Entry(copy, clock, readerClock));
      return;
    }
    Map<Long, Entry> rowsOfTable = keyed.computeIfAbsent(table, t -> new HashMap<>());
    for (int i = 0; i < rows.size(); i++) {
      float[] row = new float[columns];
      System.arraycopy(values, at + i * columns, row, 0, columns);
      rowsOfTable.put(rows.key(i), new Entry(row, clock, readerClock));
    }
  }

  /** Forgets a table whose rows this worker updated: the cached copies lack its own update. */
  synchronized void invalidate(int table) {
    ranges.keySet().removeIf(k -> k.table == table);
    keyed.remove(table);
  }

  synchronized long hits() {
    return hits;
  }

  synchronized long misses() {
    return misses;
  }
}

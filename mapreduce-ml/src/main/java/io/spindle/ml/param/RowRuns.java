package io.spindle.ml.param;

import java.util.BitSet;

/**
 * The rows of a table part that a clock updated, numbered from the part's first row, visited as
 * runs of consecutive rows. A clock steps exactly these rows through the table's rule: a row
 * nobody pushed takes no step, even where a rule would move it on a zero gradient (momentum,
 * Adam, L1), so a table's values do not depend on how its rows are split over shards.
 */
public final class RowRuns {
  /** A run of {@code count} rows from {@code from}. */
  @FunctionalInterface
  public interface RunVisitor {
    void visit(int from, int count);
  }

  private final BitSet rows = new BitSet();

  public void add(int from, int count) {
    rows.set(from, from + count);
  }

  public void addAll(RowRuns other) {
    rows.or(other.rows);
  }

  /** Each run in ascending order: a whole-range update is one run. */
  public void forEachRun(RunVisitor visitor) {
    for (int from = rows.nextSetBit(0); from >= 0; ) {
      int to = rows.nextClearBit(from);
      visitor.visit(from, to - from);
      from = rows.nextSetBit(to);
    }
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  public void clear() {
    rows.clear();
  }
}

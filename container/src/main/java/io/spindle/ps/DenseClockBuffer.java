package io.spindle.ps;

import io.spindle.ml.param.RowRuns;
import io.spindle.ml.param.Rows;
import io.spindle.ml.param.Table;
import io.spindle.ml.param.UpdateRule;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A clock's sum over a shard's rows {@code [firstRow, firstRow + rowCount)} of a dense table. Only
 * the rows between the lowest and highest pushed (the hull) hold the sum; the rest of the array
 * holds leftovers of earlier clocks and is never read. So the first push into rows outside the
 * hull copies its values instead of adding them to zeros, and clearing costs nothing: a clock of
 * one push per worker touches each value once here and once when it is applied. Rows of the hull
 * that nobody pushed hold zeros and are not applied ({@link RowRuns}).
 */
final class DenseClockBuffer implements ClockBuffer {
  /** Floats unpacked at a time where values must be added: small enough to stay in cache. */
  private static final int CHUNK_FLOATS = 4096;

  private final long firstRow;
  private final int columns;
  private final float[] sums;
  private final float[] chunk;
  private final RowRuns pushed = new RowRuns();
  private int lo = 0;    // the hull, shard-relative rows; empty when hi < lo
  private int hi = -1;

  DenseClockBuffer(long firstRow, int rowCount, int columns) {
    this.firstRow = firstRow;
    this.columns = columns;
    this.sums = new float[rowCount * columns];
    this.chunk = new float[CHUNK_FLOATS];
  }

  @Override
  public void add(Rows rows, FloatBuffer update) {
    if (rows.isRange()) {
      int row = (int) (rows.start() - firstRow);
      addRows(row, rows.size(), update, update.position());
      pushed.add(row, rows.size());
      return;
    }
    for (int i = 0; i < rows.size(); i++) {
      int row = (int) (rows.key(i) - firstRow);
      addRows(row, 1, update, update.position() + i * columns);
      pushed.add(row, 1);
    }
  }

  /** Adds rows {@code [row, row + count)} from {@code source[at...]}: copied outside the hull, added inside. */
  private void addRows(int row, int count, FloatBuffer source, int at) {
    if (count == 0) {
      return;
    }
    int end = row + count - 1;
    if (isEmpty()) {
      copy(row, end, source, at);
      lo = row;
      hi = end;
      return;
    }
    if (row < lo) {
      int top = Math.min(end, lo - 1);
      copy(row, top, source, at);
      zero(top + 1, lo - 1);
    }
    if (end > hi) {
      int bottom = Math.max(row, hi + 1);
      copy(bottom, end, source, at + (bottom - row) * columns);
      zero(hi + 1, bottom - 1);
    }
    int from = Math.max(row, lo);
    int to = Math.min(end, hi);
    if (from <= to) {
      addInChunks(from * columns, (to - from + 1) * columns, source, at + (from - row) * columns);
    }
    lo = Math.min(lo, row);
    hi = Math.max(hi, end);
  }

  /**
   * Adds {@code count} values from {@code source[at...]} to {@code sums[offset...]}. Values in an
   * array (another clock's sum, an in-process push) are added straight from it by the add rule's
   * loop, vectorised where the offsets agree (a barrier merging workers' sums over the same rows);
   * values in a view over bytes (a request's frame) are unpacked a cache-sized chunk at a time,
   * since reading each one through the view costs more than unpacking it.
   */
  private void addInChunks(int offset, int count, FloatBuffer source, int at) {
    if (source.hasArray()) {
      UpdateRule.add().apply(sums, null, offset, source.array(), source.arrayOffset() + at, count, 0);
      return;
    }
    for (int done = 0; done < count; done += chunk.length) {
      int n = Math.min(chunk.length, count - done);
      source.get(at + done, chunk, 0, n);
      for (int i = 0; i < n; i++) {
        sums[offset + done + i] += chunk[i];
      }
    }
  }

  private void copy(int from, int to, FloatBuffer source, int at) {
    source.get(at, sums, from * columns, (to - from + 1) * columns);
  }

  private void zero(int from, int to) {
    if (from <= to) {
      Arrays.fill(sums, from * columns, (to + 1) * columns, 0f);
    }
  }

  @Override
  public void applyTo(Table target, long step) {
    pushed.forEachRun((row, count) -> target.apply(Rows.range(firstRow + row, count), sums, row * columns, step));
  }

  @Override
  public void addTo(ClockBuffer sum) {
    if (!isEmpty()) {
      DenseClockBuffer into = (DenseClockBuffer) sum;
      into.addRows(lo, hi - lo + 1, FloatBuffer.wrap(sums), lo * columns);
      into.pushed.addAll(pushed);
    }
  }

  @Override
  public void clear() {
    lo = 0;
    hi = -1;
    pushed.clear();
  }

  @Override
  public boolean isEmpty() {
    return hi < lo;
  }
}

package io.spindle.ps;

import io.spindle.ml.param.Table;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import java.nio.FloatBuffer;

/**
 * The sum of what one worker pushed to one table's part on a shard for one clock, held until the
 * clock is committed (and, BSP, until every worker has committed it). Pushed values arrive as a
 * {@link FloatBuffer}, usually a view over the request's bytes, so a shard adds them straight from
 * the frame: no array per push. Not thread-safe: the shard's lock serialises access.
 */
abstract class ClockBuffer {
  /** Floats unpacked at a time where values must be added: small enough to stay in cache. */
  private static final int CHUNK_FLOATS = 4096;

  final int columns;
  private final float[] chunk;

  ClockBuffer(int columns) {
    this.columns = columns;
    this.chunk = new float[Math.max(CHUNK_FLOATS, columns)];
  }

  static ClockBuffer of(TableSpec spec, long firstRow, int rowCount) {
    return spec.getKind() == TableKind.DENSE
        ? new DenseClockBuffer(firstRow, rowCount, spec.getColumns())
        : new SparseClockBuffer(spec.getName(), spec.getColumns());
  }

  /** Adds {@code update}'s remaining values (rows x columns, row-major); checked by the caller. */
  abstract void add(io.spindle.ml.param.Rows rows, FloatBuffer update);

  /** Applies the sum to {@code target} as one step of its update rule. */
  abstract void applyTo(Table target, long step);

  /** Adds this buffer into {@code sum}, a buffer of the same table part (a BSP reduction). */
  abstract void addTo(ClockBuffer sum);

  /** Empty again; cheap, because buffers are cleared every clock. */
  abstract void clear();

  abstract boolean isEmpty();

  /** Receives rows {@code [first, first + count)} of a push, unpacked into {@code values}. */
  interface ChunkVisitor {
    void visit(int first, int count, float[] values);
  }

  /**
   * Unpacks rows {@code [0, count)} of {@code source} (from index {@code at}) a cache-sized chunk
   * at a time: adding from an array is a loop the compiler vectorises, from a view over bytes it
   * is not.
   */
  final void inChunks(FloatBuffer source, int at, int count, ChunkVisitor visitor) {
    int rowsPerChunk = chunk.length / columns;
    for (int first = 0; first < count; first += rowsPerChunk) {
      int rows = Math.min(rowsPerChunk, count - first);
      source.get(at + first * columns, chunk, 0, rows * columns);
      visitor.visit(first, rows, chunk);
    }
  }
}

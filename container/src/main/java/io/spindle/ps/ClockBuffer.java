package io.spindle.ps;

import io.spindle.ml.param.Rows;
import io.spindle.ml.param.Table;
import java.nio.FloatBuffer;

/**
 * What one worker pushed to one table's part on a shard for one clock, held until the clock is
 * committed (and, BSP, until every worker has committed it). Pushed values arrive as a
 * {@link FloatBuffer}, usually a view over the request's bytes, so a shard takes them straight
 * from the frame: no array per push. Not thread-safe: the shard's lock serialises access.
 */
interface ClockBuffer {

  /** Takes {@code update}'s remaining values (rows x columns, row-major); checked by the caller. */
  void add(Rows rows, FloatBuffer update);

  /** Applies the clock's sum to {@code target} as one step of its update rule. */
  void applyTo(Table target, long step);

  /** Adds this buffer into {@code sum}, a buffer of the same table part (a BSP reduction). */
  void addTo(ClockBuffer sum);

  /** Empty again; cheap, because buffers are cleared every clock. */
  void clear();

  boolean isEmpty();
}

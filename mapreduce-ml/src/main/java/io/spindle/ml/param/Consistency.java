package io.spindle.ml.param;

import io.spindle.thrift.ConsistencyModel;
import io.spindle.thrift.ConsistencySpec;

/**
 * How stale a worker's reads may be, as a typed value (never a magic integer).
 *
 * <p>A worker that has completed {@code c} clocks reads values that contain every worker's updates
 * of clocks below {@code c - s}, and its own. {@code bsp()} is s = 0 with barrier semantics;
 * {@code async()} never waits.
 *
 * <pre>{@code
 * Consistency c = Consistency.parse("3");   // SSP with staleness 3
 * int needed = c.requiredClock(10);         // 7: every worker must have committed 7 clocks
 * }</pre>
 */
public final class Consistency {
  private static final Consistency BSP = new Consistency(ConsistencyModel.BSP, 0);
  private static final Consistency ASYNC = new Consistency(ConsistencyModel.ASYNC, Integer.MAX_VALUE);

  private final ConsistencyModel model;
  private final int staleness;

  private Consistency(ConsistencyModel model, int staleness) {
    this.model = model;
    this.staleness = staleness;
  }

  public static Consistency bsp() {
    return BSP;
  }

  public static Consistency ssp(int staleness) {
    if (staleness < 0) {
      throw new IllegalArgumentException("staleness must be >= 0, got " + staleness);
    }
    return new Consistency(ConsistencyModel.SSP, staleness);
  }

  public static Consistency async() {
    return ASYNC;
  }

  /** Parses the command-line form: a non-negative integer, {@code bsp} or {@code async}. */
  public static Consistency parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("bsp")) {
      return bsp();
    }
    if (t.equals("async")) {
      return async();
    }
    try {
      return ssp(Integer.parseInt(t));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "staleness must be a non-negative integer, 'bsp' or 'async', got '" + text + "'");
    }
  }

  public static Consistency fromSpec(ConsistencySpec spec) {
    switch (spec.getModel()) {
      case BSP: return bsp();
      case ASYNC: return async();
      default: return ssp(spec.getStaleness());
    }
  }

  public ConsistencySpec toSpec() {
    return new ConsistencySpec(model).setStaleness(model == ConsistencyModel.SSP ? staleness : 0);
  }

  public ConsistencyModel model() {
    return model;
  }

  public boolean isBounded() {
    return model != ConsistencyModel.ASYNC;
  }

  /** BSP applies a clock's updates only once every worker has committed it, reduced in worker order. */
  public boolean appliesAtBarrier() {
    return model == ConsistencyModel.BSP;
  }

  /** Staleness bound; only meaningful when {@link #isBounded()}. */
  public int staleness() {
    return staleness;
  }

  /** Clocks every worker must have committed before a worker that has completed {@code clock} clocks may read. */
  public int requiredClock(int clock) {
    return isBounded() ? Math.max(0, clock - staleness) : 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Consistency && ((Consistency) o).model == model && ((Consistency) o).staleness == staleness;
  }

  @Override
  public int hashCode() {
    return model.hashCode() * 31 + staleness;
  }

  @Override
  public String toString() {
    switch (model) {
      case BSP: return "bsp";
      case ASYNC: return "async";
      default: return "ssp(" + staleness + ")";
    }
  }
}

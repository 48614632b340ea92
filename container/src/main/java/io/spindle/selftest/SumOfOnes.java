package io.spindle.selftest;

import io.spindle.ml.param.Consistency;
import io.spindle.ml.param.Rows;
import io.spindle.ps.PsClient;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import io.spindle.thrift.UpdateRuleKind;
import io.spindle.thrift.UpdateRuleSpec;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The installation check behind {@code spindle selftest}: every worker adds 1 to every parameter
 * of a dense and a sparse table each clock. At the end every parameter must equal
 * workers x clocks exactly, and on the way every read must respect the staleness bound: at clock c
 * a parameter holds at least {@code c + (workers - 1) * requiredClock(c)}.
 */
public final class SumOfOnes {
  public static final int DENSE = 0;
  public static final int SPARSE = 1;

  private final int workers;
  private final int clocks;
  private final Rows denseRows;
  private final Rows sparseKeys;
  private final int columns;

  /** What one worker saw. */
  public static final class Outcome {
    public final boolean exact;
    public final long boundViolations;
    public final String firstProblem;

    Outcome(boolean exact, long boundViolations, String firstProblem) {
      this.exact = exact;
      this.boundViolations = boundViolations;
      this.firstProblem = firstProblem;
    }
  }

  public SumOfOnes(int workers, int clocks, int denseRowCount, int columns, int sparseKeyCount) {
    this.workers = workers;
    this.clocks = clocks;
    this.columns = columns;
    this.denseRows = Rows.range(0, denseRowCount);
    long[] keys = new long[sparseKeyCount];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = (i + 1) * 0x9E3779B97F4A7C15L;   // spread over the whole 64-bit key space
    }
    this.sparseKeys = Rows.keys(keys);
  }

  /** Selftest defaults: small enough to take seconds, big enough to span every shard. */
  public static SumOfOnes standard(int workers, int clocks) {
    return new SumOfOnes(workers, clocks, 1000, 4, 500);
  }

  /** The sparse table's keys. */
  public Rows sparseKeys() {
    return sparseKeys;
  }

  public List<TableSpec> tables() {
    UpdateRuleSpec add = new UpdateRuleSpec(UpdateRuleKind.ADD);
    return List.of(
        new TableSpec(DENSE, "ones-dense", TableKind.DENSE, add).setRows(denseRows.size()).setColumns(columns),
        new TableSpec(SPARSE, "ones-sparse", TableKind.SPARSE, add).setColumns(columns));
  }

  /**
   * Runs this worker from the client's current clock to the last, then reads the final values.
   *
   * @param onClock called with each clock before it starts (fault injection, heartbeats)
   */
  public Outcome run(PsClient ps, IntConsumer onClock) {
    Consistency consistency = ps.consistency();
    long violations = 0;
    String first = null;
    for (int c = ps.currentClock(); c < clocks; c++) {
      onClock.accept(c);
      float lowest = c + (float) (workers - 1) * consistency.requiredClock(c);
      for (int table : new int[] {DENSE, SPARSE}) {
        Rows rows = table == DENSE ? denseRows : sparseKeys;
        float[] seen = ps.pull(table, rows);
        for (int i = 0; i < seen.length; i++) {
          if (seen[i] < lowest || seen[i] > (float) workers * clocks) {
            violations++;
            if (first == null) {
              first = "clock " + c + ": table " + table + " value " + i + " is " + seen[i] + ", bound allows ["
                  + lowest + ", " + (float) workers * clocks + "]";
            }
          }
        }
        ps.push(table, rows, ones(seen.length));
      }
      ps.clock();
    }
    onClock.accept(clocks);
    float expected = (float) workers * clocks;
    boolean exact = true;
    for (int table : new int[] {DENSE, SPARSE}) {
      float[] last = ps.pullAfterAsync(table, table == DENSE ? denseRows : sparseKeys, clocks).join();
      for (int i = 0; i < last.length; i++) {
        if (last[i] != expected) {
          exact = false;
          if (first == null) {
            first = "table " + table + " value " + i + " is " + last[i] + ", expected " + expected;
          }
        }
      }
    }
    return new Outcome(exact && violations == 0, violations, first);
  }

  private static float[] ones(int n) {
    float[] ones = new float[n];
    java.util.Arrays.fill(ones, 1f);
    return ones;
  }
}

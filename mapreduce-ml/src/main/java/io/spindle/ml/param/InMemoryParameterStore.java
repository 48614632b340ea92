package io.spindle.ml.param;

import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parameter store for one worker in one process: no shards, no network. Updates of a clock
 * are buffered and applied through each table's rule when the clock ends, as a shard would.
 * For unit tests and single-process runs of the algorithms.
 */
public final class InMemoryParameterStore implements ParameterStore {
  private final Map<Integer, Table> tables = new HashMap<>();
  private final Map<Integer, Table> pending = new HashMap<>();
  private int clock;

  public InMemoryParameterStore(List<TableSpec> specs) {
    for (TableSpec spec : specs) {
      UpdateRule rule = UpdateRule.of(spec.getRule());
      Initializer init = new Initializer(spec.getInitStddev(), spec.getInitSeed());
      if (spec.getKind() == TableKind.DENSE) {
        tables.put(spec.getId(), new DenseTable(spec.getName(), 0, (int) spec.getRows(), spec.getColumns(), rule, init));
        pending.put(spec.getId(), DenseTable.buffer(spec.getName(), 0, (int) spec.getRows(), spec.getColumns()));
      } else {
        tables.put(spec.getId(), new SparseTable(spec.getName(), spec.getColumns(), rule, init));
        pending.put(spec.getId(), SparseTable.buffer(spec.getName(), spec.getColumns()));
      }
    }
  }

  private Table table(int id) {
    Table t = tables.get(id);
    if (t == null) {
      throw new IllegalArgumentException("no table " + id + "; tables are " + tables.keySet());
    }
    return t;
  }

  @Override
  public float[] pull(int table, Rows rows) {
    return pull(table, rows, new float[rows.size() * table(table).columns()]);
  }

  @Override
  public float[] pull(int table, Rows rows, float[] into) {
    Table t = table(table);
    t.check(rows, into.length);
    t.read(rows, into, 0);
    return into;
  }

  /** One worker: everything up to its own clock is in the table already. */
  @Override
  public float[] pullAfter(int table, Rows rows, int clocks) {
    if (clocks > clock) {
      throw new IllegalStateException("a single worker at clock " + clock + " would wait forever for clock " + clocks);
    }
    return pull(table, rows);
  }

  @Override
  public void push(int table, Rows rows, float[] update) {
    table(table).check(rows, update.length);
    pending.get(table).apply(rows, update, 0, 0);
  }

  @Override
  public void clock() {
    clock++;
    for (Map.Entry<Integer, Table> e : pending.entrySet()) {
      Table buffer = e.getValue();
      if (buffer.isEmpty()) {
        continue;
      }
      Table target = tables.get(e.getKey());
      buffer.forEachRow((key, values, offset) -> target.applyRow(key, values, offset, clock));
      buffer.clear();
    }
  }

  @Override
  public int currentClock() {
    return clock;
  }

  @Override
  public void close() {}
}

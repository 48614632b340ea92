package io.spindle.ps;

import io.spindle.ml.param.KeyHash;
import io.spindle.ml.param.RowCopy;
import io.spindle.ml.param.Rows;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps rows to shards, independent of any transport: dense tables are range-partitioned (shard i
 * holds one contiguous block of rows), sparse tables hash-partitioned.
 */
public final class Partitioner {
  private final Map<Integer, TableSpec> tables = new TreeMap<>();
  private final int shards;

  /** Rows of a request that one shard serves; {@code positions[i]} is row i's index in the request. */
  public static final class Part {
    public final int shard;
    public final Rows rows;
    public final int[] positions;   // null: a contiguous range starting at request index `offset`
    public final int offset;

    public Part(int shard, Rows rows, int[] positions, int offset) {
      this.shard = shard;
      this.rows = rows;
      this.positions = positions;
      this.offset = offset;
    }

    public int position(int i) {
      return positions == null ? offset + i : positions[i];
    }
  }

  public Partitioner(List<TableSpec> specs, int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("need at least one shard, got " + shards);
    }
    for (TableSpec spec : specs) {
      tables.put(spec.getId(), spec);
    }
    this.shards = shards;
  }

  public int shards() {
    return shards;
  }

  public TableSpec table(int id) {
    TableSpec spec = tables.get(id);
    if (spec == null) {
      throw new IllegalArgumentException("unknown table " + id + "; tables are " + tables.keySet());
    }
    return spec;
  }

  public List<TableSpec> tables() {
    return new ArrayList<>(tables.values());
  }

  private long rowsPerShard(TableSpec spec) {
    return Math.max(1, (spec.getRows() + shards - 1) / shards);
  }

  /** First row of a dense table held by {@code shard}. */
  public long firstRow(TableSpec spec, int shard) {
    return Math.min(spec.getRows(), shard * rowsPerShard(spec));
  }

  /** Number of rows of a dense table held by {@code shard} (possibly 0). */
  public int rowCount(TableSpec spec, int shard) {
    long end = Math.min(spec.getRows(), (shard + 1) * rowsPerShard(spec));
    return (int) Math.max(0, end - firstRow(spec, shard));
  }

  public int shardOf(TableSpec spec, long key) {
    if (spec.getKind() == TableKind.DENSE) {
      if (key < 0 || key >= spec.getRows()) {
        throw new IndexOutOfBoundsException("table '" + spec.getName() + "' has rows [0, " + spec.getRows()
            + "), got row " + key);
      }
      return (int) (key / rowsPerShard(spec));
    }
    return (int) (((KeyHash.mix(key) >>> 32) * shards) >>> 32);   // the hash's top bits scaled: no division
  }

  /** Splits a request into one part per shard that holds any of its rows. */
  public List<Part> split(int table, Rows rows) {
    TableSpec spec = table(table);
    List<Part> parts = new ArrayList<>();
    if (rows.isRange() && spec.getKind() == TableKind.DENSE) {
      long end = rows.start() + rows.size();
      if (rows.size() > 0) {
        shardOf(spec, rows.start());
        shardOf(spec, end - 1);
      }
      for (long at = rows.start(); at < end; ) {
        int shard = shardOf(spec, at);
        long shardEnd = Math.min(end, firstRow(spec, shard) + rowCount(spec, shard));
        parts.add(new Part(shard, Rows.range(at, (int) (shardEnd - at)), null, (int) (at - rows.start())));
        at = shardEnd;
      }
      return parts;
    }
    if (shards == 1 && spec.getKind() == TableKind.SPARSE) {
      return List.of(new Part(0, rows, null, 0));
    }
    int[] counts = new int[shards];
    int[] owner = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      owner[i] = shardOf(spec, rows.key(i));
      counts[owner[i]]++;
    }
    long[][] keys = new long[shards][];
    int[][] positions = new int[shards][];
    for (int s = 0; s < shards; s++) {
      if (counts[s] == rows.size() && rows.size() > 0) {
        return List.of(new Part(s, rows, null, 0));   // one shard holds every key: the request as it is
      }
      keys[s] = new long[counts[s]];
      positions[s] = new int[counts[s]];
    }
    // One pass placing each key at its shard's next slot: no branch on the owner (for random keys
    // one would be mispredicted every other key).
    int[] next = new int[shards];
    for (int i = 0; i < rows.size(); i++) {
      int s = owner[i];
      keys[s][next[s]] = rows.key(i);
      positions[s][next[s]++] = i;
    }
    for (int s = 0; s < shards; s++) {
      if (counts[s] > 0) {
        parts.add(new Part(s, Rows.keys(keys[s]), positions[s], 0));
      }
    }
    return parts;
  }

  /** Copies part's rows out of a whole request's values. */
  public static float[] gather(Part part, float[] values, int columns) {
    return gather(part, values, columns, new float[part.rows.size() * columns]);
  }

  /** Copies part's rows out of a whole request's values into {@code into} (from index 0), which it returns. */
  public static float[] gather(Part part, float[] values, int columns, float[] into) {
    if (part.positions == null) {
      System.arraycopy(values, part.offset * columns, into, 0, part.rows.size() * columns);
    } else {
      RowCopy.gather(values, part.positions, part.positions.length, columns, into);
    }
    return into;
  }

  /** Copies a part's values ({@code partValues} from index 0) into a whole request's values. */
  public static void scatter(Part part, float[] partValues, float[] values, int columns) {
    if (part.positions == null) {
      System.arraycopy(partValues, 0, values, part.offset * columns, part.rows.size() * columns);
      return;
    }
    RowCopy.scatter(partValues, part.positions, part.positions.length, columns, values);
  }
}

package io.spindle.ml.mr;

import io.spindle.ml.data.BadRecordException;
import io.spindle.ml.data.BadRecords;
import io.spindle.ml.data.Examples;
import io.spindle.ml.data.LineParser;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * A map task's records: parses one line at a time, skips headers, counts records and bad records
 * in the job's counters, and keeps the first bad ones with where they are. A task whose bad
 * records pass the limit fails in {@link #finish}, naming them.
 */
public final class CountedRecords {
  public static final String COUNTERS = "Spindle";

  private final LineParser parser;
  private final BadRecords bad;
  private final Counter records;
  private final Counter badRecords;
  private final Examples one = new Examples();

  public CountedRecords(LineParser parser, double maxBadFraction, Mapper<?, ?, ?, ?>.Context context) {
    this.parser = parser;
    this.bad = new BadRecords(maxBadFraction);
    this.records = context.getCounter(COUNTERS, "RECORDS");
    this.badRecords = context.getCounter(COUNTERS, "BAD_RECORDS");
  }

  /**
   * The line as one example, or null when it holds none, is a header, or is malformed (counted).
   * The example is valid until the next call: one set of arrays serves every line of a task.
   */
  public Examples parse(long offset, String line, String file) {
    if (parser.isHeader(offset)) {
      return null;
    }
    one.clear();
    try {
      if (!parser.parse(line, one)) {
        return null;
      }
      bad.good();
      records.increment(1);
      return one;
    } catch (BadRecordException e) {
      bad.bad(file + " at byte " + offset, e.getMessage());
      badRecords.increment(1);
      return null;
    }
  }

  /** Fails the task when its bad records are over the limit. */
  public void finish(String setting) {
    bad.check(setting);
  }
}

package io.spindle.ml.mr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A failed task's diagnostics, read down to the message a user can act on. */
class JobFailuresTest {
  @Test
  void theMessageIsKeptAndTheExceptionClassAndStackGo() {
    String diagnostics = "Error: java.lang.IllegalArgumentException: 1 of 2 records are malformed (x); the first:"
        + " hdfs://nn/data/r at byte 6: user id 700 is outside 0..499\n"
        + "\tat io.spindle.ml.data.BadRecords.check(BadRecords.java:50)\n"
        + "\tat org.apache.hadoop.mapred.YarnChild.main(YarnChild.java:178)\n";
    assertEquals("1 of 2 records are malformed (x); the first: hdfs://nn/data/r at byte 6: user id 700 is outside 0..499",
        JobFailures.withoutTrace(diagnostics));
    assertEquals("Container killed on request", JobFailures.withoutTrace("Container killed on request\n"));
  }
}

package io.spindle.ml.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts malformed records and keeps the first few with where they are. Reading goes on past
 * them up to a limit (a fraction of the records read); above it the job must fail, naming them.
 * Nothing is dropped silently: the count goes into the job's metrics.
 */
public final class BadRecords {
  private static final int KEEP = 5;

  private final double maxFraction;
  private final List<String> first = new ArrayList<>();
  private long bad;
  private long read;

  public BadRecords(double maxFraction) {
    this.maxFraction = maxFraction;
  }

  public void good() {
    read++;
  }

  public void bad(String where, String problem) {
    read++;
    bad++;
    if (first.size() < KEEP) {
      first.add(where + ": " + problem);
    }
  }

  public long count() {
    return bad;
  }

  public long read() {
    return read;
  }

  public List<String> first() {
    return first;
  }

  /** Throws when the bad records are more than the allowed fraction of those read. */
  public void check(String settingName) {
    if (bad > maxFraction * read) {
      throw new IllegalArgumentException(bad + " of " + read + " records are malformed, more than the "
          + maxFraction + " allowed (" + settingName + "); the first: " + String.join("; ", first));
    }
  }
}

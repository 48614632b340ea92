package io.spindle.ml.data;

/** Turns one text line into an example. */
public interface LineParser {
  /** Adds the line's example; false for a line that holds none (blank, comment, header). */
  boolean parse(String line, Examples into) throws BadRecordException;

  /** Whether the line at this byte offset of a file is a header to skip (only the first line can be). */
  default boolean isHeader(long offset) {
    return false;
  }
}

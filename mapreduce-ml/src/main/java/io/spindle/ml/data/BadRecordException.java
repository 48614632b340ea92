package io.spindle.ml.data;

/** A record that cannot be parsed; the message says what is wrong with it. */
public final class BadRecordException extends Exception {
  public BadRecordException(String message) {
    super(message);
  }
}

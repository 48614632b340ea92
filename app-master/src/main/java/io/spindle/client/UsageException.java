package io.spindle.client;

/** A command-line mistake; its message names the flag and what it accepts. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}

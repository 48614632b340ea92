package io.spindle.ps;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A shard could not be reached or hung up: its process or node may be gone. */
public final class ShardUnreachableException extends UncheckedIOException {
  public ShardUnreachableException(String message, IOException cause) {
    super(message, cause);
  }
}

package io.spindle.ps;

import io.spindle.thrift.PsErrorCode;

/** A request the shard refused; the shard itself keeps serving. */
public final class ShardException extends RuntimeException {
  private final PsErrorCode code;

  public ShardException(PsErrorCode code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  public PsErrorCode code() {
    return code;
  }
}

package io.spindle.ps;

import io.spindle.thrift.PsErrorCode;

/** A request the shard refused; the shard itself keeps serving. */
public final class ShardException extends RuntimeException {
  private final PsErrorCode code;
  private final String reason;

  public ShardException(PsErrorCode code, String reason) {
    super(code + ": " + reason);
    this.code = code;
    this.reason = reason;
  }

  public PsErrorCode code() {
    return code;
  }

  /** The message without the code, which travels apart from it (a {@link io.spindle.thrift.PsError}'s fields). */
  public String reason() {
    return reason;
  }
}

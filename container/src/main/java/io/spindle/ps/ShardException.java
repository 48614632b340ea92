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

  /** A read of {@code expected} floats that {@code shard} answered with {@code got}. */
  static ShardException misshapen(String shard, int expected, int got) {
    return new ShardException(PsErrorCode.BAD_SHAPE, shard + " answered a read of " + expected + " floats with "
        + got + ": it does not hold the table as this worker's job spec declares it");
  }

  public PsErrorCode code() {
    return code;
  }

  /** The message without the code, which travels apart from it (a {@link io.spindle.thrift.PsError}'s fields). */
  public String reason() {
    return reason;
  }
}

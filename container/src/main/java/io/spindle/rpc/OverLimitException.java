package io.spindle.rpc;

import org.apache.thrift.transport.TTransportException;

/**
 * A message this side cannot send or take in under its limits (the frame limit, the memory
 * outside the heap): not a failure of the connection or of the peer, and trying again fails the
 * same way until a setting changes, which the message names.
 */
public final class OverLimitException extends TTransportException {
  OverLimitException(String message, Throwable cause) {
    super(TTransportException.UNKNOWN, message, cause);
  }
}

package io.spindle.rpc;

import org.apache.thrift.protocol.TProtocol;

/** Opens framed binary-protocol connections matching {@link ThriftServer}. */
public final class ThriftClients {
  private ThriftClients() {}

  /**
   * @param timeoutMs connect timeout, and how long a reply may take; requests that park on the
   *     server must ask for less
   */
  public static TProtocol connect(String host, int port, int maxFrameBytes, int timeoutMs) {
    try {
      return new TensorProtocol(new FramedTransport(TimedChannel.connect(host, port, timeoutMs), maxFrameBytes));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(new java.io.IOException(
          "cannot connect to " + host + ":" + port + ": " + e.getMessage(), e));
    }
  }
}

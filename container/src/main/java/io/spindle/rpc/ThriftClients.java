package io.spindle.rpc;

import org.apache.thrift.TConfiguration;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/** Opens framed binary-protocol connections matching {@link ThriftServer}. */
public final class ThriftClients {
  private ThriftClients() {}

  /**
   * @param timeoutMs socket read timeout; requests that park on the server must ask for less
   */
  public static TProtocol connect(String host, int port, int maxFrameBytes, int timeoutMs) {
    try {
      TConfiguration conf = TConfiguration.custom()
          .setMaxFrameSize(maxFrameBytes)
          .setMaxMessageSize(maxFrameBytes)
          .build();
      TSocket socket = new TSocket(conf, host, port, timeoutMs);
      TTransport transport = new FramedTransport(socket, maxFrameBytes);
      transport.open();
      return new TBinaryProtocol(transport);
    } catch (TTransportException e) {
      throw new java.io.UncheckedIOException(new java.io.IOException(
          "cannot connect to " + host + ":" + port + ": " + e.getMessage(), e));
    }
  }
}

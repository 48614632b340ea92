package io.spindle.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.apache.thrift.transport.TServerTransport;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * Listens on an ephemeral port and hands each accepted connection over as a
 * {@link FramedTransport} on a {@link TimedChannel} (no timeout: a served connection may idle).
 */
final class ChannelServerTransport extends TServerTransport {
  private static final int BACKLOG = 128;

  private final ServerSocketChannel listener;
  private final int maxFrameBytes;

  ChannelServerTransport(int maxFrameBytes) throws IOException {
    this.listener = ServerSocketChannel.open();
    this.listener.bind(new InetSocketAddress(0), BACKLOG);
    this.maxFrameBytes = maxFrameBytes;
  }

  int port() {
    return listener.socket().getLocalPort();
  }

  /** Bound at construction, so the port is known before the server thread starts. */
  @Override
  public void listen() throws TTransportException {
    if (!listener.isOpen()) {
      // closed before the server thread got here: say so, or its accept loop would spin
      throw new TTransportException(TTransportException.NOT_OPEN, "the server was closed before it started");
    }
  }

  @Override
  public TTransport accept() throws TTransportException {
    try {
      java.nio.channels.SocketChannel connection = listener.accept();
      try {
        return new FramedTransport(new TimedChannel(connection, 0), maxFrameBytes);
      } catch (IOException e) {
        connection.close();
        throw e;
      }
    } catch (IOException e) {
      throw new TTransportException(TTransportException.NOT_OPEN, "accept: " + e.getMessage(), e);
    }
  }

  /** Stopping the server interrupts a blocked accept by closing the listener. */
  @Override
  public void interrupt() {
    close();
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing: nothing left to lose
    }
  }
}

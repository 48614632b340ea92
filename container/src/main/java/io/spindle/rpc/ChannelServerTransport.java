package io.spindle.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.apache.thrift.transport.TServerTransport;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * Listens on an ephemeral port and hands each accepted connection over as a
 * {@link FramedTransport} on a {@link TimedChannel}: a served connection may idle between
 * requests for ever, but a request once begun, and a reply, must move within
 * {@link #FRAME_TIMEOUT_MS}, so a peer gone silent mid-frame does not hold a thread and its
 * buffers until TCP gives up on it.
 */
final class ChannelServerTransport extends TServerTransport {
  private static final int BACKLOG = 128;
  /** A frame's bytes follow its header at once; a peer silent this long within one is gone. */
  static final long FRAME_TIMEOUT_MS = 60_000;
  /** After a failed accept (out of file descriptors, say), so the accept loop does not spin. */
  private static final long ACCEPT_BACKOFF_MS = 100;

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
        return new FramedTransport(new TimedChannel(connection, FRAME_TIMEOUT_MS), maxFrameBytes, 0);
      } catch (IOException e) {
        connection.close();
        throw e;
      }
    } catch (IOException e) {
      if (listener.isOpen()) {
        backOff();
      }
      throw new TTransportException(TTransportException.NOT_OPEN, "accept: " + e.getMessage(), e);
    }
  }

  private static void backOff() {
    try {
      Thread.sleep(ACCEPT_BACKOFF_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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

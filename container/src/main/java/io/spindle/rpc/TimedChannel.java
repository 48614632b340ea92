package io.spindle.rpc;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A TCP connection whose reads and writes give up after a timeout. It moves bytes between the
 * socket and the caller's buffers directly: with direct buffers the kernel copies straight into
 * and out of them, where a socket stream would copy every byte once more through a temporary
 * buffer of its own (on this project's tensors that copy costs as much as the kernel's).
 *
 * <p>The channel is non-blocking and waits on a selector of its own, because a blocking channel
 * ignores socket timeouts. One thread at a time, reading or writing: a read and a write waiting
 * at once would each set the one selection key's interest for its own.
 */
public final class TimedChannel implements Closeable {
  private final SocketChannel channel;
  private final Selector selector;
  private final SelectionKey key;
  private final long timeoutMs;

  /**
   * @param timeoutMs how long one read or write may wait for the peer; 0 waits for ever
   */
  /**
   * Probes an idle connection after a minute, then every 10 s, and gives up after 6 unanswered
   * probes. A served connection may idle for ever between requests, so a peer whose host died
   * without a word is found only by TCP: by the system's defaults after two hours and more,
   * holding a thread and its buffers meanwhile (and one per relaunch of the same task).
   */
  static final int KEEPALIVE_IDLE_S = 60;
  static final int KEEPALIVE_INTERVAL_S = 10;
  static final int KEEPALIVE_PROBES = 6;

  private static void keepAlive(SocketChannel channel) throws IOException {
    channel.setOption(java.net.StandardSocketOptions.SO_KEEPALIVE, true);
    java.util.Set<java.net.SocketOption<?>> supported = channel.supportedOptions();
    if (supported.contains(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE)) {   // Linux, macOS; elsewhere the defaults
      channel.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, KEEPALIVE_IDLE_S);
      channel.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, KEEPALIVE_INTERVAL_S);
      channel.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, KEEPALIVE_PROBES);
    }
  }

  public TimedChannel(SocketChannel channel, long timeoutMs) throws IOException {
    this.channel = channel;
    this.timeoutMs = timeoutMs;
    channel.socket().setTcpNoDelay(true);   // a request is one write; nothing to wait for
    keepAlive(channel);
    channel.configureBlocking(false);
    this.selector = Selector.open();
    try {
      this.key = channel.register(selector, 0);
    } catch (IOException | RuntimeException e) {
      selector.close();
      throw e;
    }
  }

  /** Connects within {@code timeoutMs} (0: the system's limit). */
  public static TimedChannel connect(String host, int port, int timeoutMs) throws IOException {
    SocketChannel channel = SocketChannel.open();
    try {
      channel.socket().connect(new InetSocketAddress(host, port), timeoutMs);
      return new TimedChannel(channel, timeoutMs);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  /** Fills {@code dst}; the peer hanging up first is an {@link EOFException}. */
  public void readFully(ByteBuffer dst) throws IOException {
    readFully(dst, timeoutMs);
  }

  /**
   * As {@link #readFully(ByteBuffer)}, waiting at most {@code firstByteTimeoutMs} (0: for ever)
   * for the first byte and the timeout for each wait after it: a server's connection may idle
   * between requests, but a request that has begun must keep coming.
   */
  public void readFully(ByteBuffer dst, long firstByteTimeoutMs) throws IOException {
    boolean first = true;
    while (dst.hasRemaining()) {
      int n = channel.read(dst);
      if (n < 0) {
        throw new EOFException("the peer closed the connection");
      }
      if (n == 0) {
        await(SelectionKey.OP_READ, "read", first ? firstByteTimeoutMs : timeoutMs);
      } else {
        first = false;
      }
    }
  }

  /** Writes every byte of {@code srcs}, in order, in as few system calls as the socket allows. */
  public void writeFully(ByteBuffer... srcs) throws IOException {
    while (anyRemaining(srcs)) {
      if (channel.write(srcs) == 0) {
        await(SelectionKey.OP_WRITE, "write", timeoutMs);
      }
    }
  }

  private static boolean anyRemaining(ByteBuffer[] buffers) {
    for (ByteBuffer b : buffers) {
      if (b.hasRemaining()) {
        return true;
      }
    }
    return false;
  }

  /** Waits until the socket is ready for {@code operation}, at most {@code limitMs} (0: for ever). */
  private void await(int operation, String what, long limitMs) throws IOException {
    try {
      awaitOpen(operation, what, limitMs);
    } catch (ClosedSelectorException | CancelledKeyException e) {
      throw new AsynchronousCloseException();   // closed by another thread while waiting
    }
  }

  private void awaitOpen(int operation, String what, long limitMs) throws IOException {
    long deadline = System.nanoTime() + limitMs * 1_000_000L;
    key.interestOps(operation);
    try {
      while (true) {
        long left = limitMs == 0 ? 0 : Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
        int ready = selector.select(left);
        selector.selectedKeys().clear();
        if (Thread.interrupted()) {
          throw new InterruptedIOException(what + " interrupted");
        }
        if (ready > 0) {
          return;
        }
        if (limitMs > 0 && System.nanoTime() - deadline >= 0) {
          throw new SocketTimeoutException(what + " timed out after " + limitMs + " ms");
        }
      }
    } finally {
      if (key.isValid()) {
        key.interestOps(0);
      }
    }
  }

  public boolean isOpen() {
    return channel.isOpen();
  }

  /** How long one read or write may wait for the peer; 0 waits for ever. */
  public long timeoutMs() {
    return timeoutMs;
  }

  @Override
  public void close() throws IOException {
    try {
      selector.close();
    } finally {
      channel.close();
    }
  }
}

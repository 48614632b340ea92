package io.spindle.rpc;

import java.io.Closeable;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TProcessor;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TThreadPoolServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Thrift server on an ephemeral port (framed binary protocol, a thread per connection, so a
 * request may park while it waits for a clock). A peer that sends a frame over the limit, or bytes
 * that are not Thrift, loses its own connection; everyone else is served on.
 *
 * <pre>{@code
 * try (ThriftServer server = ThriftServer.start(new ParameterServer.Processor<>(handler), maxFrame, "shard-0")) {
 *   register(server.port());
 * }
 * }</pre>
 */
public final class ThriftServer implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ThriftServer.class);

  private final TServer server;
  private final ChannelServerTransport socket;
  private final Thread thread;
  private final String name;

  private ThriftServer(TServer server, ChannelServerTransport socket, String name) {
    this.server = server;
    this.socket = socket;
    this.name = name;
    this.thread = new Thread(server::serve, name + "-acceptor");
    this.thread.setDaemon(true);
  }

  public static ThriftServer start(TProcessor processor, int maxFrameBytes, String name) {
    try {
      ChannelServerTransport socket = new ChannelServerTransport(maxFrameBytes);
      TThreadPoolServer.Args args = new TThreadPoolServer.Args(socket)
          .processor(processor)
          .protocolFactory(TensorProtocol.factory())
          .minWorkerThreads(2)
          .maxWorkerThreads(1024)
          .stopTimeoutVal(1)
          .stopTimeoutUnit(TimeUnit.SECONDS);
      ThriftServer server = new ThriftServer(new TThreadPoolServer(args), socket, name);
      server.thread.start();
      LOG.info("{} listening on port {}", name, server.port());
      return server;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(name + ": cannot open a server socket: " + e.getMessage(), e);
    }
  }

  public int port() {
    return socket.port();
  }

  @Override
  public void close() {
    server.stop();
    socket.close();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("{} stopped", name);
  }
}

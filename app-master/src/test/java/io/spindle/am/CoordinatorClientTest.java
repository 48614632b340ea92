package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.container.CoordinatorClient;
import io.spindle.ml.param.Consistency;
import io.spindle.rpc.ThriftServer;
import io.spindle.thrift.Coordinator;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.ResourceSpec;
import io.spindle.thrift.Role;
import io.spindle.thrift.TaskId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A container's calls to the coordinator over a real socket, through a connection that breaks. */
class CoordinatorClientTest {
  private static final TaskId WORKER0 = new TaskId(Role.WORKER, 0, 0);

  /**
   * A heartbeat that meets a broken connection fails (the next is due soon); any other call
   * connects again and goes through, so a blip does not fail the container.
   */
  @Test
  void aBrokenConnectionIsMadeAgainForTheCallThatMetIt() throws Exception {
    try (ThriftServer server = coordinatorServer();
         Proxy proxy = new Proxy(server.port());
         CoordinatorClient client = new CoordinatorClient("127.0.0.1", proxy.port(), WORKER0)) {
      client.heartbeat(1, Map.of());
      assertEquals(1, proxy.connections());
      proxy.dropAll();   // as a reset between the container and the AM
      assertThrows(UncheckedIOException.class, () -> client.heartbeat(2, Map.of()));
      client.heartbeat(3, Map.of());
      assertEquals(2, proxy.connections(), "one new connection, kept for the calls after it");
      proxy.dropAll();
      assertFalse(client.shouldStop());
      assertEquals(3, proxy.connections());
    }
  }

  /** A coordinator that stays away fails the call once the client's patience is spent, not before. */
  @Test
  void aCoordinatorThatStaysAwayFailsTheCallAfterThePatience() throws Exception {
    try (ThriftServer server = coordinatorServer();
         Proxy proxy = new Proxy(server.port());
         CoordinatorClient client = new CoordinatorClient("127.0.0.1", proxy.port(), WORKER0, 2_500)) {
      // one call first, so the proxy holds the connection before it is cut
      assertFalse(client.shouldStop());
      proxy.close();
      long started = System.nanoTime();
      UncheckedIOException e = assertThrows(UncheckedIOException.class, client::shouldStop);
      long ms = (System.nanoTime() - started) / 1_000_000;
      assertTrue(ms >= 2_500, "gave up after " + ms + " ms");
      assertTrue(e.getMessage().contains("127.0.0.1:" + proxy.port()), e.getMessage());
    }
  }

  /** A call the coordinator fails (an error in its handler) fails at once, and the next call goes through. */
  @Test
  void aCallTheCoordinatorFailsIsNotRepeated() throws Exception {
    CoordinatorService service = coordinatorService();
    Coordinator.Iface failingRecovery = (Coordinator.Iface) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {Coordinator.Iface.class}, (proxy, method, args) -> {
          if (method.getName().equals("recovery")) {
            throw new IllegalStateException("a fault in the handler");
          }
          try {
            return method.invoke(service, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    try (ThriftServer server = ThriftServer.start(new Coordinator.Processor<>(failingRecovery), 1 << 20, "coordinator");
         CoordinatorClient client = new CoordinatorClient("127.0.0.1", server.port(), WORKER0, 30_000)) {
      long started = System.nanoTime();
      IllegalStateException e = assertThrows(IllegalStateException.class, client::recovery);
      assertTrue((System.nanoTime() - started) / 1_000_000 < 5_000, "not repeated for the client's patience");
      assertTrue(e.getMessage().contains("recovery failed"), e.getMessage());
      assertFalse(client.shouldStop());
    }
  }

  private static ThriftServer coordinatorServer() throws Exception {
    return ThriftServer.start(new Coordinator.Processor<>(coordinatorService()), 1 << 20, "coordinator");
  }

  private static CoordinatorService coordinatorService() {
    JobSpec spec = new JobSpec("selftest", 1, 1, Consistency.bsp().toSpec(), new ResourceSpec(128, 1),
        new ResourceSpec(128, 1));
    CoordinatorService coordinator = new CoordinatorService(spec, System::currentTimeMillis);
    coordinator.launched(WORKER0);
    return coordinator;
  }

  /** Forwards loopback connections to a port, and can cut every one of them. */
  private static final class Proxy implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile int connections;

    Proxy(int target) throws IOException {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            Socket in = listener.accept();
            Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
            sockets.add(in);
            sockets.add(out);
            connections++;
            pump(in, out);
            pump(out, in);
          }
        } catch (IOException closed) {
          // the proxy is closed
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private static void pump(Socket from, Socket to) {
      Thread pump = new Thread(() -> {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
          in.transferTo(out);
        } catch (IOException cut) {
          // a side closed: the connection is over
        }
      });
      pump.setDaemon(true);
      pump.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    int connections() {
      return connections;
    }

    void dropAll() throws IOException {
      for (Socket s : sockets) {
        s.close();
      }
      sockets.clear();
    }

    @Override
    public void close() throws IOException {
      listener.close();
      dropAll();
    }
  }
}

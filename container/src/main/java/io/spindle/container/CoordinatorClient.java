package io.spindle.container;

import io.spindle.rpc.ThriftClients;
import io.spindle.thrift.Coordinator;
import io.spindle.thrift.CoordinatorError;
import io.spindle.thrift.Endpoint;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.ShardMap;
import io.spindle.thrift.TaskId;
import io.spindle.thrift.TaskResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's connection to the ApplicationMaster's Coordinator. Thread-safe: calls are
 * serialised on the one connection, and blocking waits are sliced so heartbeats get through. A
 * call that breaks the connection (a timeout, the coordinator's socket reset) connects again and
 * is repeated for up to a minute (every call may be repeated: the coordinator keys what it
 * records by task, clock and generation), so a blip between container and AM does not fail the
 * container, and with it every shard's progress. A heartbeat is not repeated: the next one is
 * due soon anyway. A refusal ({@link CoordinatorError}), or a call the coordinator failed or
 * answered with garbage, is never repeated: it would fail the same way.
 */
public final class CoordinatorClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorClient.class);
  private static final int MAX_FRAME = 16 << 20;
  private static final long WAIT_SLICE_MS = 1_000;
  private static final long RETRY_PAUSE_MS = 1_000;
  /** How long calls are repeated while the coordinator cannot be reached. */
  public static final long PATIENCE_MS = 60_000;

  private final TaskId task;
  private final String host;
  private final int port;
  private final String address;
  private final long patienceMs;
  private Coordinator.Client client;
  private boolean closed;

  public CoordinatorClient(String host, int port, TaskId task) {
    this(host, port, task, PATIENCE_MS);
  }

  public CoordinatorClient(String host, int port, TaskId task, long patienceMs) {
    this.patienceMs = patienceMs;
    this.host = host;
    this.port = port;
    this.address = host + ":" + port;
    this.task = task;
    this.client = connect();
  }

  private Coordinator.Client connect() {
    return new Coordinator.Client(ThriftClients.connect(host, port, MAX_FRAME, 60_000));
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws TException;
  }

  private <T> T call(String what, Call<T> call) {
    return call(what, call, patienceMs);
  }

  private <T> T call(String what, Call<T> call, long patience) {
    long deadline = System.nanoTime() + patience * 1_000_000L;
    while (true) {
      try {
        return once(what, call);
      } catch (UncheckedIOException e) {
        if (isClosed() || System.nanoTime() - deadline >= 0) {
          throw e;
        }
        LOG.warn("{}; trying again", e.getCause().getMessage());
        try {
          Thread.sleep(RETRY_PAUSE_MS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  private synchronized <T> T once(String what, Call<T> call) {
    if (closed) {
      throw new IllegalStateException("coordinator " + address + " " + what + ": this client is closed");
    }
    try {
      if (client == null || !client.getInputProtocol().getTransport().isOpen()) {
        client = null;   // until a connection is made: a failed attempt leaves none to reuse
        client = connect();
      }
      return call.run();
    } catch (CoordinatorError e) {
      throw new IllegalStateException("coordinator refused " + what + ": " + e.getMessage(), e);
    } catch (org.apache.thrift.transport.TTransportException e) {
      throw new UncheckedIOException(new IOException("coordinator " + address + " " + what + ": " + e.getMessage(), e));
    } catch (TException e) {
      // The coordinator failed the call itself, or answered garbage: the same call would fail
      // again. The connection may hold the rest of a reply: the next call makes a new one.
      client.getInputProtocol().getTransport().close();
      throw new IllegalStateException("coordinator " + address + " " + what + " failed: " + e.getMessage(), e);
    }
  }

  public TaskId task() {
    return task;
  }

  public JobSpec jobSpec() {
    return call("jobSpec", () -> client.jobSpec());
  }

  public void register(String host, int port) {
    call("register", () -> {
      client.register(task, new Endpoint(host, port));
      return null;
    });
  }

  /** Blocks until every shard has registered. */
  public ShardMap awaitShardMap() {
    while (true) {
      ShardMap map = call("awaitShardMap", () -> client.awaitShardMap(task, WAIT_SLICE_MS));
      if (map.getShardsSize() > 0) {
        return map;
      }
    }
  }

  public void heartbeat(int clock, Map<String, Double> metrics) {
    call("heartbeat", () -> {
      client.heartbeat(task, clock, metrics);
      return null;
    }, 0);
  }

  public void complete(TaskResult result) {
    call("complete", () -> {
      client.complete(task, result);
      return null;
    });
  }

  public io.spindle.thrift.Recovery recovery() {
    return call("recovery", () -> client.recovery(task));
  }

  public void restored(int generation, boolean ok, String message) {
    call("restored", () -> {
      client.restored(task, generation, ok, message);
      return null;
    });
  }

  /** Reports a written checkpoint; returns the newest clock every shard holds (never to be deleted). */
  public int checkpointed(int clock, int generation) {
    return call("checkpointed", () -> client.checkpointed(task, clock, generation));
  }

  public boolean shouldStop() {
    return call("shouldStop", () -> client.shouldStop(task));
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (client != null) {
      client.getInputProtocol().getTransport().close();
    }
  }
}

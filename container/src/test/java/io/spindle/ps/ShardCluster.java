package io.spindle.ps;

import io.spindle.ml.param.Consistency;
import io.spindle.rpc.ThriftServer;
import io.spindle.thrift.ParameterServer;
import io.spindle.thrift.TableSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * S shards for tests, reached either in-process (the Shard objects themselves) or over real
 * Thrift sockets on loopback: the same shard logic behind both transports.
 */
final class ShardCluster implements AutoCloseable {
  enum Transport { IN_PROCESS, THRIFT }

  static final int MAX_FRAME = 1 << 20;

  final List<Shard> shards = new ArrayList<>();
  final Partitioner partitioner;
  private final Transport transport;
  private final List<ThriftServer> servers = new ArrayList<>();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final Consistency consistency;

  ShardCluster(Transport transport, List<TableSpec> tables, int shardCount, int workers, Consistency consistency) {
    this.transport = transport;
    this.consistency = consistency;
    this.partitioner = new Partitioner(tables, shardCount);
    for (int s = 0; s < shardCount; s++) {
      Shard shard = new Shard(s, partitioner, workers, consistency);
      shards.add(shard);
      if (transport == Transport.THRIFT) {
        servers.add(ThriftServer.start(new ParameterServer.Processor<>(new ShardService(shard, MAX_FRAME)), MAX_FRAME, "shard-" + s));
      }
    }
  }

  /** A dense table of {@code rows} x {@code columns} floats that adds what is pushed. */
  static TableSpec denseAdding(int id, long rows, int columns) {
    return new TableSpec(id, "dense-" + id, io.spindle.thrift.TableKind.DENSE,
        new io.spindle.thrift.UpdateRuleSpec(io.spindle.thrift.UpdateRuleKind.ADD)).setRows(rows).setColumns(columns);
  }

  /** A shard as a worker reaches it over this cluster's transport. */
  ShardApi connect(int shard) {
    if (transport == Transport.IN_PROCESS) {
      return shards.get(shard);
    }
    ThriftShardStub stub = new ThriftShardStub("127.0.0.1", servers.get(shard).port(), MAX_FRAME, 60_000);
    synchronized (opened) {
      opened.add(stub);
    }
    return stub;
  }

  int port(int shard) {
    return servers.get(shard).port();
  }

  PsClient client(int worker, int attempt) {
    List<ShardApi> apis = new ArrayList<>();
    for (int s = 0; s < shards.size(); s++) {
      apis.add(connect(s));
    }
    // Small requests, so that tests exercise the splitting.
    PsClient client = new PsClient(worker, attempt, partitioner, apis, consistency, MAX_FRAME / 16);
    synchronized (opened) {
      opened.add(client);
    }
    return client;
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    for (Shard shard : shards) {
      shard.close();
    }
    for (ThriftServer server : servers) {
      server.close();
    }
  }
}

package io.spindle.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The baseline of {@link PsThroughput}: a round's bytes moved over plain socket channels in the
 * round's shape, with nothing else done. Per worker and shard (a lane, one thread, as the Thrift
 * client's), the same bytes go up in frames of the sizes the Thrift path's requests have, to a
 * server that reads each into one buffer (as a shard's connection does) and acknowledges it, and
 * come back down, asked for frame by frame. A lane waits for each frame's answer before the next:
 * the plainest copy, and here no slower than keeping 8 frames in flight as the Thrift client does
 * (quick grid, dense 1M floats, direct MB/s one frame at a time against 8: 4,376 and 4,574 on one
 * shard and one worker, 8,772 and 5,149 on two shards). A lane sends from a buffer holding the
 * whole tensor and receives into another, as a tensor's bytes go from where they lie to where they
 * land. From direct buffers the kernel copies straight to and from them, as it does for the
 * Thrift path's tensors; from heap buffers Java copies each byte once more through a direct buffer
 * of its own, as any socket stream does.
 *
 * <p>On the wire a frame is a 4-byte length and that many bytes, answered by an empty frame; a
 * negative length {@code -n} asks for a frame of n bytes instead.
 */
final class RawPath implements PsThroughput.Path {
  private static final int HEADER = 4;

  private final List<ServerSocketChannel> listeners = new ArrayList<>();
  private final List<Lane> lanes = new ArrayList<>();
  private final int perShard;
  private final int frameBytes;
  private final ExecutorService threads;
  /** Bytes both ways of one round of every worker. */
  final long bytesPerRound;

  /** One worker's connection to one shard, with the buffers its bytes go from and to. */
  private record Lane(SocketChannel socket, ByteBuffer header, ByteBuffer source, ByteBuffer target) { }

  /** @param frameBytes the largest request the Thrift path sends: a shard's part goes in frames of this size */
  RawPath(long bytesPerDirection, int shardCount, int workers, int frameBytes, boolean direct) throws IOException {
    this.perShard = (int) Math.min(Integer.MAX_VALUE, bytesPerDirection / shardCount);
    this.frameBytes = Math.max(1, Math.min(perShard, frameBytes));
    this.bytesPerRound = 2L * workers * (long) perShard * shardCount;
    for (int s = 0; s < shardCount; s++) {
      ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
      listeners.add(listener);
      Thread acceptor = new Thread(() -> accept(listener, direct));
      acceptor.setDaemon(true);
      acceptor.start();
    }
    for (int w = 0; w < workers; w++) {
      for (ServerSocketChannel listener : listeners) {
        SocketChannel socket = SocketChannel.open(listener.getLocalAddress());
        socket.socket().setTcpNoDelay(true);   // as the Thrift path's sockets
        lanes.add(new Lane(socket, allocate(HEADER, direct), allocate(perShard, direct), allocate(perShard, direct)));
      }
    }
    threads = Executors.newFixedThreadPool(lanes.size());
  }

  @Override
  public void run(int rounds) throws Exception {
    int frames = Math.max(1, (perShard + frameBytes - 1) / frameBytes);
    PsThroughput.inParallel(threads, lanes.size(), index -> {
      Lane lane = lanes.get(index);
      ByteBuffer acknowledgement = ByteBuffer.allocate(0);
      for (int r = 0; r < rounds; r++) {
        for (int f = 0; f < frames; f++) {
          send(lane.socket, lane.header, lane.source.slice(f * frameBytes, length(f)));
          receive(lane.socket, lane.header, acknowledgement);
        }
        for (int f = 0; f < frames; f++) {
          ask(lane.socket, lane.header, length(f));
          receive(lane.socket, lane.header, lane.target.slice(f * frameBytes, length(f)));
        }
      }
    });
  }

  private int length(int frame) {
    return Math.min(frameBytes, perShard - frame * frameBytes);
  }

  @Override
  public void close() throws IOException {
    threads.shutdown();
    for (Lane lane : lanes) {
      lane.socket.close();
    }
    for (ServerSocketChannel listener : listeners) {
      listener.close();
    }
  }

  private void accept(ServerSocketChannel listener, boolean direct) {
    try {
      while (true) {
        SocketChannel socket = listener.accept();
        Thread server = new Thread(() -> serve(socket, allocate(frameBytes, direct), allocate(HEADER, direct)));
        server.setDaemon(true);
        server.start();
      }
    } catch (IOException closed) {
      // listener closed: the run is over
    }
  }

  /** Takes each frame into {@code buffer} and acknowledges it, or answers a request with a frame of its bytes. */
  private static void serve(SocketChannel socket, ByteBuffer buffer, ByteBuffer header) {
    try (socket) {
      socket.socket().setTcpNoDelay(true);
      while (true) {
        fill(socket, header.clear());
        int length = header.getInt(0);
        if (length >= 0) {
          fill(socket, buffer.clear().limit(length));
          send(socket, header, buffer.clear().limit(0));
        } else {
          send(socket, header, buffer.clear().limit(-length));
        }
      }
    } catch (IOException done) {
      // the client hung up
    }
  }

  /** Sends {@code payload} as a frame, its length and bytes in one call, as the Thrift transport writes. */
  private static void send(SocketChannel socket, ByteBuffer header, ByteBuffer payload) throws IOException {
    ByteBuffer[] frame = {header.clear().putInt(0, payload.remaining()), payload};
    while (frame[0].hasRemaining() || payload.hasRemaining()) {
      socket.write(frame);
    }
  }

  private static void ask(SocketChannel socket, ByteBuffer header, int bytes) throws IOException {
    header.clear().putInt(0, -bytes);
    while (header.hasRemaining()) {
      socket.write(header);
    }
  }

  /** Receives a frame whose payload fills {@code into}. */
  private static void receive(SocketChannel socket, ByteBuffer header, ByteBuffer into) throws IOException {
    fill(socket, header.clear());
    if (header.getInt(0) != into.remaining()) {
      throw new IOException("the server sent " + header.getInt(0) + " bytes for " + into.remaining());
    }
    fill(socket, into);
  }

  private static void fill(SocketChannel socket, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (socket.read(buffer) < 0) {
        throw new EOFException("the peer hung up");
      }
    }
  }

  private static ByteBuffer allocate(int bytes, boolean direct) {
    return direct ? ByteBuffer.allocateDirect(bytes) : ByteBuffer.allocate(bytes);
  }
}

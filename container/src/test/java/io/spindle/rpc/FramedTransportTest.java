package io.spindle.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.transport.TTransportException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Frames over a loopback connection: small copied and large referenced writes read back byte for byte. */
class FramedTransportTest {
  private static final int LIMIT = 1 << 20;

  private SocketChannel clientEnd;
  private SocketChannel serverEnd;

  @BeforeEach
  void connect() throws Exception {
    try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      clientEnd = SocketChannel.open(listener.getLocalAddress());
      serverEnd = listener.accept();
    }
  }

  @AfterEach
  void close() throws Exception {
    clientEnd.close();
    serverEnd.close();
  }

  /** A connection idle between requests finds a vanished peer in minutes, not after the system's two hours. */
  @Test
  void connectionsProbeAnIdlePeerWithinMinutes() throws Exception {
    new TimedChannel(serverEnd, 10_000);
    assertTrue(serverEnd.getOption(java.net.StandardSocketOptions.SO_KEEPALIVE));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        serverEnd.supportedOptions().contains(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE),
        "this system does not let a socket tune its keepalive");
    int idle = serverEnd.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE);
    int interval = serverEnd.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL);
    int probes = serverEnd.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT);
    assertTrue(idle + interval * probes <= 180, idle + " s idle, then " + probes + " probes " + interval + " s apart");
  }

  @Test
  void referencedWritesKeepTheirPlaceBetweenCopiedOnes() throws Exception {
    FramedTransport out = new FramedTransport(new TimedChannel(clientEnd, 10_000), LIMIT);
    FramedTransport in = new FramedTransport(new TimedChannel(serverEnd, 10_000), LIMIT);
    Random random = new Random(7);
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    int[] sizes = {3, FramedTransport.BY_REFERENCE_BYTES, 5, 1, FramedTransport.BY_REFERENCE_BYTES * 2 + 1, 2};
    byte[][][] frames = new byte[3][sizes.length][];
    for (int frame = 0; frame < frames.length; frame++) {
      for (int i = 0; i < sizes.length; i++) {
        frames[frame][i] = new byte[sizes[i] + frame];
        random.nextBytes(frames[frame][i]);
        sent.write(frames[frame][i]);
      }
    }
    // Arrays, heap buffers and direct buffers, each small and large, in one frame.
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        for (byte[][] parts : frames) {
          for (int i = 0; i < parts.length; i++) {
            switch (i % 3) {
              case 0 -> out.write(parts[i], 0, parts[i].length);
              case 1 -> out.write(ByteBuffer.wrap(parts[i]));
              default -> out.write(ByteBuffer.allocateDirect(parts[i].length).put(parts[i]).flip());
            }
          }
          out.flush();
        }
        out.close();
      } catch (TTransportException e) {
        throw new IllegalStateException(e);
      }
    });
    byte[] received = new byte[sent.size()];
    in.readAll(received, 0, received.length);
    writer.join();
    assertArrayEquals(sent.toByteArray(), received);
    TTransportException end = assertThrows(TTransportException.class, () -> in.read(new byte[1], 0, 1));
    assertEquals(TTransportException.END_OF_FILE, end.getType(), "nothing beyond the frames written");
  }

  @Test
  void aMessageOverTheLimitIsRefusedAndTheNextOneGoesThrough() throws Exception {
    FramedTransport out = new FramedTransport(new TimedChannel(clientEnd, 10_000), LIMIT);
    out.write(new byte[10], 0, 10);
    out.write(new byte[LIMIT], 0, LIMIT / 2);
    assertThrows(TTransportException.class, () -> out.write(new byte[LIMIT], 0, LIMIT / 2));
    byte[] next = {1, 2, 3};
    out.write(next, 0, next.length);
    out.flush();
    out.close();

    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
    while (serverEnd.read(chunk.clear()) >= 0) {
      wire.write(chunk.array(), 0, chunk.position());
    }
    assertArrayEquals(new byte[] {0, 0, 0, 3, 1, 2, 3}, wire.toByteArray(), "the refused message left nothing on the wire");
  }

  @Test
  void aBinaryIsAViewOverItsFrameAndALengthPastTheFrameIsRefused() throws Exception {
    FramedTransport out = new FramedTransport(new TimedChannel(clientEnd, 10_000), LIMIT);
    FramedTransport in = new FramedTransport(new TimedChannel(serverEnd, 10_000), LIMIT);
    out.write(new byte[] {9, 8, 7, 6, 5}, 0, 5);
    out.flush();
    assertEquals(9, readByte(in));
    ByteBuffer view = in.readSlice(3);
    assertEquals(ByteBuffer.wrap(new byte[] {8, 7, 6}), view);
    TTransportException past = assertThrows(TTransportException.class, () -> in.readSlice(2));
    assertEquals(TTransportException.CORRUPTED_DATA, past.getType(), past.getMessage());
  }

  @Test
  void aReadThatHearsNothingTimesOut() throws Exception {
    FramedTransport in = new FramedTransport(new TimedChannel(serverEnd, 200), LIMIT);
    TTransportException silence = assertThrows(TTransportException.class, () -> in.read(new byte[1], 0, 1));
    assertEquals(TTransportException.TIMED_OUT, silence.getType(), silence.getMessage());
  }

  /**
   * A server stopping interrupts its connection threads: their reads end as END_OF_FILE, which
   * Thrift's server passes over in silence (anything else it logs as an error with a stack trace).
   */
  @Test
  void anInterruptedReadIsTheEndOfTheConnection() throws Exception {
    FramedTransport in = new FramedTransport(new TimedChannel(serverEnd, 10_000), LIMIT);
    CompletableFuture<TTransportException> reader = new CompletableFuture<>();
    Thread thread = new Thread(() -> reader.complete(assertThrows(TTransportException.class,
        () -> in.read(new byte[1], 0, 1))));
    thread.start();
    Thread.sleep(200);   // parked in the read
    thread.interrupt();
    TTransportException ended = reader.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(TTransportException.END_OF_FILE, ended.getType(), ended.getMessage());
  }

  /** A frame cut short by a timeout leaves the connection closed, never serving stale bytes after it. */
  @Test
  void aFrameCutShortClosesTheConnection() throws Exception {
    FramedTransport in = new FramedTransport(new TimedChannel(serverEnd, 200), LIMIT);
    clientEnd.write(ByteBuffer.allocate(4 + 10).putInt(0, 100));   // 100 bytes announced, 10 sent
    TTransportException cut = assertThrows(TTransportException.class, () -> in.read(new byte[1], 0, 1));
    assertEquals(TTransportException.TIMED_OUT, cut.getType(), cut.getMessage());
    assertFalse(in.isOpen());
    assertThrows(TTransportException.class, () -> in.read(new byte[1], 0, 1));
  }

  /** A peer that hangs up within a frame is named as such: not the silent end of a peer that left between requests. */
  @Test
  void aPeerHangingUpWithinAFrameIsToldApartFromOneLeavingBetweenFrames() throws Exception {
    FramedTransport in = new FramedTransport(new TimedChannel(serverEnd, 10_000), LIMIT);
    clientEnd.write(ByteBuffer.allocate(4 + 10).putInt(0, LIMIT));   // a frame announced, 10 bytes of it sent
    clientEnd.close();
    TTransportException cut = assertThrows(TTransportException.class, () -> in.read(new byte[1], 0, 1));
    assertEquals(TTransportException.CORRUPTED_DATA, cut.getType(), cut.getMessage());
    assertTrue(cut.getMessage().contains("after 10 of " + LIMIT + " bytes of a frame"), cut.getMessage());

    FramedTransport between = new FramedTransport(new TimedChannel(serverEnd2(), 10_000), LIMIT);
    TTransportException left = assertThrows(TTransportException.class, () -> between.read(new byte[1], 0, 1));
    assertEquals(TTransportException.END_OF_FILE, left.getType(), left.getMessage());
  }

  /** A server's connection waits for a request for ever, but not for the rest of one that has begun. */
  @Test
  void anIdleWaitIsUnboundedButAFrameOnceBegunMustKeepComing() throws Exception {
    FramedTransport in = new FramedTransport(new TimedChannel(serverEnd, 200), LIMIT, 0);
    CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
      try {
        return readByte(in);
      } catch (TTransportException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
    Thread.sleep(600);   // three timeouts of silence before the frame
    clientEnd.write(ByteBuffer.allocate(5).putInt(0, 1).put(4, (byte) 42));
    assertEquals(42, reader.get(10, java.util.concurrent.TimeUnit.SECONDS));

    clientEnd.write(ByteBuffer.allocate(4 + 10).putInt(0, 100));   // 100 bytes announced, 10 sent
    TTransportException cut = assertThrows(TTransportException.class, () -> in.read(new byte[1], 0, 1));
    assertEquals(TTransportException.TIMED_OUT, cut.getType(), cut.getMessage());
    assertFalse(in.isOpen());
  }

  /**
   * A message starts at a frame, whatever the one before left unread, and cannot run into the
   * next frame: bytes after a message are dropped, and a message cut short by its frame's end is
   * refused, where reading on would take the next request's bytes as its own.
   */
  @Test
  void messagesKeepToTheirFrames() throws Exception {
    FramedTransport out = new FramedTransport(new TimedChannel(clientEnd, 10_000), LIMIT);
    TensorProtocol writer = new TensorProtocol(out);
    writer.writeMessageBegin(new TMessage("first", TMessageType.CALL, 1));
    writer.writeI32(7);
    out.write(new byte[] {1, 2, 3}, 0, 3);   // trailing bytes the reader never asks for
    writer.writeMessageEnd();
    out.flush();
    writer.writeMessageBegin(new TMessage("second", TMessageType.CALL, 2));
    writer.writeI32(8);
    writer.writeMessageEnd();
    out.flush();
    writer.writeMessageBegin(new TMessage("third", TMessageType.CALL, 3));
    out.write(new byte[] {0, 0}, 0, 2);   // half of an i32: the frame ends first
    out.flush();

    TensorProtocol reader = new TensorProtocol(new FramedTransport(new TimedChannel(serverEnd, 10_000), LIMIT));
    assertEquals("first", reader.readMessageBegin().name);
    assertEquals(7, reader.readI32());
    reader.readMessageEnd();
    assertEquals("second", reader.readMessageBegin().name);
    assertEquals(8, reader.readI32());
    reader.readMessageEnd();
    assertEquals("third", reader.readMessageBegin().name);
    TTransportException past = assertThrows(TTransportException.class, reader::readI32);
    assertEquals(TTransportException.CORRUPTED_DATA, past.getType(), past.getMessage());
    assertTrue(past.getMessage().contains("past the end of its frame"), past.getMessage());
    assertFalse(reader.getTransport().isOpen(), "a connection out of step is closed");
  }

  private SocketChannel serverEnd2() throws Exception {
    try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      SocketChannel client = SocketChannel.open(listener.getLocalAddress());
      SocketChannel server = listener.accept();
      client.close();   // gone before sending anything
      return server;
    }
  }

  private static int readByte(FramedTransport in) throws TTransportException {
    byte[] one = new byte[1];
    in.readAll(one, 0, 1);
    return one[0];
  }
}

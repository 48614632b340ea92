package io.spindle.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.apache.thrift.transport.TIOStreamTransport;
import org.apache.thrift.transport.TTransportException;
import org.junit.jupiter.api.Test;

/** Frames written with small copied and large referenced writes read back byte for byte. */
class FramedTransportTest {
  private static final int LIMIT = 1 << 20;

  @Test
  void referencedWritesKeepTheirPlaceBetweenCopiedOnes() throws Exception {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    FramedTransport out = new FramedTransport(new TIOStreamTransport(wire), LIMIT);
    Random random = new Random(7);
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    for (int frame = 0; frame < 3; frame++) {
      int[] sizes = {3, FramedTransport.BY_REFERENCE_BYTES, 5, 1, FramedTransport.BY_REFERENCE_BYTES * 2 + 1, 2};
      ByteArrayOutputStream message = new ByteArrayOutputStream();
      for (int size : sizes) {
        byte[] part = new byte[size + frame];
        random.nextBytes(part);
        out.write(part, 0, part.length);
        message.write(part);
      }
      out.flush();
      sent.write(message.toByteArray());
    }

    ByteArrayInputStream frames = new ByteArrayInputStream(wire.toByteArray());
    FramedTransport in = new FramedTransport(new TIOStreamTransport(frames), LIMIT);
    byte[] received = new byte[sent.size()];
    in.readAll(received, 0, received.length);
    assertArrayEquals(sent.toByteArray(), received);
    assertEquals(0, frames.available(), "nothing beyond the frames written");
  }

  @Test
  void aMessageOverTheLimitIsRefusedAndTheNextOneGoesThrough() throws Exception {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    FramedTransport out = new FramedTransport(new TIOStreamTransport(wire), LIMIT);
    out.write(new byte[10], 0, 10);
    out.write(new byte[LIMIT], 0, LIMIT / 2);
    assertThrows(TTransportException.class, () -> out.write(new byte[LIMIT], 0, LIMIT / 2));
    byte[] next = {1, 2, 3};
    out.write(next, 0, next.length);
    out.flush();

    byte[] received = new byte[3];
    new FramedTransport(new TIOStreamTransport(new ByteArrayInputStream(wire.toByteArray())), LIMIT)
        .readAll(received, 0, 3);
    assertArrayEquals(next, received);
    assertEquals(4 + 3, wire.size(), "the refused message left nothing on the wire");
  }
}

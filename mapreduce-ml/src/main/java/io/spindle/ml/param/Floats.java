package io.spindle.ml.param;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Float arrays to and from streams in blocks, little-endian (checkpoints, model files). */
public final class Floats {
  private static final int BLOCK = 1 << 16;

  private Floats() {}

  public static void write(DataOutput out, float[] values, int count) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(Math.min(count, BLOCK) * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int at = 0; at < count; at += BLOCK) {
      int n = Math.min(BLOCK, count - at);
      buf.clear();
      buf.asFloatBuffer().put(values, at, n);
      out.write(buf.array(), 0, n * Float.BYTES);
    }
  }

  public static void read(DataInput in, float[] values, int count) throws IOException {
    byte[] bytes = new byte[Math.min(count, BLOCK) * Float.BYTES];
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int at = 0; at < count; at += BLOCK) {
      int n = Math.min(BLOCK, count - at);
      in.readFully(bytes, 0, n * Float.BYTES);
      buf.clear();
      buf.asFloatBuffer().get(values, at, n);
    }
  }
}

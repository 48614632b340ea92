package io.spindle.rpc;

import io.spindle.ml.param.Rows;
import io.spindle.thrift.Slice;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Tensors on the wire: packed little-endian float32 values and int64 keys inside a {@link Slice}. */
public final class Wire {
  private Wire() {}

  public static ByteBuffer packFloats(float[] values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    return buf;
  }

  public static float[] unpackFloats(ByteBuffer buf) {
    if (buf == null) {
      return new float[0];
    }
    ByteBuffer le = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
    if (le.remaining() % Float.BYTES != 0) {
      throw new IllegalArgumentException("float tensor of " + le.remaining() + " bytes is not a multiple of 4");
    }
    float[] out = new float[le.remaining() / Float.BYTES];
    le.asFloatBuffer().get(out);
    return out;
  }

  public static ByteBuffer packLongs(long[] values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buf.asLongBuffer().put(values);
    return buf;
  }

  public static long[] unpackLongs(ByteBuffer buf) {
    ByteBuffer le = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
    if (le.remaining() % Long.BYTES != 0) {
      throw new IllegalArgumentException("key array of " + le.remaining() + " bytes is not a multiple of 8");
    }
    long[] out = new long[le.remaining() / Long.BYTES];
    le.asLongBuffer().get(out);
    return out;
  }

  public static Slice slice(Rows rows, float[] values) {
    Slice slice = new Slice();
    if (rows.isRange()) {
      slice.setRangeStart(rows.start()).setRangeCount(rows.size());
    } else {
      slice.setKeys(packLongs(rows.keyArray()));
    }
    if (values != null) {
      slice.setValues(packFloats(values));
    }
    return slice;
  }

  public static Rows rows(Slice slice) {
    if (slice.isSetKeys()) {
      return Rows.keys(unpackLongs(slice.bufferForKeys()));
    }
    return Rows.range(slice.getRangeStart(), slice.getRangeCount());
  }

  public static float[] values(Slice slice) {
    return unpackFloats(slice.bufferForValues());
  }
}

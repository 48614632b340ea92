package io.spindle.rpc;

import io.spindle.ml.param.Rows;
import io.spindle.thrift.Slice;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Tensors on the wire: packed little-endian float32 values and int64 keys inside a {@link Slice}.
 *
 * <p>One instance per connection end, used by one thread at a time: it packs into direct buffers
 * it keeps (valid until the next pack, long enough for the call that sends them), which the
 * connection hands to the socket as they are. Multi-MB tensors would otherwise cost fresh buffers
 * on every call, and allocating and zeroing them costs more than moving the bytes. Received
 * values are read through views over the frame's bytes.
 */
public final class Wire {
  private ByteBuffer floatBytes = ByteBuffer.allocateDirect(0);
  private ByteBuffer outgoing = floatBytes;
  private ByteBuffer longBytes = ByteBuffer.allocateDirect(0);

  /** {@code values[from, from + count)} packed into this instance's buffer (valid until the next call). */
  private ByteBuffer packFloats(float[] values, int from, int count) {
    outgoingFloats(count).put(values, from, count);
    return outgoing();
  }

  /**
   * A buffer for {@code count} floats over this instance's bytes, for a writer that puts the
   * values itself (a shard reading rows into a reply); {@link #outgoing()} then gives the bytes.
   */
  public FloatBuffer outgoingFloats(int count) {
    floatBytes = capacity(floatBytes, count * Float.BYTES);
    outgoing = floatBytes.slice(0, count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    return outgoing.asFloatBuffer();
  }

  /** The bytes of the last {@link #outgoingFloats} (valid until the next call). */
  public ByteBuffer outgoing() {
    return outgoing;
  }

  private ByteBuffer packLongs(long[] values) {
    int size = values.length * Long.BYTES;
    longBytes = capacity(longBytes, size);
    ByteBuffer buf = longBytes.slice(0, size).order(ByteOrder.LITTLE_ENDIAN);
    buf.asLongBuffer().put(values);
    return buf;
  }

  /** {@code buffer}, or a larger direct one when it holds fewer than {@code size} bytes. */
  private static ByteBuffer capacity(ByteBuffer buffer, int size) {
    return buffer.capacity() >= size ? buffer : DirectMemory.allocate(size);
  }

  /**
   * A request's rows and (when not null) {@code values[from, from + count)}, packed into this
   * instance's buffers.
   */
  public Slice slice(Rows rows, float[] values, int from, int count) {
    Slice slice = new Slice();
    if (rows.isRange()) {
      slice.setRangeStart(rows.start()).setRangeCount(rows.size());
    } else {
      slice.setKeys(packLongs(rows.keyArray()));
    }
    return withValues(slice, values, from, count);
  }

  /** As {@link #slice}, for keys the peer holds under {@code keySet}: the signature goes instead of them. */
  public Slice keySetSlice(long keySet, float[] values, int from, int count) {
    return withValues(new Slice().setKeySet(keySet), values, from, count);
  }

  private Slice withValues(Slice slice, float[] values, int from, int count) {
    if (values != null) {
      slice.setValues(packFloats(values, from, count));
    }
    return slice;
  }

  /** A little-endian view over a slice's values, valid as long as the bytes under it. */
  public static FloatBuffer floats(Slice slice) {
    return littleEndian(slice.bufferForValues(), Float.BYTES, "float tensor").asFloatBuffer();
  }

  /** A fresh array of the floats in {@code buf} (null: none). */
  public static float[] unpackFloats(ByteBuffer buf) {
    float[] out = new float[buf == null ? 0 : buf.remaining() / Float.BYTES];
    unpackFloats(buf, out, 0);
    return out;
  }

  /** Copies the floats in {@code buf} into {@code into} from index {@code at}. */
  public static void unpackFloats(ByteBuffer buf, float[] into, int at) {
    ByteBuffer le = littleEndian(buf, Float.BYTES, "float tensor");
    int count = le.remaining() / Float.BYTES;
    if (at < 0 || at + count > into.length) {
      throw new IllegalArgumentException("a tensor of " + count + " floats does not fit an array of " + into.length
          + " from index " + at);
    }
    le.asFloatBuffer().get(into, at, count);
  }

  /** The slice's rows; keys are copied out of the frame they arrived in. */
  public static Rows rows(Slice slice) {
    if (slice.isSetKeys()) {
      ByteBuffer le = littleEndian(slice.bufferForKeys(), Long.BYTES, "key array");
      long[] keys = new long[le.remaining() / Long.BYTES];
      le.asLongBuffer().get(keys);
      return Rows.keys(keys);
    }
    return Rows.range(slice.getRangeStart(), slice.getRangeCount());
  }

  private static ByteBuffer littleEndian(ByteBuffer buf, int width, String what) {
    if (buf == null) {
      return ByteBuffer.allocate(0);
    }
    ByteBuffer le = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
    if (le.remaining() % width != 0) {
      throw new IllegalArgumentException(what + " of " + le.remaining() + " bytes is not a multiple of " + width);
    }
    return le;
  }
}

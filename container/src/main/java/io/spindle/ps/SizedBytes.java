package io.spindle.ps;

import io.spindle.ml.param.ArraySizes;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * An output stream into one array of a size known beforehand, handed over without a copy. A
 * shard's snapshot of large tables would otherwise pass through a doubling buffer and a final
 * copy, up to three times its size at the peak, in a container sized for the tables. Grows if
 * ever written past the size given.
 */
final class SizedBytes extends OutputStream {
  private byte[] bytes;
  private int count;

  /** @param size at most {@link ArraySizes#MAX} */
  SizedBytes(long size) {
    this.bytes = new byte[(int) Math.min(size, ArraySizes.MAX)];
  }

  @Override
  public void write(int b) {
    ensure(count + 1L);
    bytes[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure((long) count + len);
    System.arraycopy(b, off, bytes, count, len);
    count += len;
  }

  private void ensure(long size) {
    if (size > bytes.length) {
      bytes = Arrays.copyOf(bytes, ArraySizes.grown(bytes.length, size, "a shard's snapshot", ArraySizes.MORE_SERVERS));
    }
  }

  /** The bytes written: the array itself when they fill it, as they do when the size was right. */
  byte[] toByteArray() {
    return count == bytes.length ? bytes : Arrays.copyOf(bytes, count);
  }
}

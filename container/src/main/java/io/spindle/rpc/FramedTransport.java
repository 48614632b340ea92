package io.spindle.rpc;

import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;
import org.apache.thrift.transport.TTransportFactory;
import org.apache.thrift.transport.layered.TLayeredTransport;

/**
 * Thrift's framed wire format (a 4-byte big-endian length, then the message) with buffers that
 * are kept between frames. Thrift's own framed transport allocates a fresh array for every frame
 * it reads and shrinks its write buffer back to 1 KB after every frame it sends, so a multi-MB
 * tensor costs several multi-MB allocations and a dozen doubling copies per call. Here each
 * buffer grows to the largest frame seen on the connection (at most the frame limit) and stays,
 * and a tensor being sent is not copied into a frame buffer at all (see {@link #write}).
 *
 * <p>Binary fields are read without a copy (the protocol wraps this buffer), so they are only
 * valid until the next frame is read on the connection: {@link Wire} copies them out at once.
 */
public final class FramedTransport extends TLayeredTransport {
  private static final int HEADER = 4;

  /** Writes at least this long are sent from the caller's array rather than copied (see {@link #write}). */
  static final int BY_REFERENCE_BYTES = 64 << 10;

  private final int maxFrameBytes;
  private byte[] writeBuffer = new byte[1024];
  private int writeEnd = HEADER;
  private final java.util.List<Piece> referenced = new java.util.ArrayList<>();
  private long referencedBytes;
  private final byte[] header = new byte[HEADER];
  private byte[] readBuffer = new byte[1024];
  private int readPosition;
  private int readEnd;

  public FramedTransport(TTransport transport, int maxFrameBytes) {
    super(transport);
    this.maxFrameBytes = maxFrameBytes;
  }

  /** For servers: wraps each accepted connection. */
  public static TTransportFactory factory(int maxFrameBytes) {
    return new TTransportFactory() {
      @Override
      public TTransport getTransport(TTransport base) {
        return new FramedTransport(base, maxFrameBytes);
      }
    };
  }

  @Override
  public boolean isOpen() {
    return getInnerTransport().isOpen();
  }

  @Override
  public void open() throws TTransportException {
    getInnerTransport().open();
  }

  @Override
  public void close() {
    getInnerTransport().close();
  }

  @Override
  public int read(byte[] buf, int off, int len) throws TTransportException {
    if (readPosition == readEnd) {
      readFrame();
    }
    int n = Math.min(len, readEnd - readPosition);
    System.arraycopy(readBuffer, readPosition, buf, off, n);
    readPosition += n;
    return n;
  }

  private void readFrame() throws TTransportException {
    getInnerTransport().readAll(header, 0, HEADER);
    int size = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
    if (size < 0 || size > maxFrameBytes) {
      close();
      throw new TTransportException(TTransportException.CORRUPTED_DATA, "Frame size (" + size + ") "
          + (size < 0 ? "is negative" : "larger than max length (" + maxFrameBytes + ")")
          + ": the peer is not speaking this service's framed Thrift, or sends more than the frame limit");
    }
    if (readBuffer.length < size) {
      readBuffer = new byte[size];
    }
    getInnerTransport().readAll(readBuffer, 0, size);
    readPosition = 0;
    readEnd = size;
  }

  @Override
  public byte[] getBuffer() {
    return readBuffer;
  }

  @Override
  public int getBufferPosition() {
    return readPosition;
  }

  @Override
  public int getBytesRemainingInBuffer() {
    return readEnd - readPosition;
  }

  @Override
  public void consumeBuffer(int len) {
    readPosition += len;
  }

  /**
   * Small writes are copied into the frame buffer; a write of {@link #BY_REFERENCE_BYTES} or more
   * (a tensor) is sent from the caller's array at {@link #flush()}, so the array must not change
   * until then. That holds for Thrift's binary fields, whose buffers the caller fills for the call.
   */
  @Override
  public void write(byte[] buf, int off, int len) throws TTransportException {
    long size = frameSize() + len;
    if (size > maxFrameBytes) {
      discardFrame();   // the message is lost either way; the connection stays usable
      throw new TTransportException(TTransportException.UNKNOWN, "a message of more than " + maxFrameBytes
          + " bytes does not fit the frame limit; send it in parts");
    }
    if (len >= BY_REFERENCE_BYTES) {
      referenced.add(new Piece(writeEnd, buf, off, len));
      referencedBytes += len;
      return;
    }
    int end = writeEnd + len;
    if (end > writeBuffer.length) {
      writeBuffer = java.util.Arrays.copyOf(writeBuffer, (int) Math.min(Integer.MAX_VALUE - 8,
          Math.max((long) end, 2L * writeBuffer.length)));
    }
    System.arraycopy(buf, off, writeBuffer, writeEnd, len);
    writeEnd = end;
  }

  private long frameSize() {
    return writeEnd - HEADER + referencedBytes;
  }

  private void discardFrame() {
    writeEnd = HEADER;
    referenced.clear();
    referencedBytes = 0;
  }

  @Override
  public void flush() throws TTransportException {
    int size = (int) frameSize();
    writeBuffer[0] = (byte) (size >>> 24);
    writeBuffer[1] = (byte) (size >>> 16);
    writeBuffer[2] = (byte) (size >>> 8);
    writeBuffer[3] = (byte) size;
    TTransport out = getInnerTransport();
    int copiedFrom = 0;
    try {
      for (Piece piece : referenced) {
        out.write(writeBuffer, copiedFrom, piece.after - copiedFrom);
        out.write(piece.array, piece.offset, piece.length);
        copiedFrom = piece.after;
      }
      out.write(writeBuffer, copiedFrom, writeEnd - copiedFrom);
    } finally {
      discardFrame();
    }
    out.flush();
  }

  /** A write sent from the caller's array, after the frame buffer's bytes up to {@code after}. */
  private static final class Piece {
    final int after;
    final byte[] array;
    final int offset;
    final int length;

    Piece(int after, byte[] array, int offset, int length) {
      this.after = after;
      this.array = array;
      this.offset = offset;
      this.length = length;
    }
  }
}

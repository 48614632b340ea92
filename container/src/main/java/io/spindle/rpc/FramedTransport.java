package io.spindle.rpc;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * Thrift's framed wire format (a 4-byte big-endian length, then the message) over a
 * {@link TimedChannel}, with direct buffers that are kept between frames. A frame is read
 * straight into the connection's buffer by the kernel, and a tensor being sent goes from its own
 * (direct) buffer to the socket: neither is copied in between. Each buffer grows to the largest
 * frame seen on the connection (at most the frame limit) and stays.
 *
 * <p>Binary fields are read without a copy ({@link #readSlice}, through {@link TensorProtocol}),
 * so they are only valid until the next frame is read on the connection.
 */
public final class FramedTransport extends TTransport {
  private static final int HEADER = 4;

  /** Direct writes at least this long are sent from the caller's buffer, not copied ({@link #write(ByteBuffer)}). */
  static final int BY_REFERENCE_BYTES = 64 << 10;

  private final TimedChannel channel;
  private final int maxFrameBytes;
  private final TConfiguration configuration;
  /** The frame's header and its copied writes; referenced writes are sent between them. */
  private ByteBuffer writeBuffer = ByteBuffer.allocateDirect(4096);
  private final List<Piece> referenced = new ArrayList<>();
  private long referencedBytes;
  private final ByteBuffer header = ByteBuffer.allocateDirect(HEADER);
  private ByteBuffer readBuffer = ByteBuffer.allocateDirect(4096).limit(0);

  public FramedTransport(TimedChannel channel, int maxFrameBytes) {
    this.channel = channel;
    this.maxFrameBytes = maxFrameBytes;
    this.configuration = TConfiguration.custom()
        .setMaxFrameSize(maxFrameBytes)
        .setMaxMessageSize(maxFrameBytes)
        .build();
    writeBuffer.position(HEADER);
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void open() throws TTransportException {
    if (!isOpen()) {
      throw new TTransportException(TTransportException.NOT_OPEN, "the connection is closed");
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing: nothing left to lose
    }
  }

  @Override
  public int read(byte[] buf, int off, int len) throws TTransportException {
    if (!readBuffer.hasRemaining()) {
      readFrame();
    }
    int n = Math.min(len, readBuffer.remaining());
    readBuffer.get(buf, off, n);
    return n;
  }

  /**
   * The next {@code size} bytes of the current frame, without a copy: valid until the next frame
   * is read. A length that runs past the frame is refused (the peer is not speaking Thrift).
   */
  public ByteBuffer readSlice(int size) throws TTransportException {
    checkReadBytesAvailable(size);
    ByteBuffer slice = readBuffer.slice(readBuffer.position(), size);
    readBuffer.position(readBuffer.position() + size);
    return slice;
  }

  private void readFrame() throws TTransportException {
    header.clear();
    fill(header);
    int size = header.getInt(0);
    if (size < 0 || size > maxFrameBytes) {
      close();
      throw corrupted("Frame size (" + size + ") " + (size < 0 ? "is negative" : "larger than max length ("
          + maxFrameBytes + ")") + ": the peer is not speaking this service's framed Thrift, or sends more"
          + " than the frame limit");
    }
    if (readBuffer.capacity() < size) {
      readBuffer = allocate(size);
    }
    readBuffer.clear().limit(size);
    fill(readBuffer);
    readBuffer.flip();
  }

  /** Fills {@code buffer}; a connection that failed partway through a frame has lost its place and is closed. */
  private void fill(ByteBuffer buffer) throws TTransportException {
    try {
      channel.readFully(buffer);
    } catch (IOException e) {
      readBuffer.clear().limit(0);
      close();
      throw failure(e);
    }
  }

  private static TTransportException corrupted(String message) {
    return new TTransportException(TTransportException.CORRUPTED_DATA, message);
  }

  /**
   * The connection's end, whoever ended it: the peer hanging up, or this side interrupting or
   * closing the wait (a server stopping does both to its connection threads) is END_OF_FILE,
   * which Thrift's server takes as a client gone rather than an error worth a stack trace.
   */
  private static TTransportException failure(IOException e) {
    int type = e instanceof SocketTimeoutException ? TTransportException.TIMED_OUT
        : e instanceof EOFException || e instanceof InterruptedIOException || e instanceof ClosedChannelException
            ? TTransportException.END_OF_FILE : TTransportException.UNKNOWN;
    return new TTransportException(type, e.getMessage(), e);
  }

  @Override
  public void write(byte[] buf, int off, int len) throws TTransportException {
    write(ByteBuffer.wrap(buf, off, len));
  }

  /**
   * Writes are copied into the frame buffer, except a direct buffer of {@link #BY_REFERENCE_BYTES}
   * or more (a tensor), which is sent from {@code src} itself at {@link #flush()}: its bytes must
   * not change until then. That holds for Thrift's binary fields, whose buffers the caller fills
   * for the call. A heap array would be copied into a direct buffer by the socket anyway.
   */
  @Override
  public int write(ByteBuffer src) throws TTransportException {
    int len = src.remaining();
    if (frameSize() + len > maxFrameBytes) {
      discardFrame();   // the message is lost either way; the connection stays usable
      throw new TTransportException(TTransportException.UNKNOWN, "a message of more than " + maxFrameBytes
          + " bytes does not fit the frame limit; send it in parts");
    }
    if (len >= BY_REFERENCE_BYTES && src.isDirect()) {
      referenced.add(new Piece(writeBuffer.position(), src.slice()));
      referencedBytes += len;
    } else {
      if (writeBuffer.remaining() < len) {
        writeBuffer = grown(writeBuffer, writeBuffer.position() + len);
      }
      writeBuffer.put(src.duplicate());
    }
    src.position(src.limit());
    return len;
  }

  /** A larger direct buffer holding {@code buffer}'s bytes up to its position, at least {@code size} long. */
  private ByteBuffer grown(ByteBuffer buffer, int size) throws TTransportException {
    long capacity = Math.min(HEADER + (long) maxFrameBytes, Math.max(size, 2L * buffer.capacity()));
    ByteBuffer larger = allocate((int) capacity);
    return larger.put(buffer.flip());
  }

  /**
   * A direct buffer: outside the heap, within the JVM's direct-memory limit (containers get one
   * eighth of their memory for it, see the launch command).
   */
  private ByteBuffer allocate(int size) throws TTransportException {
    try {
      return ByteBuffer.allocateDirect(size);
    } catch (OutOfMemoryError e) {
      close();
      throw new TTransportException(TTransportException.UNKNOWN, "no room for a frame buffer of " + size
          + " bytes outside the heap (-XX:MaxDirectMemorySize): give the containers more memory or lower the"
          + " frame limit (maxFrameBytes)", e);
    }
  }

  private long frameSize() {
    return writeBuffer.position() - HEADER + referencedBytes;
  }

  private void discardFrame() {
    writeBuffer.clear().position(HEADER);
    referenced.clear();
    referencedBytes = 0;
  }

  /** Sends the frame: header, copied writes and referenced ones in the order written, in one gathering write. */
  @Override
  public void flush() throws TTransportException {
    writeBuffer.putInt(0, (int) frameSize());
    ByteBuffer[] parts = new ByteBuffer[2 * referenced.size() + 1];
    int copiedFrom = 0;
    int i = 0;
    for (Piece piece : referenced) {
      parts[i++] = writeBuffer.slice(copiedFrom, piece.after - copiedFrom);
      parts[i++] = piece.bytes;
      copiedFrom = piece.after;
    }
    parts[i] = writeBuffer.slice(copiedFrom, writeBuffer.position() - copiedFrom);
    try {
      channel.writeFully(parts);
    } catch (IOException e) {
      close();   // part of the frame may be out: the peer would read the next message into it
      throw failure(e);
    } finally {
      discardFrame();
    }
  }

  @Override
  public TConfiguration getConfiguration() {
    return configuration;
  }

  @Override
  public void updateKnownMessageSize(long size) {
    // one message per frame: the frame limit bounds it
  }

  /** A field's length must lie within what is left of its frame (garbage announces anything). */
  @Override
  public void checkReadBytesAvailable(long numBytes) throws TTransportException {
    if (numBytes < 0 || numBytes > readBuffer.remaining()) {
      throw corrupted("a field of " + numBytes + " bytes in a frame with " + readBuffer.remaining() + " bytes left");
    }
  }

  /** A write sent from the caller's buffer, after the frame buffer's bytes up to {@code after}. */
  private static final class Piece {
    final int after;
    final ByteBuffer bytes;

    Piece(int after, ByteBuffer bytes) {
      this.after = after;
      this.bytes = bytes;
    }
  }
}

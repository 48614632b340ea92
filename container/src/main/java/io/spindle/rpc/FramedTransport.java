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
 * frame seen on the connection (at most the frame limit) and stays; a frame larger than any
 * before grows it as its bytes arrive, not as its header announces, so a header alone holds no
 * memory.
 *
 * <p>One message per frame: a message starts at a frame ({@link #startMessage}), whatever its
 * predecessor left unread, and may not run past its frame's end, so one malformed request cannot
 * put a connection's later messages out of step.
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
  private final long idleTimeoutMs;
  private boolean inMessage;
  private final TConfiguration configuration;
  /** The frame's header and its copied writes; referenced writes are sent between them. */
  private ByteBuffer writeBuffer = ByteBuffer.allocateDirect(4096);
  private final List<Piece> referenced = new ArrayList<>();
  private long referencedBytes;
  private final ByteBuffer header = ByteBuffer.allocateDirect(HEADER);
  private ByteBuffer readBuffer = ByteBuffer.allocateDirect(4096).limit(0);

  /** A connection that waits for each frame at most the channel's timeout (a client awaiting replies). */
  public FramedTransport(TimedChannel channel, int maxFrameBytes) {
    this(channel, maxFrameBytes, channel.timeoutMs());
  }

  /**
   * @param idleTimeoutMs how long to wait for a frame to begin (0: for ever, as a server's
   *     connection may idle between requests); once it has begun, its bytes must keep coming
   *     within the channel's timeout
   */
  public FramedTransport(TimedChannel channel, int maxFrameBytes, long idleTimeoutMs) {
    this.channel = channel;
    this.maxFrameBytes = maxFrameBytes;
    this.idleTimeoutMs = idleTimeoutMs;
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
      if (inMessage) {
        close();
        throw corrupted("a message runs past the end of its frame: the peer is not speaking this service's"
            + " framed Thrift");
      }
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

  /**
   * Starts reading a message at the next frame, dropping what is left of the last one (a request
   * whose arguments did not parse, bytes after a message): frames keep the connection in step.
   */
  void startMessage() throws TTransportException {
    inMessage = false;
    readBuffer.position(readBuffer.limit());
    readFrame();
    inMessage = true;
  }

  /** The message is read: a later read may start the next frame. */
  void endMessage() {
    inMessage = false;
  }

  private void readFrame() throws TTransportException {
    header.clear();
    fill(header, idleTimeoutMs, -1);
    int size = header.getInt(0);
    if (size < 0 || size > maxFrameBytes) {
      close();
      throw corrupted("Frame size (" + size + ") " + (size < 0 ? "is negative" : "larger than max length ("
          + maxFrameBytes + ")") + ": the peer is not speaking this service's framed Thrift, or sends more"
          + " than the frame limit");
    }
    readBuffer.clear().limit(Math.min(size, readBuffer.capacity()));
    fill(readBuffer, channel.timeoutMs(), size);
    while (readBuffer.position() < size) {
      readBuffer = grown(readBuffer, (int) Math.min(size, 2L * readBuffer.capacity()));
      readBuffer.limit(Math.min(size, readBuffer.capacity()));
      fill(readBuffer, channel.timeoutMs(), size);
    }
    readBuffer.flip();
  }

  /**
   * Fills {@code buffer} with a frame's header ({@code frameSize} -1) or part of its body. A
   * connection that failed partway through a frame has lost its place and is closed; a peer that
   * hung up there is named as such, not as a peer that left between requests.
   */
  private void fill(ByteBuffer buffer, long firstByteTimeoutMs, int frameSize) throws TTransportException {
    try {
      channel.readFully(buffer, firstByteTimeoutMs);
    } catch (IOException e) {
      boolean begun = frameSize >= 0 || buffer.position() > 0;
      int received = buffer.position();
      readBuffer.clear().limit(0);
      close();
      if (begun && e instanceof EOFException) {
        throw corrupted("the peer closed the connection " + (frameSize < 0 ? "within a frame's header"
            : "after " + received + " of " + frameSize + " bytes of a frame") + ": it stopped, or is not"
            + " speaking this service's framed Thrift");
      }
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
    String message = e.getMessage() != null ? e.getMessage()
        : "the connection is closed (" + e.getClass().getSimpleName() + ")";
    return new TTransportException(type, message, e);
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
      throw new OverLimitException("a message of more than " + maxFrameBytes + " bytes does not fit the frame limit"
          + " (maxFrameBytes); send it in parts", null);
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

  /** A direct buffer; where there is no room for it, the connection is closed and the error says what to change. */
  private ByteBuffer allocate(int size) throws TTransportException {
    try {
      return DirectMemory.allocate(size);
    } catch (IllegalStateException e) {
      close();
      throw new OverLimitException(e.getMessage(), e);
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

package io.spindle.rpc;

import java.nio.ByteBuffer;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TProtocolFactory;

/**
 * Thrift's binary protocol, byte for byte, with binary fields (tensors) that are never copied in
 * the process: a field read is a view over the frame it arrived in, and a field written is sent
 * from the caller's buffer (see {@link FramedTransport}). The stock protocol can do neither with
 * direct buffers: it reads binaries into fresh arrays and writes only array-backed ones.
 */
public final class TensorProtocol extends TBinaryProtocol {
  private final FramedTransport framed;

  public TensorProtocol(FramedTransport transport) {
    super(transport);
    this.framed = transport;
  }

  /** For servers: every connection they accept is a {@link FramedTransport}. */
  public static TProtocolFactory factory() {
    return transport -> new TensorProtocol((FramedTransport) transport);
  }

  /** A message starts at a frame, whatever the last one left unread ({@link FramedTransport#startMessage}). */
  @Override
  public TMessage readMessageBegin() throws TException {
    framed.startMessage();
    return super.readMessageBegin();
  }

  @Override
  public void readMessageEnd() throws TException {
    super.readMessageEnd();
    framed.endMessage();
  }

  /** A view over the frame's bytes, valid until the next frame is read on the connection. */
  @Override
  public ByteBuffer readBinary() throws TException {
    return framed.readSlice(readI32());
  }

  /** {@code bin}'s remaining bytes; they must not change until the message is flushed. */
  @Override
  public void writeBinary(ByteBuffer bin) throws TException {
    writeI32(bin.remaining());
    framed.write(bin.duplicate());
  }
}

package io.spindle.ps;

import io.spindle.thrift.ParameterServer;
import java.util.ArrayDeque;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocol;

/**
 * A ParameterServer client that may send several requests before it reads their replies, which
 * the server sends in order on a connection. Thrift's client checks a reply's sequence number
 * against the last request sent; this one checks it against the oldest request not yet answered.
 * Called one request at a time, it behaves as Thrift's.
 */
final class PipelinedClient extends ParameterServer.Client {
  private final ArrayDeque<Integer> unanswered = new ArrayDeque<>();

  PipelinedClient(TProtocol protocol) {
    super(protocol);
  }

  @Override
  protected void sendBase(String method, TBase<?, ?> args) throws TException {
    super.sendBase(method, args);
    unanswered.add(seqid_);
  }

  @Override
  protected void receiveBase(TBase<?, ?> result, String method) throws TException {
    Integer answered = unanswered.poll();
    if (answered == null) {
      throw new IllegalStateException("no " + method + " request awaits a reply");
    }
    int last = seqid_;
    seqid_ = answered;
    try {
      super.receiveBase(result, method);
    } finally {
      seqid_ = last;
    }
  }
}

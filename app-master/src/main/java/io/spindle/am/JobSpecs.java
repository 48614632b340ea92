package io.spindle.am;

import io.spindle.thrift.JobSpec;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TCompactProtocol;

/** The JobSpec file format: Thrift compact protocol, so every process reads the same typed spec. */
public final class JobSpecs {
  private JobSpecs() {}

  public static byte[] write(JobSpec spec) {
    try {
      return new TSerializer(new TCompactProtocol.Factory()).serialize(spec);
    } catch (TException e) {
      throw new IllegalStateException("cannot serialise the job spec: " + e.getMessage(), e);
    }
  }

  public static JobSpec read(byte[] bytes) {
    try {
      JobSpec spec = new JobSpec();
      new TDeserializer(new TCompactProtocol.Factory()).deserialize(spec, bytes);
      spec.validate();
      return spec;
    } catch (TException e) {
      throw new IllegalArgumentException("the job spec file is unreadable (" + e.getMessage()
          + "); was it written by another Spindle version?", e);
    }
  }
}

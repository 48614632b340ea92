package io.spindle.ml.kmeans;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Writable;

/** A block of partial statistics (doubles) between the map and reduce sides of a chain step. */
public final class Statistics implements Writable {
  private double[] values = new double[0];

  public Statistics() {}

  public Statistics(double[] values) {
    this.values = values;
  }

  public double[] values() {
    return values;
  }

  /** Adds another block of the same size. */
  public void add(Statistics other) {
    if (values.length == 0) {
      values = new double[other.values.length];
    }
    for (int i = 0; i < values.length; i++) {
      values[i] += other.values[i];
    }
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeInt(values.length);
    for (double v : values) {
      out.writeDouble(v);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    values = new double[in.readInt()];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readDouble();
    }
  }
}

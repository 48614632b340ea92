package io.spindle.ml;

import io.spindle.util.Json;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A model on HDFS: a directory with {@code parameters.bin} (magic, version, count, little-endian
 * floats) and {@code manifest.json} (algorithm, hyperparameters, features, metrics, clocks,
 * inputs, version). Written under a temporary name and renamed, so a reader never sees half a model.
 */
public final class ModelFiles {
  public static final String PARAMETERS = "parameters.bin";
  public static final String MANIFEST = "manifest.json";
  private static final int MAGIC = 0x53504E44;   // "SPND"
  private static final int FORMAT_VERSION = 1;

  private ModelFiles() {}

  public static void write(FileSystem fs, Path dir, float[] parameters, Map<String, Object> manifest) throws IOException {
    Path tmp = new Path(dir.getParent() == null ? dir : dir.getParent(), "." + dir.getName() + ".writing");
    fs.delete(tmp, true);
    fs.mkdirs(tmp);
    try (OutputStream out = fs.create(new Path(tmp, PARAMETERS))) {
      DataOutputStream data = new DataOutputStream(out);
      data.writeInt(MAGIC);
      data.writeInt(FORMAT_VERSION);
      data.writeInt(parameters.length);
      ByteBuffer le = ByteBuffer.allocate(parameters.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      le.asFloatBuffer().put(parameters);
      data.write(le.array());
    }
    try (OutputStream out = fs.create(new Path(tmp, MANIFEST))) {
      out.write(Json.write(manifest).getBytes(StandardCharsets.UTF_8));
    }
    if (fs.exists(dir)) {
      fs.delete(dir, true);
    }
    if (!fs.rename(tmp, dir)) {
      throw new IOException("could not move the model into place at " + dir);
    }
  }

  public static float[] readParameters(FileSystem fs, Path dir) throws IOException {
    Path file = new Path(dir, PARAMETERS);
    try (InputStream in = fs.open(file)) {
      DataInputStream data = new DataInputStream(in);
      if (data.readInt() != MAGIC) {
        throw new IOException(file + " is not a Spindle model file");
      }
      int version = data.readInt();
      if (version != FORMAT_VERSION) {
        throw new IOException(file + " has format version " + version + "; this Spindle reads version " + FORMAT_VERSION);
      }
      int count = data.readInt();
      byte[] bytes = new byte[count * Float.BYTES];
      data.readFully(bytes);
      float[] out = new float[count];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    }
  }
}

package io.spindle.ml;

import io.spindle.util.AtomicFiles;
import io.spindle.util.Json;
import io.spindle.ml.param.Floats;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A model on HDFS: a directory with {@code parameters.bin} (magic, version, count, little-endian
 * floats) and {@code manifest.json} (algorithm, hyperparameters, features, metrics, clocks,
 * inputs, version). Each file is written under a temporary name and renamed, the manifest last:
 * a directory with a manifest holds a whole model. Other files in the directory are left alone.
 */
public final class ModelFiles {
  public static final String PARAMETERS = "parameters.bin";
  public static final String MANIFEST = "manifest.json";
  private static final int MAGIC = 0x53504E44;   // "SPND"
  private static final int FORMAT_VERSION = 1;
  private static final int HEADER_BYTES = 3 * Integer.BYTES;   // magic, version, count

  private ModelFiles() {}

  public static void write(FileSystem fs, Path dir, float[] parameters, Map<String, Object> manifest) throws IOException {
    fs.mkdirs(dir);
    fs.delete(new Path(dir, MANIFEST), false);   // no manifest, no model: readers wait for the new one
    AtomicFiles.write(fs, new Path(dir, PARAMETERS), out -> {   // streamed: a model may be larger than an array of bytes
      DataOutputStream data = new DataOutputStream(out);
      data.writeInt(MAGIC);   // header big-endian, as DataInput reads it
      data.writeInt(FORMAT_VERSION);
      data.writeInt(parameters.length);
      Floats.write(data, parameters, parameters.length);
      data.flush();
    });
    AtomicFiles.write(fs, new Path(dir, MANIFEST), Json.write(manifest).getBytes(StandardCharsets.UTF_8));
  }

  public static float[] readParameters(FileSystem fs, Path dir) throws IOException {
    Path file = new Path(dir, PARAMETERS);
    long length = fs.getFileStatus(file).getLen();
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
      if (count < 0 || length != HEADER_BYTES + (long) count * Float.BYTES) {
        throw new IOException(file + " is damaged: its header counts " + count + " parameters, which take "
            + (HEADER_BYTES + (long) count * Float.BYTES) + " bytes, and the file has " + length);
      }
      float[] out = new float[count];
      Floats.read(data, out, count);
      return out;
    } catch (java.io.EOFException e) {
      throw new IOException(file + " is damaged: it ends before its header does (" + length + " bytes)", e);
    }
  }
}

package io.spindle.ml.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * MNIST-style IDX files (big-endian headers, optionally gzip): an image file (magic 0x803,
 * count, rows, columns, then unsigned bytes) and its label file (magic 0x801, count, bytes).
 * The label file sits beside the images with {@code images-idx3} replaced by {@code labels-idx1}
 * in the name. Pixels are scaled to [0, 1]; zero pixels are not stored.
 *
 * <p>Gzip cannot be split, so every worker streams the file and keeps examples i with
 * i mod workers = worker: the partition is a pure function of (input, workers, worker).
 */
public final class IdxFormat {
  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  private IdxFormat() {}

  /** Where the labels of an image file are. */
  public static String labelsFor(String images) {
    if (!images.contains("images-idx3")) {
      throw new IllegalArgumentException("cannot find the labels of " + images
          + ": an IDX image file's name must contain 'images-idx3' (its labels: 'labels-idx1')");
    }
    return images.replace("images-idx3", "labels-idx1");
  }

  /** Pixels per image, read from the header. */
  public static int features(Configuration conf, String images) throws IOException {
    try (DataInputStream in = open(conf, images)) {
      header(in, IMAGES_MAGIC, images);
      in.readInt();
      return in.readInt() * in.readInt();
    }
  }

  public static Examples read(Configuration conf, String images, int workers, int worker) throws IOException {
    return read(conf, images, workers, worker, Integer.MAX_VALUE);
  }

  /** The first {@code limit} images of the file. */
  public static Examples head(Configuration conf, String images, int limit) throws IOException {
    return read(conf, images, 1, 0, limit);
  }

  private static Examples read(Configuration conf, String images, int workers, int worker, int limit)
      throws IOException {
    String labels = labelsFor(images);
    try (DataInputStream img = open(conf, images); DataInputStream lab = open(conf, labels)) {
      header(img, IMAGES_MAGIC, images);
      int count = img.readInt();
      int pixels = img.readInt() * img.readInt();
      header(lab, LABELS_MAGIC, labels);
      int labelCount = lab.readInt();
      if (labelCount != count) {
        throw new IllegalArgumentException(images + " holds " + count + " images but " + labels + " " + labelCount
            + " labels");
      }
      Examples out = new Examples();
      byte[] image = new byte[pixels];
      int[] idx = new int[pixels];
      float[] val = new float[pixels];
      for (int i = 0; i < count && out.size() < limit; i++) {
        img.readFully(image);
        int label = lab.readUnsignedByte();
        if (i % workers != worker) {
          continue;
        }
        int n = 0;
        for (int p = 0; p < pixels; p++) {
          int v = image[p] & 0xff;
          if (v != 0) {
            idx[n] = p;
            val[n++] = v / 255f;
          }
        }
        out.add(label, idx, val, n);
      }
      return out;
    }
  }

  private static void header(DataInputStream in, int magic, String file) throws IOException {
    int found = in.readInt();
    if (found != magic) {
      throw new IllegalArgumentException(file + " is not an IDX " + (magic == IMAGES_MAGIC ? "image" : "label")
          + " file: magic number " + Integer.toHexString(found) + ", expected " + Integer.toHexString(magic));
    }
  }

  private static DataInputStream open(Configuration conf, String uri) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem(conf);
    if (!fs.exists(path)) {
      throw new IllegalArgumentException(uri + " does not exist");
    }
    InputStream raw = fs.open(path);
    return new DataInputStream(new java.io.BufferedInputStream(uri.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw,
        1 << 16));
  }
}

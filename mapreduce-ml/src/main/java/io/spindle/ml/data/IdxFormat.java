package io.spindle.ml.data;

import io.spindle.ml.param.ArraySizes;
import java.io.DataInputStream;
import java.io.EOFException;
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
      header(in, IMAGES_MAGIC, images);   // and the count
      return in.readInt() * in.readInt();
    } catch (EOFException e) {
      throw new IllegalArgumentException(images + " is not an IDX image file: it ends within the header");
    }
  }

  public static Examples read(Configuration conf, String images, int workers, int worker) throws IOException {
    return read(conf, images, workers, worker, 0, new BadRecords(0));
  }

  /**
   * Worker {@code worker}'s images of {@code workers} (every workers-th), for a model of {@code
   * classes} classes: an image whose label is not one of them is a bad record, counted in {@code
   * bad} and left out (0 classes: any label is kept).
   */
  public static Examples read(Configuration conf, String images, int workers, int worker, int classes,
                              BadRecords bad) throws IOException {
    return read(conf, images, workers, worker, Integer.MAX_VALUE, classes, bad);
  }

  /** The first {@code limit} images of the file. */
  public static Examples head(Configuration conf, String images, int limit) throws IOException {
    return read(conf, images, 1, 0, limit, 0, new BadRecords(0));
  }

  private static Examples read(Configuration conf, String images, int workers, int worker, int limit, int classes,
                               BadRecords bad) throws IOException {
    String labels = labelsFor(images);
    try (DataInputStream img = open(conf, images); DataInputStream lab = open(conf, labels)) {
      int count = header(img, IMAGES_MAGIC, images);
      int rows = img.readInt();
      int columns = img.readInt();
      if (rows <= 0 || columns <= 0 || (long) rows * columns > ArraySizes.MAX) {
        throw new IllegalArgumentException(images + " is damaged: its header gives images of " + rows + " x " + columns
            + " pixels");
      }
      int pixels = rows * columns;
      int labelCount = header(lab, LABELS_MAGIC, labels);
      if (labelCount != count) {
        throw new IllegalArgumentException(images + " holds " + count + " images but " + labels + " " + labelCount
            + " labels");
      }
      Examples out = new Examples();
      byte[] image = new byte[pixels];
      int[] idx = new int[pixels];
      float[] val = new float[pixels];
      for (int i = 0; i < count && out.size() < limit; i++) {
        int label;
        try {
          img.readFully(image);
        } catch (EOFException e) {
          throw truncated(images, "image", i, count);
        }
        try {
          label = lab.readUnsignedByte();
        } catch (EOFException e) {
          throw truncated(labels, "label", i, count);
        }
        if (i % workers != worker) {
          continue;
        }
        String problem = classes > 0 ? ClassLabels.notAClass(label, classes) : null;
        if (problem != null) {
          bad.bad(labels + ", label " + i, problem);
          continue;
        }
        bad.good();
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

  /** Checks the file's magic number and returns the count its header gives. */
  private static int header(DataInputStream in, int magic, String file) throws IOException {
    String kind = magic == IMAGES_MAGIC ? "image" : "label";
    int found;
    int count;
    try {
      found = in.readInt();
      count = in.readInt();
    } catch (EOFException e) {
      throw new IllegalArgumentException(file + " is not an IDX " + kind + " file: it ends within the header");
    }
    if (found != magic) {
      throw new IllegalArgumentException(file + " is not an IDX " + kind + " file: magic number "
          + Integer.toHexString(found) + ", expected " + Integer.toHexString(magic));
    }
    if (count < 0) {
      throw new IllegalArgumentException(file + " is damaged: its header counts " + count + " " + kind + "s");
    }
    return count;
  }

  private static IllegalArgumentException truncated(String file, String kind, int index, int count) {
    return new IllegalArgumentException(file + " is truncated: it ends at " + kind + " " + index + " of the " + count
        + " its header counts");
  }

  private static DataInputStream open(Configuration conf, String uri) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem(conf);
    if (!fs.exists(path)) {
      throw new IllegalArgumentException(uri + " does not exist");
    }
    InputStream raw = fs.open(path);
    InputStream bytes = raw;
    if (uri.endsWith(".gz")) {
      try {
        bytes = new GZIPInputStream(raw, 1 << 16);
      } catch (IOException e) {
        raw.close();
        throw new IllegalArgumentException(uri + " is named .gz but is not gzip data: " + e.getMessage(), e);
      }
    }
    return new DataInputStream(new java.io.BufferedInputStream(bytes, 1 << 16));
  }
}

package io.spindle.util;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Files that appear whole or not at all: written under a hidden temporary name, then renamed. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** What a file holds, written to its stream. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes {@code parts} one after another as the file's bytes (a header and a payload need no joining copy). */
  public static void write(FileSystem fs, Path target, byte[]... parts) throws IOException {
    write(fs, target, out -> {
      for (byte[] part : parts) {
        out.write(part);
      }
    });
  }

  /** Writes what {@code content} writes: a file larger than any array streams through. */
  public static void write(FileSystem fs, Path target, Content content) throws IOException {
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      content.writeTo(out);
    }
    // Rename refuses to replace a file; delete only then (one call less to the NameNode per write).
    if (!fs.rename(tmp, target) && !(fs.delete(target, false) && fs.rename(tmp, target))) {
      throw new IOException("could not move " + tmp + " into place at " + target);
    }
  }
}

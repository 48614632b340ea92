package io.spindle.ml.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class IdxFormatTest {
  private static final Configuration CONF = new Configuration();

  /** Three 2x2 images with labels 7, 1, 3, gzip-compressed, as MNIST ships. */
  private static File write(File dir) throws Exception {
    File images = new File(dir, "tiny-images-idx3-ubyte.gz");
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(new FileOutputStream(images)))) {
      out.writeInt(0x803);
      out.writeInt(3);
      out.writeInt(2);
      out.writeInt(2);
      out.write(new byte[] {0, (byte) 255, 0, 0, 51, 0, 0, 102, 0, 0, 0, 0});
    }
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(
        new FileOutputStream(new File(dir, "tiny-labels-idx1-ubyte.gz"))))) {
      out.writeInt(0x801);
      out.writeInt(3);
      out.write(new byte[] {7, 1, 3});
    }
    return images;
  }

  @Test
  void readsImagesAndLabelsSparselyAndPartitionsByIndex() throws Exception {
    String images = "file://" + write(Files.createTempDirectory("idx").toFile()).getAbsolutePath();
    assertEquals(4, IdxFormat.features(CONF, images));
    Examples all = IdxFormat.read(CONF, images, 1, 0);
    assertEquals(3, all.size());
    assertEquals(7f, all.label(0));
    assertEquals(1, all.end(0) - all.start(0), "zero pixels are not stored");
    assertEquals(1, all.indices()[0]);
    assertEquals(1f, all.values()[0]);
    assertEquals(0, all.end(2) - all.start(2));
    Examples second = IdxFormat.read(CONF, images, 2, 1);
    assertEquals(1, second.size());
    assertEquals(1f, second.label(0));
    assertEquals(0.4f, second.values()[second.start(0) + 1], 1e-6);
  }

  /** Labels 7, 1, 3 for a 5-class model: the 7 is a bad record, named and left out. */
  @Test
  void aLabelThatIsNotAClassIsABadRecord() throws Exception {
    String images = "file://" + write(Files.createTempDirectory("idx").toFile()).getAbsolutePath();
    BadRecords bad = new BadRecords(0);
    Examples kept = IdxFormat.read(CONF, images, 1, 0, 5, bad);
    assertEquals(2, kept.size());
    assertEquals(1f, kept.label(0));
    assertEquals(1, bad.count());
    assertEquals(3, bad.read());
    assertTrue(bad.first().get(0).contains("tiny-labels-idx1-ubyte.gz, label 0: label 7.0 is not a class of this"
        + " 5-class model (0 to 4)"), bad.first().toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.check("--set max-bad-records"));
    assertTrue(e.getMessage().contains("1 of 3 records are malformed"), e.getMessage());
  }

  @Test
  void aFileThatIsNotIdxIsRefusedByName() throws Exception {
    File dir = Files.createTempDirectory("idx").toFile();
    File bogus = new File(dir, "x-images-idx3-ubyte");
    Files.write(bogus.toPath(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IdxFormat.features(CONF, "file://" + bogus.getAbsolutePath()));
    assertTrue(e.getMessage().contains("is not an IDX image file"), e.getMessage());
  }

  /** A truncated file, and a .gz that is not gzip, are named with what is wrong. */
  @Test
  void aTruncatedOrMislabelledFileIsRefusedByName() throws Exception {
    File dir = Files.createTempDirectory("idx").toFile();
    File images = write(dir);
    byte[] whole;
    try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.FileInputStream(images))) {
      whole = in.readAllBytes();
    }
    try (java.io.OutputStream out = new GZIPOutputStream(new FileOutputStream(images))) {
      out.write(whole, 0, whole.length - 3);   // the last image cut short
    }
    IllegalArgumentException cut = assertThrows(IllegalArgumentException.class,
        () -> IdxFormat.read(CONF, "file://" + images.getAbsolutePath(), 1, 0));
    assertTrue(cut.getMessage().contains("tiny-images-idx3-ubyte.gz is truncated: it ends at image 2 of the 3"),
        cut.getMessage());
    Files.write(images.toPath(), whole);   // the bytes themselves, not gzip
    IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
        () -> IdxFormat.features(CONF, "file://" + images.getAbsolutePath()));
    assertTrue(plain.getMessage().contains("is named .gz but is not gzip data"), plain.getMessage());
  }

  @Test
  void theRealMnistHeaderIsRead() throws Exception {
    File mnist = new File(System.getProperty("spindle.datasets", "../../shared/datasets"), "mnist/train-images-idx3-ubyte.gz");
    assumeTrue(mnist.isFile(), "MNIST is not at " + mnist.getAbsolutePath());
    assertEquals(784, IdxFormat.features(CONF, "file://" + mnist.getAbsolutePath()));
  }
}

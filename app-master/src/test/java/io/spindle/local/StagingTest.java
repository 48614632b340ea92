package io.spindle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.client.UsageException;
import java.io.File;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What local copies in and out, with a directory of the local file system standing in for the embedded HDFS. */
class StagingTest {
  @TempDir
  File dir;

  @Test
  void twoInputsOfOneFileNameStayApart() throws Exception {
    File train = write("a/data.libsvm", "1 1:1\n");
    File test = write("b/data.libsvm", "0 2:1\n");
    FileSystem fs = FileSystem.getLocal(new Configuration());
    String[] staged = new Staging(new String[] {"train", "--train", train.getPath(), "--test", test.getPath(),
        "--output", new File(dir, "model").getPath()}).stageIn(fs, new Path(dir.getPath(), "cluster"));
    assertNotEquals(staged[2], staged[4]);
    assertEquals("1 1:1\n", read(fs, staged[2]));
    assertEquals("0 2:1\n", read(fs, staged[4]));
    assertTrue(staged[2].endsWith("/cluster/local" + train.getAbsolutePath()), "the copy names the file: " + staged[2]);
    assertTrue(staged[6].endsWith("/cluster/local" + new File(dir, "model").getAbsolutePath()), staged[6]);
  }

  @Test
  void anIdxImageFileWithoutItsLabelsIsAUsageError() throws Exception {
    File images = write("train-images-idx3-ubyte", "not read");
    UsageException e = assertThrows(UsageException.class, () -> new Staging(new String[] {"train", "--train",
        images.getPath()}).stageIn(FileSystem.getLocal(new Configuration()), new Path(dir.getPath(), "cluster")));
    assertTrue(e.getMessage().contains("train-labels-idx1-ubyte are missing"), e.getMessage());
  }

  @Test
  void aMissingLocalInputIsAUsageErrorBeforeAnyClusterStarts() {
    String missing = new File(dir, "missing.libsvm").getPath();
    UsageException e = assertThrows(UsageException.class, () -> new Staging(new String[] {"train", "--train", missing}));
    assertEquals("--train " + missing + " does not exist", e.getMessage());
  }

  @Test
  void resumeIsAUsageErrorBeforeAnyClusterStarts() {
    UsageException e = assertThrows(UsageException.class, () -> new Staging(new String[] {"train", "--resume",
        new File(dir, "model").getPath()}));
    assertTrue(e.getMessage().contains("--resume cannot be used with local"), e.getMessage());
  }

  /** --output=PATH is the same flag to the parser: its path is copied back like any other, and checked first. */
  @Test
  void aFlagWrittenWithItsValueIsStagedToo() throws Exception {
    File model = new File(dir, "model");
    Staging staging = new Staging(new String[] {"train", "--output=" + model.getPath()});
    staging.stageIn(FileSystem.getLocal(new Configuration()), new Path(dir.getPath(), "cluster"));
    assertEquals(java.util.List.of(model.getAbsolutePath()), staging.localOutputs());
    UsageException e = assertThrows(UsageException.class, () -> new Staging(new String[] {"train",
        "--output=" + dir.getPath()}));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertThrows(UsageException.class, () -> new Staging(new String[] {"selftest", "--detach=true"}));
  }

  @Test
  void outputsAreNamedByTheirLocalPaths() throws Exception {
    File model = new File(dir, "model");
    Staging staging = new Staging(new String[] {"train", "--output", model.getPath(), "--output", model.getPath()});
    staging.stageIn(FileSystem.getLocal(new Configuration()), new Path(dir.getPath(), "cluster"));
    assertEquals(java.util.List.of(model.getAbsolutePath()), staging.localOutputs(), "named twice, copied back once");
  }

  private File write(String name, String text) throws Exception {
    File f = new File(dir, name);
    f.getParentFile().mkdirs();
    Files.writeString(f.toPath(), text);
    return f;
  }

  private static String read(FileSystem fs, String uri) throws Exception {
    try (java.io.InputStream in = fs.open(new Path(uri))) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}

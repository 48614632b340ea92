package io.spindle.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/**
 * Model files must stay readable across versions. The golden model in
 * src/test/resources/golden/logreg-v1 was written by format version 1 with
 * {@code ModelFiles.write(rawLocalFs, dir, new float[] {0.5f, -1.25f, 2.0f, 0.125f}, manifest)};
 * regenerate it the same way only when the format version changes, and keep the old one.
 */
class ModelFilesTest {
  private static final FileSystem FS = localFs();

  private static FileSystem localFs() {
    try {
      return FileSystem.getLocal(new Configuration()).getRaw();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theVersionOneGoldenModelStillLoads() throws Exception {
    Path golden = new Path(new File("src/test/resources/golden/logreg-v1").getAbsolutePath());
    assertArrayEquals(new float[] {0.5f, -1.25f, 2.0f, 0.125f}, ModelFiles.readParameters(FS, golden));
  }

  @Test
  void writeThenReadRoundTripsAndReplacesWhole() throws Exception {
    Path dir = new Path(Files.createTempDirectory("model").toString(), "m");
    ModelFiles.write(FS, dir, new float[] {1, 2, 3}, Map.of("algorithm", "svm"));
    ModelFiles.write(FS, dir, new float[] {4, 5}, Map.of("algorithm", "svm"));
    assertArrayEquals(new float[] {4, 5}, ModelFiles.readParameters(FS, dir));
    assertTrue(FS.exists(new Path(dir, ModelFiles.MANIFEST)));
  }

  @Test
  void aDamagedModelFileIsRefusedByNameAndNeverReadAsShorter() throws Exception {
    Path dir = new Path(Files.createTempDirectory("damaged").toString(), "m");
    ModelFiles.write(FS, dir, new float[] {1, 2, 3}, Map.of("algorithm", "svm"));
    File file = new File(new Path(dir, ModelFiles.PARAMETERS).toUri().getPath());
    byte[] whole = Files.readAllBytes(file.toPath());
    Files.write(file.toPath(), java.util.Arrays.copyOf(whole, whole.length - 1));
    IOException cut = assertThrows(IOException.class, () -> ModelFiles.readParameters(FS, dir));
    assertTrue(cut.getMessage().contains(ModelFiles.PARAMETERS + " is damaged: its header counts 3 parameters"),
        cut.getMessage());
    Files.write(file.toPath(), java.util.Arrays.copyOf(whole, 6));
    IOException header = assertThrows(IOException.class, () -> ModelFiles.readParameters(FS, dir));
    assertTrue(header.getMessage().contains("ends before its header does"), header.getMessage());
  }

  @Test
  void aFileThatIsNotAModelIsRefusedByName() throws Exception {
    Path dir = new Path(Files.createTempDirectory("notmodel").toString());
    Files.write(new File(dir.toString(), ModelFiles.PARAMETERS).toPath(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    IOException e = assertThrows(IOException.class, () -> ModelFiles.readParameters(FS, dir));
    assertTrue(e.getMessage().contains("is not a Spindle model file"), e.getMessage());
  }
}

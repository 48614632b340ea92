package io.spindle.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckpointStoreTest {
  private FileSystem fs;
  private Path root;
  private CheckpointStore store;

  @BeforeEach
  void setUp() throws Exception {
    fs = FileSystem.getLocal(new Configuration()).getRaw();
    root = new Path(Files.createTempDirectory("ckpt").toString());
    store = new CheckpointStore(fs, root, 0, 2);
  }

  @Test
  void keepsTheLastKCommittedCheckpoints() throws Exception {
    for (int clock : new int[] {3, 6, 9}) {
      store.write(clock, new byte[] {(byte) clock, 1, 2});
      store.prune(0);
    }
    assertEquals(List.of(6, 9), store.committedClocks());
    assertArrayEquals(new byte[] {9, 1, 2}, store.read(9));
    // The newest checkpoint every shard holds survives checkpoints only this shard took.
    store.write(12, new byte[] {12});
    store.prune(6);
    store.write(15, new byte[] {15});
    store.prune(6);
    assertEquals(List.of(6, 12, 15), store.committedClocks());
  }

  /** A relaunched shard removes what its dead predecessor left half-written, and keeps its checkpoints. */
  @Test
  void leftoversOfAWriterThatDiedAreRemoved() throws Exception {
    store.write(10, new byte[] {10});
    Path dir = new Path(root, "shard-0");
    fs.create(new Path(dir, ".clock-20.ckpt.tmp")).close();   // died while writing
    fs.create(new Path(dir, "clock-30.ckpt")).close();        // died before its commit marker
    CheckpointStore relaunched = new CheckpointStore(fs, root, 0, 2);
    relaunched.prepare();
    assertTrue(!fs.exists(new Path(dir, ".clock-20.ckpt.tmp")) && !fs.exists(new Path(dir, "clock-30.ckpt")));
    assertEquals(List.of(10), relaunched.committedClocks());
    assertArrayEquals(new byte[] {10}, relaunched.read(10));
  }

  /**
   * A checkpoint of an abandoned timeline that cannot be removed is an error of its own kind (the
   * shard exits on it): a file system that answers no to deletes, as one without permission does.
   */
  @Test
  void anAbandonedCheckpointThatCannotBeRemovedIsNamed() throws Exception {
    store.write(10, new byte[] {10});
    store.write(20, new byte[] {20});
    FileSystem refusing = new org.apache.hadoop.fs.FilterFileSystem(fs) {
      @Override
      public boolean delete(Path f, boolean recursive) {
        return false;
      }
    };
    CheckpointStore relaunched = new CheckpointStore(refusing, root, 0, 2);
    CheckpointStore.AbandonedKept e = assertThrows(CheckpointStore.AbandonedKept.class, () -> relaunched.discardAfter(10));
    assertTrue(e.getMessage().contains("clock 20"), e.getMessage());
    store.discardAfter(10);   // where deletes work, the same discard leaves clock 10 alone
    assertEquals(List.of(10), store.committedClocks());
  }

  /** Bytes damaged under a checksummed file system fail its own check first: unusable all the same. */
  @Test
  void aCheckpointTheFileSystemFindsDamagedIsUnusable() throws Exception {
    FileSystem checksummed = FileSystem.getLocal(new Configuration());
    CheckpointStore guarded = new CheckpointStore(checksummed, root, 1, 2);
    byte[] payload = new byte[4096];
    Arrays.fill(payload, (byte) 7);
    guarded.write(3, payload);
    byte[] bytes;
    try (InputStream in = fs.open(guarded.data(3))) {
      bytes = in.readAllBytes();
    }
    bytes[bytes.length - 1] ^= 1;   // past the store's header, beside the file system's checksum file
    try (OutputStream out = fs.create(guarded.data(3), true)) {
      out.write(bytes);
    }
    IOException e = assertThrows(CheckpointStore.Unusable.class, () -> guarded.read(3));
    assertTrue(e.getMessage().contains("clock-3.ckpt is corrupt or lost"), e.getMessage());
  }

  @Test
  void aCheckpointWhoseWriterDiedMidwayIsNeverListed() throws Exception {
    store.write(3, new byte[] {1});
    // A writer killed after the data file but before the commit marker.
    try (OutputStream out = fs.create(store.data(6))) {
      out.write(new byte[] {1, 2, 3});
    }
    assertEquals(List.of(3), store.committedClocks());
    IOException e = assertThrows(CheckpointStore.Unusable.class, () -> store.read(6));
    assertTrue(e.getMessage().contains("has no commit marker"), e.getMessage());
    fs.delete(store.data(3), false);
    e = assertThrows(CheckpointStore.Unusable.class, () -> store.read(3));
    assertTrue(e.getMessage().contains("clock-3.ckpt is missing"), e.getMessage());
  }

  /**
   * A file system that cannot be reached says nothing about the checkpoint: it is not reported
   * unusable, so its shard reads it again instead of the job falling back to an older one.
   */
  @Test
  void anUnreachableFileSystemDoesNotMakeACheckpointUnusable() throws Exception {
    Configuration conf = new Configuration();
    conf.setInt("ipc.client.connect.max.retries", 0);
    conf.setInt("ipc.client.connect.max.retries.on.timeouts", 0);
    conf.setBoolean("fs.hdfs.impl.disable.cache", true);
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
      int port = closed.getLocalPort();
      closed.close();
      FileSystem down = new Path("hdfs://127.0.0.1:" + port + "/").getFileSystem(conf);
      IOException e = assertThrows(IOException.class,
          () -> new CheckpointStore(down, new Path("/ckpt"), 0, 2).read(3));
      assertTrue(!(e instanceof CheckpointStore.Unusable), "not the checkpoint's fault: " + e);
      down.close();
    }
  }

  @Test
  void aCorruptCheckpointIsDetectedByItsChecksum() throws Exception {
    store.write(3, new byte[] {1, 2, 3, 4});
    byte[] file = bytesOf(store.data(3));
    file[file.length - 2] ^= 8;   // same length, one payload bit flipped
    rewrite(store.data(3), file);
    assertCorrupt(3, "with CRC");
  }

  @Test
  void aTruncatedCheckpointIsCorrupt() throws Exception {
    store.write(3, new byte[] {1, 2, 3, 4});
    byte[] file = bytesOf(store.data(3));
    rewrite(store.data(3), Arrays.copyOf(file, file.length - 1));
    assertCorrupt(3, "3 bytes");
    rewrite(store.data(3), Arrays.copyOf(file, 5));   // cut inside the header
    assertCorrupt(3, "checkpoint header");
  }

  /** After a rollback, the checkpoints of the abandoned timeline go, those up to its clock stay. */
  @Test
  void checkpointsAfterARollbackClockAreDiscarded() throws Exception {
    for (int clock : new int[] {3, 6, 9}) {
      store.write(clock, new byte[] {(byte) clock});
    }
    CheckpointStore relaunched = new CheckpointStore(fs, root, 0, 2);   // lists what is on disk
    relaunched.discardAfter(3);
    assertEquals(List.of(3), relaunched.committedClocks());
    assertTrue(!fs.exists(store.data(6)) && !fs.exists(store.data(9)), "data files removed too");
    relaunched.write(6, new byte[] {60});
    assertArrayEquals(new byte[] {60}, relaunched.read(6));
  }

  @Test
  void theCommitMarkerIsAnEmptyFile() throws Exception {
    store.write(3, new byte[] {1, 2, 3, 4});
    assertEquals(0, fs.getFileStatus(store.marker(3)).getLen());
  }

  private void assertCorrupt(int clock, String detail) {
    IOException e = assertThrows(CheckpointStore.Unusable.class, () -> store.read(clock));
    assertTrue(e.getMessage().contains("is corrupt"), e.getMessage());
    assertTrue(e.getMessage().contains("clock-" + clock + ".ckpt"), "names the file: " + e.getMessage());
    assertTrue(e.getMessage().contains(detail), "says what is wrong: " + e.getMessage());
  }

  private byte[] bytesOf(Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return in.readAllBytes();
    }
  }

  private void rewrite(Path path, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(path, true)) {
      out.write(bytes);
    }
  }
}

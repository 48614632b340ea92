package io.spindle.ps;

import io.spindle.ml.param.ArraySizes;
import io.spindle.util.AtomicFiles;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard's checkpoints on HDFS: {@code shard-S/clock-C.ckpt}, the payload behind a header
 * with its length and CRC-32, written under a temporary name and renamed into place; then an
 * empty commit marker {@code clock-C.ok}. A checkpoint whose writer died midway has no marker and
 * is never used; one whose bytes do not match its header is reported corrupt.
 *
 * <p>The marker is empty, and the checksum travels in the data file, because every HDFS file with
 * bytes costs a block, a DataNode write and a wait for the NameNode to learn of it: without a
 * second such file a checkpoint takes about half the CPU and half the time it took with one.
 */
public final class CheckpointStore {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final Pattern MARKER = Pattern.compile("clock-(\\d+)\\.ok");
  private static final Pattern DATA = Pattern.compile("clock-(\\d+)\\.ckpt");
  private static final int MAGIC = 0x53504b43;   // "SPKC"
  private static final int HEADER = Integer.BYTES + Long.BYTES + Integer.BYTES;   // magic, length, CRC-32
  /** The largest payload: a checkpoint file is written from one array, its header included. */
  static final int MAX_PAYLOAD = ArraySizes.MAX - HEADER;

  private final FileSystem fs;
  private final Path dir;
  private final int kept;
  private TreeSet<Integer> held;   // committed clocks, listed once: this store is their one writer
  private boolean prepared;

  public CheckpointStore(FileSystem fs, Path root, int shard, int kept) {
    this.fs = fs;
    this.dir = new Path(root, "shard-" + shard);
    this.kept = Math.max(1, kept);
  }

  Path data(int clock) {
    return new Path(dir, "clock-" + clock + ".ckpt");
  }

  Path marker(int clock) {
    return new Path(dir, "clock-" + clock + ".ok");
  }

  /**
   * Creates this shard's directory, lists its checkpoints and writes a probe file there: a
   * directory that cannot take a checkpoint shows up now, and the write path (connections,
   * classes, compiled code) is warm before the first checkpoint competes with training for CPU.
   * What a writer that died left (a half-written temporary file, a checkpoint without its commit
   * marker) is removed: nothing would ever read it, and a checkpoint can take gigabytes.
   */
  public void prepare() throws IOException {
    if (!prepared) {
      held();
      removeLeftovers();
      Path probe = new Path(dir, ".probe");
      AtomicFiles.write(fs, probe, new byte[] {1});
      fs.delete(probe, false);
      prepared = true;
    }
  }

  private TreeSet<Integer> held() throws IOException {
    if (held == null) {
      fs.mkdirs(dir);
      held = new TreeSet<>(committedClocks());
    }
    return held;
  }

  /** Writes and commits the checkpoint of {@code clock}; {@link #prune} removes the old ones. */
  public void write(int clock, byte[] payload) throws IOException {
    prepare();
    ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).putLong(payload.length)
        .putInt(crc(payload, 0, payload.length));
    AtomicFiles.write(fs, data(clock), header.array(), payload);   // no copy of a payload of up to 2 GB
    fs.create(marker(clock), true).close();   // empty: its name is the commit
    held.add(clock);
  }

  private void removeLeftovers() throws IOException {
    for (FileStatus status : fs.listStatus(dir)) {
      String name = status.getPath().getName();
      Matcher data = DATA.matcher(name);
      // The marker is looked for again: one that appeared since the listing (a writer of a lost
      // attempt, still running) commits its data, which is then not a leftover.
      boolean uncommitted = data.matches() && !held.contains(Integer.parseInt(data.group(1)))
          && !fs.exists(marker(Integer.parseInt(data.group(1))));
      if (uncommitted || (name.startsWith(".") && name.endsWith(".tmp"))) {
        LOG.info("Removing {}, left by a checkpoint writer that did not finish", status.getPath());
        fs.delete(status.getPath(), false);
      }
    }
  }

  /** Clocks with a commit marker, oldest first. */
  public List<Integer> committedClocks() throws IOException {
    TreeSet<Integer> clocks = new TreeSet<>();
    if (fs.exists(dir)) {
      for (FileStatus status : fs.listStatus(dir)) {
        Matcher m = MARKER.matcher(status.getPath().getName());
        if (m.matches()) {
          clocks.add(Integer.parseInt(m.group(1)));
        }
      }
    }
    return new ArrayList<>(clocks);
  }

  /** The checkpoint's payload, verified against its header; read once into an array of its size. */
  public byte[] read(int clock) throws IOException {
    if (!fs.exists(marker(clock))) {
      throw new Unusable("checkpoint " + data(clock) + " has no commit marker: its writer did not finish");
    }
    long fileLength;
    try {
      fileLength = fs.getFileStatus(data(clock)).getLen();
    } catch (java.io.FileNotFoundException e) {
      throw new Unusable("checkpoint " + data(clock) + " is missing: only its commit marker is there");
    }
    try (DataInputStream in = new DataInputStream(fs.open(data(clock)))) {
      if (fileLength < HEADER || in.readInt() != MAGIC) {
        throw new Unusable("checkpoint " + data(clock) + " is corrupt: " + fileLength
            + " bytes that do not start with a checkpoint header");
      }
      long length = in.readLong();
      int expected = in.readInt();
      if (length != fileLength - HEADER || length > MAX_PAYLOAD) {
        throw new Unusable("checkpoint " + data(clock) + " is corrupt: " + (fileLength - HEADER)
            + " bytes of payload, its header says " + length + " (at most " + MAX_PAYLOAD + " are written)");
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      int actual = crc(payload, 0, payload.length);
      if (actual != expected) {
        throw new Unusable("checkpoint " + data(clock) + " is corrupt: " + length + " bytes with CRC "
            + Integer.toHexString(actual) + ", its header says CRC " + Integer.toHexString(expected));
      }
      return payload;
    } catch (org.apache.hadoop.fs.ChecksumException | org.apache.hadoop.hdfs.BlockMissingException e) {
      // The file system's own checks come first: damaged bytes, or a block no DataNode holds.
      throw new Unusable("checkpoint " + data(clock) + " is corrupt or lost: " + e.getMessage());
    }
  }

  /**
   * The checkpoint's files say it cannot be used (no marker, missing, corrupt): reading again will
   * not help. Any other IOException from {@link #read} is the file system's, and may pass.
   */
  public static final class Unusable extends IOException {
    Unusable(String message) {
      super(message);
    }
  }

  /** A checkpoint of an abandoned timeline that could not be removed: a later resume could take it for good. */
  public static final class AbandonedKept extends IOException {
    AbandonedKept(String message, IOException cause) {
      super(message, cause);
    }
  }

  private static int crc(byte[] bytes, int from, int count) {
    CRC32 crc = new CRC32();
    crc.update(bytes, from, count);
    return (int) crc.getValue();
  }

  /**
   * Removes all but the newest few checkpoints and {@code protectedClock}: the newest every shard
   * holds, as the coordinator says once told of the newest here (a shard that took checkpoints
   * the others missed must not lose the one they share).
   */
  public void prune(int protectedClock) throws IOException {
    for (int clock : surplus(held, kept, protectedClock)) {
      remove(clock);
      LOG.debug("Removed checkpoint of clock {}", clock);
    }
  }

  /**
   * Removes the checkpoints after {@code clock}: after a rollback to it they hold an abandoned
   * timeline, and a later resume must not take one of them for the shard's state beside other
   * shards' checkpoints of the timeline that replaced it.
   */
  public void discardAfter(int clock) throws IOException {
    for (int abandoned : new ArrayList<>(held().tailSet(clock, false))) {
      try {
        remove(abandoned);
      } catch (IOException e) {
        throw new AbandonedKept("the checkpoint of clock " + abandoned + " at " + data(abandoned) + " could not be"
            + " removed: " + e.getMessage(), e);
      }
    }
  }

  private void remove(int clock) throws IOException {
    delete(marker(clock));   // the marker first: a half-removed checkpoint is never listed
    delete(data(clock));
    held.remove(clock);
  }

  /** Deletes the file; a file system that answers no, and still has it, is an error. */
  private void delete(Path file) throws IOException {
    if (!fs.delete(file, false) && fs.exists(file)) {
      throw new IOException("could not delete " + file);
    }
  }

  /**
   * The checkpoints to remove of those held: all but the newest {@code kept} and
   * {@code protectedClock}. The shards prune their files by this rule and the coordinator its
   * record of them, so the two agree.
   */
  public static List<Integer> surplus(java.util.SortedSet<Integer> held, int kept, int protectedClock) {
    List<Integer> oldest = new ArrayList<>(held).subList(0, Math.max(0, held.size() - Math.max(1, kept)));
    List<Integer> out = new ArrayList<>(oldest);
    out.remove(Integer.valueOf(protectedClock));
    return out;
  }
}

package io.spindle.ml.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/**
 * Reads one worker's share of a text dataset through Hadoop's TextInputFormat: every worker
 * computes the same split list and takes splits i with i mod workers = worker, so the partition
 * is a pure function of (input, workers, worker).
 */
public final class SplitReader {
  private final Configuration conf;

  public SplitReader(Configuration conf) {
    this.conf = conf;
  }

  /** The splits of the input, in a fixed order. Uses small splits so that every worker gets some. */
  public List<FileSplit> splits(String input, int workers) throws IOException {
    // At least four splits per worker, so that partitions are balanced even for one small file.
    long target = Math.max(1, bytes(input) / (4L * workers));
    Job job = job(input);
    FileInputFormat.setMaxInputSplitSize(job, target);
    List<FileSplit> out = new ArrayList<>();
    for (InputSplit s : new TextInputFormat().getSplits(job)) {
      out.add((FileSplit) s);
    }
    return out;
  }

  /**
   * The bytes of the input as a text job reads it: a file, or a directory's files (hidden ones,
   * named {@code _*} or {@code .*}, aside). Zero where there is nothing to read.
   */
  public long bytes(String input) throws IOException {
    long total = 0;
    try {
      for (InputSplit s : new TextInputFormat().getSplits(job(input))) {
        total += ((FileSplit) s).getLength();
      }
    } catch (org.apache.hadoop.mapreduce.lib.input.InvalidInputException e) {
      throw new IllegalArgumentException("cannot read input " + input + ": " + e.getMessage(), e);
    }
    return total;
  }

  private Job job(String input) throws IOException {
    Job job = Job.getInstance(conf);
    FileInputFormat.addInputPath(job, new Path(input));
    return job;
  }

  /** Reads this worker's splits into examples, counting bad records. */
  public Examples read(String input, int workers, int worker, LineParser parser, BadRecords bad) throws IOException {
    List<FileSplit> splits = splits(input, workers);
    Examples examples = new Examples();
    for (int i = worker; i < splits.size(); i += workers) {
      readSplit(splits.get(i), parser, examples, bad, Integer.MAX_VALUE);
    }
    return examples;
  }

  /** The first {@code limit} records of the input in file and split order, whatever the partitioning. */
  public Examples head(String input, int limit, LineParser parser, BadRecords bad) throws IOException {
    Examples examples = new Examples();
    for (FileSplit split : splits(input, 1)) {
      if (examples.size() >= limit) {
        break;
      }
      readSplit(split, parser, examples, bad, limit);
    }
    return examples;
  }

  private void readSplit(FileSplit split, LineParser parser, Examples into, BadRecords bad, int limit)
      throws IOException {
    TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID());
    try (LineRecordReader reader = new LineRecordReader()) {
      reader.initialize(split, context);
      while (into.size() < limit && reader.nextKeyValue()) {
        LongWritable offset = reader.getCurrentKey();
        Text line = reader.getCurrentValue();
        if (parser.isHeader(offset.get())) {
          continue;
        }
        try {
          if (parser.parse(line.toString(), into)) {
            bad.good();
          }
        } catch (BadRecordException e) {
          bad.bad(split.getPath() + " at byte " + offset.get(), e.getMessage());
        }
      }
    }
  }
}

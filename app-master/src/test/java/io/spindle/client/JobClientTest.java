package io.spindle.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ml.param.Consistency;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.ResourceSpec;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a failed job's client removes from its output: only its own, and only with nothing to resume. */
class JobClientTest {
  private static final ApplicationId OURS = ApplicationId.newInstance(1700000000000L, 1);
  private static final ApplicationId THEIRS = ApplicationId.newInstance(1700000000000L, 2);

  @TempDir
  File dir;

  private JobSpec spec(File output) {
    return new JobSpec("train", 1, 1, Consistency.bsp().toSpec(), new ResourceSpec(128, 1), new ResourceSpec(128, 1))
        .setOutputUri("file://" + output.getAbsolutePath())
        .setCheckpointDir("file://" + output.getAbsolutePath() + "/_checkpoints");
  }

  private File output(String name, ApplicationId writer) throws Exception {
    File output = new File(dir, name);
    File checkpoints = new File(output, "_checkpoints");
    assertTrue(new File(checkpoints, "shard-0").mkdirs());
    Files.writeString(new File(checkpoints, "spec").toPath(), "saved");
    Files.writeString(new File(checkpoints, JobClient.APPLICATION).toPath(), writer.toString(), StandardCharsets.UTF_8);
    return output;
  }

  @Test
  void onlyItsOwnOutputWithoutCheckpointsIsRemoved() throws Exception {
    try (JobClient client = new JobClient(new Configuration(), System.out)) {
      File ours = output("ours", OURS);
      assertTrue(client.removeIfNothingToResume(spec(ours), OURS));
      assertFalse(ours.exists());

      File taken = output("taken", THEIRS);   // another job started on the same output
      assertFalse(client.removeIfNothingToResume(spec(taken), OURS));
      assertTrue(new File(taken, "_checkpoints/spec").exists());

      File resumable = output("resumable", OURS);
      Files.writeString(new File(resumable, "_checkpoints/shard-0/clock-4.ok").toPath(), "");
      assertFalse(client.removeIfNothingToResume(spec(resumable), OURS), "a committed checkpoint is kept to resume");
      assertTrue(resumable.exists());
    }
  }
}

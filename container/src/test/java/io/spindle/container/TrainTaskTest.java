package io.spindle.container;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ml.param.Consistency;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.ResourceSpec;
import io.spindle.thrift.Role;
import io.spindle.thrift.TaskId;
import java.io.File;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a worker reads before it trains. */
class TrainTaskTest {
  @TempDir
  File dir;

  /** Worker 0 reads the test set with its partition: a bad one fails the job before the training, not after it. */
  @Test
  void aBadTestSetFailsWorkerZeroBeforeItTrains() throws Exception {
    File train = new File(dir, "train.libsvm");
    Files.writeString(train.toPath(), "+1 1:1\n-1 2:1\n".repeat(50));
    File test = new File(dir, "test.libsvm");
    Files.writeString(test.toPath(), "+1 1:1\n-1 oops\n");
    JobSpec spec = new JobSpec("train", 2, 1, Consistency.bsp().toSpec(), new ResourceSpec(128, 1),
        new ResourceSpec(128, 1)).setAlgorithm("logreg").setFormat("libsvm").setFeatures(2).setEpochs(1)
        .setTrainUri("file://" + train.getAbsolutePath()).setTestUri("file://" + test.getAbsolutePath())
        .setSettings(Map.of());
    Map<String, Double> live = new HashMap<>();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TrainTask(spec, new TaskId(Role.WORKER, 0, 0), live));
    assertTrue(e.getMessage().contains("test.libsvm at byte 7"), e.getMessage());
    new TrainTask(spec, new TaskId(Role.WORKER, 1, 0), live);   // the other workers never read it
  }
}

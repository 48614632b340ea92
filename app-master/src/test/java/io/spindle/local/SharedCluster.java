package io.spindle.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * One embedded cluster (2 NodeManagers advertising 2 yarn.io/gpu each) for every integration
 * test class in the JVM: starting takes seconds, stopping tens of seconds, so it is paid once and
 * the cluster is stopped when the test JVM exits.
 */
public final class SharedCluster {
  private static LocalCluster cluster;

  private SharedCluster() {}

  public static synchronized LocalCluster get() {
    if (cluster == null) {
      try {
        File dir = Files.createTempDirectory(new File("target").toPath(), "it-cluster").toFile();
        cluster = LocalCluster.start(2, 2, dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop-shared-cluster"));
    }
    return cluster;
  }
}

package io.spindle.local;

import io.spindle.am.Launch;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ResourceInformation;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.util.resource.DominantResourceCalculator;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;

/**
 * An embedded HDFS (one DataNode) and YARN with MapReduce (N NodeManagers) in this JVM: what {@code spindle
 * local} runs on, and what every integration test shares (one per test class).
 *
 * <p>Containers are real processes. They get this JVM's classpath as the cluster's application
 * classpath and this JVM's java, so the shipped jar runs exactly as on a cluster.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(2, 2, workDir)) {
 *   new SpindleCli(out).withConf(cluster.conf()).run(args);
 * }
 * }</pre>
 */
public final class LocalCluster implements AutoCloseable {
  /**
   * The embedded web apps (Jersey, Guice) log their start-up through java.util.logging, at INFO
   * and WARNING, outside log4j's reach. Held here: java.util.logging keeps its loggers weakly.
   */
  private static final java.util.logging.Logger[] WEB_APP_LOGGERS = {
      java.util.logging.Logger.getLogger("com.sun.jersey"), java.util.logging.Logger.getLogger("com.google.inject")};

  private final MiniDFSCluster dfs;
  private final MiniYARNCluster yarn;
  private final Configuration conf;
  private final File workDir;

  private LocalCluster(MiniDFSCluster dfs, MiniYARNCluster yarn, Configuration conf, File workDir) {
    this.dfs = dfs;
    this.yarn = yarn;
    this.conf = conf;
    this.workDir = workDir;
  }

  /**
   * @param nodes NodeManagers to run
   * @param gpusPerNode when above 0, NodeManagers advertise this many {@code yarn.io/gpu}
   * @param workDir where HDFS blocks, NodeManager dirs and configuration go; created if missing
   */
  public static LocalCluster start(int nodes, int gpusPerNode, File workDir) throws IOException {
    if (nodes < 1) {
      throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
    }
    if (gpusPerNode < 0) {
      throw new IllegalArgumentException("--gpus-per-node must be 0 or more, got " + gpusPerNode);
    }
    Files.createDirectories(workDir.toPath());
    for (java.util.logging.Logger logger : WEB_APP_LOGGERS) {
      logger.setLevel(java.util.logging.Level.SEVERE);
    }
    YarnConfiguration conf = new YarnConfiguration();
    conf.set("hadoop.tmp.dir", new File(workDir, "tmp").getAbsolutePath());
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(workDir, "hdfs").getAbsolutePath());
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, 6144);
    conf.setInt(YarnConfiguration.NM_VCORES, 8);
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    // Stopping containers and the cluster is slow by default (seconds of grace per container).
    conf.setLong(YarnConfiguration.NM_SLEEP_DELAY_BEFORE_SIGKILL_MS, 100);
    conf.setLong(YarnConfiguration.NM_PROCESS_KILL_WAIT_MS, 100);
    conf.setLong(YarnConfiguration.RM_AM_EXPIRY_INTERVAL_MS, 60_000);
    conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 1);
    conf.setStrings(YarnConfiguration.YARN_APPLICATION_CLASSPATH,
        System.getProperty("java.class.path").split(File.pathSeparator));
    conf.set(Launch.JAVA_HOME_KEY, System.getProperty("java.home"));
    if (gpusPerNode > 0) {
      conf.set(YarnConfiguration.RESOURCE_TYPES, ResourceInformation.GPU_URI);
      conf.setInt(YarnConfiguration.NM_RESOURCES_PREFIX + ResourceInformation.GPU_URI, gpusPerNode);
      conf.set("yarn.scheduler.capacity.resource-calculator", DominantResourceCalculator.class.getName());
      ResourceUtils.resetResourceTypes(conf);
    }
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf, new File(workDir, "hdfs")).numDataNodes(1).build();
    dfs.waitActive();
    conf.set("fs.defaultFS", dfs.getFileSystem().getUri().toString());
    // The MapReduce flavour, so that predict and evaluate run as real MapReduce jobs here too.
    MiniYARNCluster yarn = new MiniMRYarnCluster("spindle-" + ProcessHandle.current().pid(), nodes);
    yarn.init(conf);
    yarn.start();
    Configuration clientConf = new Configuration(yarn.getConfig());
    clientConf.set("fs.defaultFS", dfs.getFileSystem().getUri().toString());
    return new LocalCluster(dfs, yarn, clientConf, workDir);
  }

  /** Client configuration: where the NameNode and ResourceManager are. */
  public Configuration conf() {
    return new Configuration(conf);
  }

  public FileSystem fs() throws IOException {
    return FileSystem.get(conf);
  }

  public File workDir() {
    return workDir;
  }

  @Override
  public void close() {
    yarn.stop();
    dfs.shutdown();
  }
}

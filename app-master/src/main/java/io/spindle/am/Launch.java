package io.spindle.am;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * How every Spindle process starts in YARN, the ApplicationMaster and each container alike: the
 * staged files localized under fixed names, a classpath of the jar, the working directory and
 * the cluster's application classpath, and a JVM command line.
 */
public final class Launch {
  public static final String JAR = "spindle.jar";
  public static final String SPEC = "job.spec";
  public static final String CONF = io.spindle.container.ContainerConf.SHIPPED;
  public static final String SUMMARY = "summary.json";
  public static final String STAGING_ENV = "SPINDLE_STAGING_DIR";
  /** JVM for containers; empty means the NodeManager's JAVA_HOME. */
  public static final String JAVA_HOME_KEY = "spindle.container.java-home";
  /** Extra JVM options for every Spindle process (GC, diagnostics, agents); they come last and so win. */
  public static final String JAVA_OPTS_KEY = "spindle.container.java-opts";

  private Launch() {}

  public static ContainerLaunchContext context(Configuration conf, FileSystem fs, Path staging, int memoryMb,
                                               String mainClass, List<String> args) throws IOException {
    Map<String, LocalResource> resources = new HashMap<>();
    for (String name : new String[] {JAR, SPEC, CONF}) {
      FileStatus status = fs.getFileStatus(new Path(staging, name));
      resources.put(name, LocalResource.newInstance(URL.fromPath(status.getPath()), LocalResourceType.FILE,
          LocalResourceVisibility.APPLICATION, status.getLen(), status.getModificationTime()));
    }
    Map<String, String> env = new HashMap<>();
    env.put(Environment.CLASSPATH.name(), classpath(conf));
    env.put(STAGING_ENV, staging.toString());
    return ContainerLaunchContext.newInstance(resources, env, List.of(command(conf, memoryMb, mainClass, args)),
        null, null, null);
  }

  static String classpath(Configuration conf) {
    StringBuilder cp = new StringBuilder("./" + JAR).append(ApplicationConstants.CLASS_PATH_SEPARATOR).append("./");
    for (String entry : conf.getTrimmedStrings(YarnConfiguration.YARN_APPLICATION_CLASSPATH,
        YarnConfiguration.DEFAULT_YARN_CROSS_PLATFORM_APPLICATION_CLASSPATH)) {
      cp.append(ApplicationConstants.CLASS_PATH_SEPARATOR).append(entry);
    }
    return cp.toString();
  }

  static String command(Configuration conf, int memoryMb, String mainClass, List<String> args) {
    String javaHome = conf.getTrimmed(JAVA_HOME_KEY, "");
    StringBuilder cmd = new StringBuilder(javaHome.isEmpty() ? Environment.JAVA_HOME.$$() : javaHome)
        .append("/bin/java")
        // Five eighths of the container for the heap and one eighth for the direct buffers that
        // connections receive and send tensors in; the rest is for the JVM itself.
        .append(" -Xmx").append(Math.max(64, memoryMb * 5 / 8)).append('m')
        .append(" -XX:MaxDirectMemorySize=").append(Math.max(32, memoryMb / 8)).append('m')
        .append(" -Dlog4j.configuration=spindle-log4j.properties")
        .append(" -Dorg.bytedeco.javacpp.cachedir=./javacpp-cache");
    String userOptions = conf.getTrimmed(JAVA_OPTS_KEY, "");
    if (!userOptions.isEmpty()) {
      cmd.append(' ').append(userOptions);
    }
    cmd.append(' ').append(mainClass);
    for (String arg : args) {
      cmd.append(' ').append(arg);
    }
    cmd.append(" 1>").append(ApplicationConstants.LOG_DIR_EXPANSION_VAR).append("/stdout");
    cmd.append(" 2>").append(ApplicationConstants.LOG_DIR_EXPANSION_VAR).append("/stderr");
    return cmd.toString();
  }
}

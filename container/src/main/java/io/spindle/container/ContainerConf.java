package io.spindle.container;

import java.io.File;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/** The Hadoop configuration inside a Spindle container: the node's, overlaid by the one the client shipped. */
public final class ContainerConf {
  /** The client's configuration, localized under this name in every container's working directory. */
  public static final String SHIPPED = "spindle-conf.xml";

  private ContainerConf() {}

  public static Configuration load() {
    YarnConfiguration conf = new YarnConfiguration();
    File shipped = new File(SHIPPED);
    if (shipped.exists()) {
      conf.addResource(new Path(shipped.getAbsolutePath()));
    }
    return conf;
  }
}

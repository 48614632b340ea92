package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class LaunchTest {
  private static String command(Configuration conf) {
    return Launch.command(conf, 1024, "io.spindle.Main", List.of("--role", "worker"));
  }

  @Test
  void userJavaOptionsFollowSpindlesOwnAndPrecedeTheMainClass() {
    Configuration conf = new Configuration(false);
    conf.set(Launch.JAVA_OPTS_KEY, " -XX:+UseParallelGC -Xmx2g ");
    String cmd = command(conf);
    int ours = cmd.indexOf(" -Xmx640m");
    int theirs = cmd.indexOf(" -XX:+UseParallelGC -Xmx2g io.spindle.Main --role worker");
    assertTrue(ours >= 0 && theirs > ours, "user options after the defaults (the JVM takes the last): " + cmd);
  }

  @Test
  void withoutUserOptionsTheCommandIsSpindlesAlone() {
    String cmd = command(new Configuration(false));
    assertTrue(cmd.contains("-Dorg.bytedeco.javacpp.cachedir=./javacpp-cache io.spindle.Main --role worker"), cmd);
    assertFalse(cmd.contains("  "), "no empty option: " + cmd);
  }
}

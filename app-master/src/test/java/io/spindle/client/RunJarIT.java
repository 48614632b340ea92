package io.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The submission jar as {@code yarn jar} runs it: a separate JVM with Hadoop on the classpath
 * running {@code org.apache.hadoop.util.RunJar spindle-<version>.jar ...}.
 */
class RunJarIT {

  private static Process runJar(String... args) throws Exception {
    String jar = System.getProperty(JobClient.JAR_PROPERTY);
    String hadoop = Files.readString(new File(System.getProperty("spindle.local.classpath")).toPath()).trim();
    List<String> command = new java.util.ArrayList<>(List.of(
        new File(System.getProperty("java.home"), "bin/java").getPath(),
        "-cp", hadoop, "org.apache.hadoop.util.RunJar", jar));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  @Test
  void helpWorksThroughRunJar() throws Exception {
    Process p = runJar("--help");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("spindle [-D key=value] [-conf FILE] SUBCOMMAND"), out);
  }

  @Test
  void aBadFlagThroughRunJarExitsWithTheUsageCode() throws Exception {
    Process p = runJar("selftest", "--staleness", "often");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(ExitCodes.USAGE, p.exitValue(), out);
    assertTrue(out.contains("--staleness"), out);
  }
}

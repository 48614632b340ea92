package io.spindle.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;

/** One run of the spindle command in this JVM, with what it printed. */
final class CliRun {
  final int status;
  final String out;
  final String err;
  final long elapsedMs;

  private CliRun(int status, String out, String err, long elapsedMs) {
    this.status = status;
    this.out = out;
    this.err = err;
    this.elapsedMs = elapsedMs;
  }

  static CliRun run(Configuration conf, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    SpindleCli cli = new SpindleCli(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    cli.setConf(conf);
    long start = System.currentTimeMillis();
    int status = cli.run(args);
    return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
        System.currentTimeMillis() - start);
  }

  /**
   * A run as an Oozie java action makes it, with the outcome captured; returns the run and fills
   * {@code captured} with the properties the workflow would read.
   */
  static CliRun underOozie(java.util.Properties captured, Configuration conf, String... args) throws IOException {
    java.io.File file = java.io.File.createTempFile("oozie-action", ".properties");
    System.setProperty(OozieOutput.PROPERTY, file.getPath());
    try {
      CliRun run = run(conf, args);
      try (java.io.InputStream in = new java.io.FileInputStream(file)) {
        captured.load(in);
      }
      return run;
    } finally {
      System.clearProperty(OozieOutput.PROPERTY);
      file.delete();
    }
  }

  /** The --json summary: the last line printed. */
  JsonNode summary() throws IOException {
    String[] lines = out.trim().split("\n");
    return new ObjectMapper().readTree(lines[lines.length - 1]);
  }

  @Override
  public String toString() {
    return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}

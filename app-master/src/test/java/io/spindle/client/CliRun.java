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

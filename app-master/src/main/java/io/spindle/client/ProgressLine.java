package io.spindle.client;

import io.spindle.thrift.JobProgress;
import java.io.PrintStream;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;

/** One progress line: rewritten in place on a terminal, a plain line every few seconds otherwise. */
final class ProgressLine {
  private static final long PLAIN_EVERY_MS = 5_000;

  private final PrintStream out;
  private final boolean terminal;
  private long lastPlain = -PLAIN_EVERY_MS;
  private String last = "";
  private long firstClockAt = -1;
  private int firstClock;

  ProgressLine(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  void show(ApplicationId id, YarnApplicationState state, float yarnProgress, JobProgress p, long elapsedMs) {
    StringBuilder s = new StringBuilder().append(id).append(' ');
    if (p == null) {
      s.append(state.name().toLowerCase(java.util.Locale.ROOT));
    } else {
      s.append(p.getPhase());
      if (p.getTotalClocks() > 0) {
        s.append(" clock ").append(p.getMinClock()).append('/').append(p.getTotalClocks());
      }
      if (p.isSetMetrics() && p.getMetrics().containsKey("loss")) {
        s.append(String.format(" loss %.4f", p.getMetrics().get("loss")));
      }
      s.append(" | containers running ").append(p.getRunning()).append(" failed ").append(p.getFailed())
          .append(" relaunched ").append(p.getRelaunched());
      appendEta(s, p, elapsedMs);
    }
    s.append(" | ").append(elapsedMs / 1000).append('s');
    String text = s.toString();
    if (terminal) {
      out.print('\r' + text + " ".repeat(Math.max(0, last.length() - text.length())));
      out.flush();
    } else if (elapsedMs - lastPlain >= PLAIN_EVERY_MS || !text.equals(last) && p != null && !sameClock(text)) {
      out.println(text);
      lastPlain = elapsedMs;
    }
    last = text;
  }

  /** ETA from the rate of clocks since training started (start-up time would distort it). */
  private void appendEta(StringBuilder s, JobProgress p, long elapsedMs) {
    if (p.getMinClock() > 0 && firstClockAt < 0) {
      firstClockAt = elapsedMs;
      firstClock = p.getMinClock();
    }
    int done = p.getMinClock() - firstClock;
    if (firstClockAt >= 0 && done > 0 && p.getMinClock() < p.getTotalClocks()) {
      double msPerClock = (elapsedMs - firstClockAt) / (double) done;
      s.append(" | eta ").append(Math.round(msPerClock * (p.getTotalClocks() - p.getMinClock()) / 1000)).append('s');
    }
  }

  private boolean sameClock(String text) {
    return text.replaceAll("\\| \\d+s$", "").equals(last.replaceAll("\\| \\d+s$", ""));
  }

  void done() {
    if (terminal) {
      out.println();
    }
  }
}

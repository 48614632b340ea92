package io.spindle.am;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Counts container failures per host inside a sliding window (with an injected clock) and
 * excludes a host that fails too often; the exclusion expires with the window.
 */
public final class FailureTracker {
  private final int maxFailuresPerHost;
  private final long windowMs;
  private final LongSupplier clock;
  private final Map<String, Deque<Long>> failures = new HashMap<>();

  public FailureTracker(int maxFailuresPerHost, long windowMs, LongSupplier clockMs) {
    this.maxFailuresPerHost = maxFailuresPerHost;
    this.windowMs = windowMs;
    this.clock = clockMs;
  }

  public void recordFailure(String host) {
    failures.computeIfAbsent(host, h -> new ArrayDeque<>()).addLast(clock.getAsLong());
  }

  /** Hosts with failures inside the window, most failures first. */
  public java.util.List<String> byFailures() {
    excludedHosts();   // drops failures that left the window
    java.util.List<String> list = new java.util.ArrayList<>(failures.keySet());
    list.sort((a, b) -> Integer.compare(failures.get(b).size(), failures.get(a).size()));
    return list;
  }

  /** Hosts with at least maxFailuresPerHost failures inside the window, as of now. */
  public Set<String> excludedHosts() {
    long now = clock.getAsLong();
    Set<String> excluded = new HashSet<>();
    failures.values().forEach(times -> {
      while (!times.isEmpty() && now - times.peekFirst() > windowMs) {
        times.removeFirst();
      }
    });
    failures.entrySet().removeIf(e -> e.getValue().isEmpty());
    failures.forEach((host, times) -> {
      if (times.size() >= maxFailuresPerHost) {
        excluded.add(host);
      }
    });
    return excluded;
  }
}

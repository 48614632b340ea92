package io.spindle.container;

/**
 * A worker slowed on purpose ({@code --set straggler=INDEX:MS}): it sleeps that long at the start
 * of every clock, as a worker on a busy or slower node would. For the straggler experiments of
 * the benchmark report; a real job leaves it unset.
 */
public final class Straggler {
  private static final Straggler NONE = new Straggler(-1, 0);

  private final int worker;
  private final long delayMs;

  private Straggler(int worker, long delayMs) {
    this.worker = worker;
    this.delayMs = delayMs;
  }

  /** The setting's straggler; empty means none. */
  public static Straggler parse(String setting, int workers) {
    if (setting == null || setting.trim().isEmpty()) {
      return NONE;
    }
    String[] parts = setting.trim().split(":");
    try {
      int worker = Integer.parseInt(parts[0].trim());
      long delay = Long.parseLong(parts[1].trim());
      if (parts.length != 2 || worker < 0 || worker >= workers || delay < 0) {
        throw new NumberFormatException();
      }
      return new Straggler(worker, delay);
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("--set straggler takes WORKER:MILLISECONDS with a worker in 0.."
          + (workers - 1) + ", got '" + setting + "'");
    }
  }

  /** Called by worker {@code index} at the start of each clock. */
  public void atClock(int index) {
    if (index != worker || delayMs == 0) {
      return;
    }
    try {
      Thread.sleep(delayMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

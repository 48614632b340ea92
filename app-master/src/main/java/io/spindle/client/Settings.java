package io.spindle.client;

import io.spindle.ml.Hyperparameters;
import io.spindle.util.SettingKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job settings a user may give with {@code --set key=value}, declared once with default
 * and description. Unknown keys are refused with the list of known ones.
 */
public final class Settings {
  public static final Map<String, SettingKey> KEYS = new LinkedHashMap<>();

  public static final SettingKey WORKER_MEMORY = key("worker.memory-mb", "1024", "memory of each worker container, MB");
  public static final SettingKey WORKER_VCORES = key("worker.vcores", "1", "vcores of each worker container");
  public static final SettingKey SERVER_MEMORY = key("server.memory-mb", "1024", "memory of each parameter-server container, MB");
  public static final SettingKey SERVER_VCORES = key("server.vcores", "1", "vcores of each parameter-server container");
  public static final SettingKey AM_MEMORY = key("am.memory-mb", "512", "memory of the ApplicationMaster container, MB");
  public static final SettingKey QUEUE = key("queue", "default", "YARN queue to submit to");
  public static final SettingKey MAX_ATTEMPTS = key("max-attempts-per-task", "3", "attempts of one server or worker before the job fails");
  public static final SettingKey MAX_FAILURES = key("max-failures-per-job", "8", "container failures of the whole job before it fails");
  public static final SettingKey CHECKPOINT_SECONDS = key("checkpoint-seconds", "60",
      "seconds between shard checkpoints (nobody waits for them); 0 turns checkpoints off");
  public static final SettingKey CHECKPOINT_EVERY = key("checkpoint-every", "0",
      "clocks between shard checkpoints: giving it checkpoints by clocks instead of seconds; 0 turns them off");
  public static final SettingKey CHECKPOINTS_KEPT = key("checkpoints-kept", "2", "checkpoints each shard keeps");
  public static final SettingKey ALLOCATION_TIMEOUT = key("allocation-timeout-s", "600",
      "a container asked for and not granted for this long fails the job (the whole job must run at once); 0: wait");
  public static final SettingKey HEARTBEAT_TIMEOUT = key("heartbeat-timeout-ms", "60000",
      "a container silent for this long is killed and relaunched");
  public static final SettingKey START_TIMEOUT = key("start-timeout-ms", "600000",
      "a container that sends no heartbeat this long after its launch (localizing its files, starting its JVM) is"
      + " killed and relaunched (never sooner than heartbeat-timeout-ms)");
  public static final SettingKey MAX_FRAME = key("max-frame-bytes", "67108864", "largest Thrift frame a shard accepts (64 KiB to 1 GiB); clients split larger requests");

  private final Map<String, String> values = new LinkedHashMap<>();

  private static SettingKey key(String name, String defaultValue, String description) {
    SettingKey key = new SettingKey(name, defaultValue, description);
    KEYS.put(name, key);
    return key;
  }

  /** Parses {@code key=value} pairs, refusing unknown keys. */
  public static Settings parse(String[] pairs) {
    Settings settings = new Settings();
    if (pairs == null) {
      return settings;
    }
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("--set takes key=value, got '" + pair + "'");
      }
      String name = pair.substring(0, eq).trim();
      if (!KEYS.containsKey(name) && !Hyperparameters.KEYS.containsKey(name)) {
        throw new UsageException("--set: unknown setting '" + name + "'; job settings are " + KEYS.keySet()
            + ", training settings are " + Hyperparameters.KEYS.keySet());
      }
      settings.values.put(name, pair.substring(eq + 1).trim());
    }
    return settings;
  }

  public String get(SettingKey key) {
    return values.getOrDefault(key.name, key.defaultValue);
  }

  public int getInt(SettingKey key, int min) {
    return getInt(key, min, Integer.MAX_VALUE);
  }

  public int getInt(SettingKey key, int min, int max) {
    String v = get(key);
    try {
      int n = Integer.parseInt(v);
      if (n < min) {
        throw new UsageException("--set " + key.name + " must be at least " + min + ", got " + v);
      }
      if (n > max) {
        throw new UsageException("--set " + key.name + " must be at most " + max + ", got " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException("--set " + key.name + " must be an integer, got '" + v + "'");
    }
  }

  /** These settings over {@code earlier} ones (a resumed job's, as it was submitted). */
  public Settings over(Map<String, String> earlier) {
    Settings merged = new Settings();
    merged.values.putAll(earlier);
    merged.values.putAll(values);
    return merged;
  }

  /** Every setting the user gave (for the JobSpec). */
  public Map<String, String> given() {
    return new LinkedHashMap<>(values);
  }
}

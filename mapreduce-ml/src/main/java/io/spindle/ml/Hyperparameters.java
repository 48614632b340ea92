package io.spindle.ml;

import io.spindle.thrift.UpdateRuleKind;
import io.spindle.util.SettingKey;
import io.spindle.thrift.UpdateRuleSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The training settings of the algorithms ({@code --set key=value}), each declared once with a
 * default that works and a description. Values come from the job's settings map.
 */
public final class Hyperparameters {
  private static final Map<String, SettingKey> DECLARED = new LinkedHashMap<>();
  public static final Map<String, SettingKey> KEYS = Collections.unmodifiableMap(DECLARED);

  public static final SettingKey OPTIMIZER = key("optimizer", "adagrad", "update rule at the shards: adagrad, sgd, adam");
  public static final SettingKey LEARNING_RATE = key("learning-rate", "0.1", "step size of the optimizer");
  public static final SettingKey MOMENTUM = key("momentum", "0.0", "heavy-ball momentum of the sgd optimizer");
  public static final SettingKey L2 = key("l2", "0.0001", "L2 regularisation strength (not applied to the bias)");
  public static final SettingKey CLOCKS_PER_EPOCH = key("clocks-per-epoch", "32",
      "clocks per pass over the data: each worker's minibatch is its partition / this");
  public static final SettingKey CLASSES = key("classes", "10", "classes of a softmax model (labels 0 .. classes-1)");
  public static final SettingKey SEED = key("seed", "1", "seed of the data order and of initial values");
  public static final SettingKey MAX_BAD_RECORDS = key("max-bad-records", "0.001",
      "fraction of malformed input records tolerated (skipped and counted) before the job fails");

  private final Map<String, String> values;

  public Hyperparameters(Map<String, String> values) {
    this.values = values == null ? Map.of() : values;
  }

  private static SettingKey key(String name, String defaultValue, String description) {
    SettingKey key = new SettingKey(name, defaultValue, description);
    DECLARED.put(name, key);
    return key;
  }

  public String get(SettingKey key) {
    return values.getOrDefault(key.name, key.defaultValue);
  }

  public double getDouble(SettingKey key) {
    try {
      return Double.parseDouble(get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--set " + key.name + " must be a number, got '" + get(key) + "'");
    }
  }

  public int getInt(SettingKey key) {
    try {
      return Integer.parseInt(get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--set " + key.name + " must be an integer, got '" + get(key) + "'");
    }
  }

  /** Every hyperparameter with the value in force (given or default), for the model manifest. */
  public Map<String, String> effective() {
    Map<String, String> all = new LinkedHashMap<>();
    for (SettingKey key : DECLARED.values()) {
      all.put(key.name, get(key));
    }
    return all;
  }

  /** The shard-side update rule these settings describe. */
  public UpdateRuleSpec updateRule() {
    UpdateRuleKind kind;
    try {
      kind = UpdateRuleKind.valueOf(get(OPTIMIZER).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--set optimizer must be adagrad, sgd or adam, got '" + get(OPTIMIZER) + "'");
    }
    if (kind == UpdateRuleKind.ADD) {
      throw new IllegalArgumentException("--set optimizer must be adagrad, sgd or adam, got 'add'");
    }
    return new UpdateRuleSpec(kind).setLearningRate(getDouble(LEARNING_RATE)).setMomentum(getDouble(MOMENTUM));
  }

  /** Checks every value parses, so that a bad setting fails before the job is submitted. */
  public void validate() {
    updateRule();
    getDouble(L2);
    if (getInt(CLOCKS_PER_EPOCH) < 1) {
      throw new IllegalArgumentException("--set clocks-per-epoch must be at least 1");
    }
    getInt(SEED);
    double bad = getDouble(MAX_BAD_RECORDS);
    if (bad < 0 || bad > 1) {
      throw new IllegalArgumentException("--set max-bad-records is a fraction in [0, 1], got " + bad);
    }
  }
}

package io.spindle.ml;

import io.spindle.ml.param.Consistency;
import io.spindle.thrift.TableSpec;
import io.spindle.thrift.UpdateRuleKind;
import io.spindle.util.SettingKey;
import io.spindle.thrift.UpdateRuleSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
  public static final SettingKey LEARNING_RATE = key("learning-rate", "0.1", "step size of the optimizer (mf: 0.5)");
  public static final SettingKey LR_DECAY = key("lr-decay", "1",
      "learning rate multiplied by this over each epoch (spread evenly over its steps), e.g. 0.7; 1: constant");
  public static final SettingKey MOMENTUM = key("momentum", "0.0", "heavy-ball momentum of the sgd optimizer");
  public static final SettingKey L2 = key("l2", "0.0001", "L2 regularisation strength (not applied to the bias)");
  public static final SettingKey L1 = key("l1", "0", "L1 (Lasso) strength, applied at the shards as a proximal"
      + " soft-threshold after each update; it shrinks every parameter of the table, the bias included");
  public static final SettingKey SOLVER = key("solver", "sgd",
      "logreg, linreg: sgd (minibatches, SSP) or lbfgs (full batch, iterative MapReduce; one iteration per epoch)");
  public static final SettingKey CLOCKS_PER_EPOCH = key("clocks-per-epoch", "32",
      "clocks per pass over the data: each worker's minibatch is its partition / this");
  public static final SettingKey CLASSES = key("classes", "10", "classes of a softmax model (labels 0 .. classes-1)");
  public static final SettingKey SEED = key("seed", "1", "seed of the data order and of initial values");
  public static final SettingKey MAX_BAD_RECORDS = key("max-bad-records", "0.001",
      "fraction of malformed input records tolerated (skipped and counted) before the job fails");

  public static final SettingKey LABEL_COLUMN = key("label-column", "0",
      "csv: 0-based column of the label; negative counts from the end (-1: last column)");
  public static final SettingKey HEADER = key("header", "false", "csv and ratings: whether each file starts with a header line");
  public static final SettingKey DELIMITER = key("delimiter", "auto",
      "csv and ratings: field separator; auto is ',' for csv and any of '::', tab, ',' or spaces for ratings");
  public static final SettingKey LABEL_VALUES = key("label-values", "",
      "csv: class names in class order (a,b,c -> 0,1,2) when labels are names, not numbers");
  public static final SettingKey K = key("k", "10", "kmeans: number of clusters");
  public static final SettingKey INIT_SAMPLE = key("init-sample", "10000",
      "kmeans: k-means++ seeds from the first this-many records of the input");
  public static final SettingKey RANK = key("rank", "10", "mf: latent factors per user and item");
  public static final SettingKey USERS = key("users", "0", "ratings: user ids run from 0 to users-1");
  public static final SettingKey ITEMS = key("items", "0", "ratings: item ids run from 0 to items-1");
  public static final SettingKey FACTOR_L2 = key("factor-l2", "0.01", "mf: L2 strength on factors and biases");

  public static final SettingKey HIDDEN = key("hidden", "300",
      "mlp, cnn: sizes of the dense hidden layers, e.g. 300 or 500,300 (cnn: 120,84)");
  public static final SettingKey CONV = key("conv", "6,16",
      "cnn: filters of each convolution, e.g. 6,16; each keeps the image size and is followed by ReLU and 2x2 max"
          + " pooling");
  public static final SettingKey KERNEL = key("kernel", "5", "cnn: width and height of the convolution kernels");
  public static final SettingKey IMAGE = key("image", "",
      "cnn: CHANNELSxHEIGHTxWIDTH of the input images (channel-major values); empty: one square channel");
  public static final SettingKey DEVICE = key("device", "auto",
      "mlp, cnn: where the math runs: auto (a GPU when the container has one and CUDA loads, else the CPU), cpu, gpu");

  public static final SettingKey STRAGGLER = key("straggler", "",
      "WORKER:MS slows that worker by MS milliseconds per clock (straggler experiments); empty: none");

  private final Map<String, String> values;

  public Hyperparameters(Map<String, String> values) {
    this.values = values == null ? Map.of() : values;
  }

  private static SettingKey key(String name, String defaultValue, String description) {
    SettingKey key = new SettingKey(name, defaultValue, description);
    DECLARED.put(name, key);
    return key;
  }

  /** These settings over an algorithm's own defaults for some keys (given values win). */
  public Hyperparameters withDefaults(Map<String, String> defaults) {
    Map<String, String> merged = new LinkedHashMap<>(defaults);
    merged.putAll(values);
    return new Hyperparameters(merged);
  }

  public String get(SettingKey key) {
    return values.getOrDefault(key.name, key.defaultValue);
  }

  public double getDouble(SettingKey key) {
    try {
      return Double.parseDouble(get(key).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--set " + key.name + " must be a number, got '" + get(key) + "'");
    }
  }

  public boolean getBoolean(SettingKey key) {
    String v = get(key).trim().toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException("--set " + key.name + " must be true or false, got '" + get(key) + "'");
    }
    return v.equals("true");
  }

  public long getLong(SettingKey key) {
    try {
      return Long.parseLong(get(key).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--set " + key.name + " must be an integer, got '" + get(key) + "'");
    }
  }

  /** An integer setting that must be at least {@code min}. */
  public int getInt(SettingKey key, int min) {
    int v = getInt(key);
    if (v < min) {
      throw new IllegalArgumentException("--set " + key.name + " must be at least " + min + ", got " + v);
    }
    return v;
  }

  public int getInt(SettingKey key) {
    try {
      return Integer.parseInt(get(key).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--set " + key.name + " must be an integer, got '" + get(key) + "'");
    }
  }

  /** The values given explicitly. */
  public Map<String, String> given() {
    return values;
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
    return new UpdateRuleSpec(kind).setLearningRate(getDouble(LEARNING_RATE)).setMomentum(getDouble(MOMENTUM))
        .setL1(getDouble(L1));
  }

  /**
   * The tables with {@code lr-decay} in their update rules. A shard's rule counts steps, not
   * epochs: one per clock under BSP (the workers' updates are summed), one per worker clock
   * otherwise, so the per-epoch factor is spread over that many steps.
   */
  public List<TableSpec> withDecay(List<TableSpec> tables, int clocksPerEpoch, int workers, Consistency consistency) {
    double perEpoch = getDouble(LR_DECAY);
    long stepsPerEpoch = (long) clocksPerEpoch * (consistency.appliesAtBarrier() ? 1 : workers);
    for (TableSpec table : tables) {
      if (perEpoch != 1 && table.getRule().getKind() != UpdateRuleKind.ADD) {
        table.getRule().setDecayPerStep(Math.pow(perEpoch, 1.0 / Math.max(1, stepsPerEpoch)));
      }
    }
    return tables;
  }

  /** Checks every value parses, so that a bad setting fails before the job is submitted. */
  public void validate() {
    updateRule();
    double decay = getDouble(LR_DECAY);
    if (!(decay > 0 && decay <= 1)) {
      throw new IllegalArgumentException("--set lr-decay is a factor in (0, 1] applied per epoch, got " + decay);
    }
    if (getDouble(L2) < 0 || getDouble(L1) < 0) {
      throw new IllegalArgumentException("--set l1 and l2 must not be negative");
    }
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

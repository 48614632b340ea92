package io.spindle.ml;

import com.fasterxml.jackson.databind.JsonNode;
import io.spindle.ml.compute.Backend;
import io.spindle.ml.compute.JavaBackend;
import io.spindle.ml.data.Examples;
import io.spindle.ml.data.Formats;
import io.spindle.ml.data.Labels;
import io.spindle.ml.kmeans.Centroids;
import io.spindle.ml.iterative.FullBatchAlgorithm;
import io.spindle.ml.kmeans.KMeansStep;
import io.spindle.ml.kmeans.KMeansModel;
import io.spindle.ml.linear.LbfgsStep;
import io.spindle.ml.linear.LinearAlgorithm;
import io.spindle.ml.linear.LinearModel;
import io.spindle.ml.linear.Loss;
import io.spindle.ml.linear.SoftmaxModel;
import io.spindle.ml.mf.MfAlgorithm;
import io.spindle.ml.mf.MfModel;
import io.spindle.ml.nn.Architecture;
import io.spindle.ml.nn.NetworkAlgorithm;
import io.spindle.ml.nn.NetworkModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The algorithms by their {@code --algorithm} names: how to train one and how to load its model. */
public final class Algorithms {
  private static final Map<String, Loss> LOSSES = new LinkedHashMap<>();

  static {
    LOSSES.put("logreg", Loss.LOGISTIC);
    LOSSES.put("svm", Loss.HINGE);
    LOSSES.put("linreg", Loss.SQUARED);
  }

  public static final String SOFTMAX = "softmax";
  public static final String KMEANS = "kmeans";
  public static final String MF = "mf";
  public static final String MLP = Architecture.MLP;
  public static final String CNN = Architecture.CNN;
  /** Every algorithm this build trains. */
  public static final List<String> NAMES = List.of("logreg", "svm", "linreg", SOFTMAX, KMEANS, MF, MLP, CNN);
  /** The classifiers that tell {@code --set classes} classes apart (the linear ones other than softmax tell two). */
  public static final List<String> MULTICLASS = List.of(SOFTMAX, MLP, CNN);

  private static final Map<String, String> NETWORK_DEFAULTS = Map.of(Hyperparameters.OPTIMIZER.name, "adam",
      Hyperparameters.LEARNING_RATE.name, "0.001", Hyperparameters.CLOCKS_PER_EPOCH.name, "200",
      Hyperparameters.L2.name, "0");

  private Algorithms() {}

  /** The input formats an algorithm reads. */
  public static List<String> formats(String algorithm) {
    switch (algorithm) {
      case MF:
        return List.of(Formats.RATINGS);
      case SOFTMAX:
      case KMEANS:
      case MLP:
      case CNN:
        return List.of(Formats.LIBSVM, Formats.CSV, Formats.IDX);
      default:
        return List.of(Formats.LIBSVM, Formats.CSV);
    }
  }

  /** Whether an algorithm's records need labels: k-means ignores them, so its records may have none. */
  public static Labels labels(String algorithm) {
    return algorithm.equals(KMEANS) ? Labels.OPTIONAL : Labels.REQUIRED;
  }

  /**
   * The classes a classifier trained by this algorithm tells apart, 0 for the others: training
   * and test records must carry one of them ({@link io.spindle.ml.data.ClassLabels}).
   */
  public static int classes(String name, Hyperparameters hp) {
    Loss loss = LOSSES.get(name);
    if (loss != null) {
      return loss == Loss.SQUARED ? 0 : 2;
    }
    return MULTICLASS.contains(name) ? hp.getInt(Hyperparameters.CLASSES, 2) : 0;
  }

  /** The settings in force for an algorithm: the given ones over its own defaults, then the common ones. */
  public static Hyperparameters hyperparameters(String name, Map<String, String> given) {
    Hyperparameters hp = new Hyperparameters(given);
    switch (name) {
      case MF:   // factors move far from their start and see few updates each: a larger step
        return hp.withDefaults(Map.of(Hyperparameters.LEARNING_RATE.name, "0.5"));
      case MLP:   // many small steps of a well-tested optimizer for deep models
        return hp.withDefaults(NETWORK_DEFAULTS);
      case CNN:   // LeNet-5's dense layers; smaller batches and a larger first step, decayed: about 1% error in 5 epochs
        return hp.withDefaults(Map.of(Hyperparameters.HIDDEN.name, "120,84", Hyperparameters.LEARNING_RATE.name, "0.002",
            Hyperparameters.LR_DECAY.name, "0.6", Hyperparameters.CLOCKS_PER_EPOCH.name, "400"))
            .withDefaults(NETWORK_DEFAULTS);
      default:
        return hp;
    }
  }

  /** The algorithm for a job, with the plain-Java compute backend (tests, and the client's planning). */
  public static Algorithm create(String name, long features, Hyperparameters hp, Supplier<Examples> sample) {
    return create(name, features, hp, sample, JavaBackend::new);
  }

  /**
   * The algorithm for a job.
   *
   * @param sample the first records of the training input, for algorithms that seed from data (k-means)
   * @param backends opens the compute backend of algorithms with dense math (mlp, cnn)
   */
  public static Algorithm create(String name, long features, Hyperparameters hp, Supplier<Examples> sample,
                                 Supplier<Backend> backends) {
    Loss loss = LOSSES.get(name);
    if (loss != null) {
      return linear(name, loss, features, hp);
    }
    switch (name) {
      case SOFTMAX:
        return new LinearAlgorithm(null, features, hp);
      case KMEANS:
        return new FullBatchAlgorithm<>(new KMeansStep(hp.getInt(Hyperparameters.K, 1), (int) features,
            hp.getInt(Hyperparameters.SEED), sample), KMeansModel::new, "cost");
      case MF:
        return new MfAlgorithm(hyperparameters(MF, hp.given()));
      case MLP:
      case CNN: {
        Hyperparameters networkHp = hyperparameters(name, hp.given());
        return new NetworkAlgorithm(Architecture.of(name, features, networkHp), networkHp, backends);
      }
      default:
        throw new IllegalArgumentException("unknown algorithm '" + name + "'; this build trains " + NAMES);
    }
  }

  private static Algorithm linear(String name, Loss loss, long features, Hyperparameters hp) {
    String solver = hp.get(Hyperparameters.SOLVER);
    if (solver.equals("sgd")) {
      return new LinearAlgorithm(loss, features, hp);
    }
    if (!solver.equals("lbfgs")) {
      throw new IllegalArgumentException("--set solver must be sgd or lbfgs, got '" + solver + "'");
    }
    if (loss == Loss.HINGE) {
      throw new IllegalArgumentException("--set solver=lbfgs needs a smooth loss: logreg or linreg, not " + name);
    }
    if (hp.getDouble(Hyperparameters.L1) > 0) {
      throw new IllegalArgumentException("--set l1 works with --set solver=sgd (the shards apply it after each step);"
          + " L-BFGS takes l2 only");
    }
    return new FullBatchAlgorithm<>(new LbfgsStep(loss, (int) features, hp.getDouble(Hyperparameters.L2)),
        state -> new LinearModel(loss, state.weights()), null);
  }

  /** A saved model from its manifest and parameters. */
  public static Model load(JsonNode manifest, float[] parameters) {
    String name = manifest.path("algorithm").asText();
    int features = manifest.path("features").asInt();
    Loss loss = LOSSES.get(name);
    if (loss != null) {
      expect(parameters, features + 1L, "features + 1");
      return new LinearModel(loss, parameters);
    }
    switch (name) {
      case SOFTMAX: {
        int classes = manifest.path("classes").asInt();
        expect(parameters, (features + 1L) * classes, "(features + 1) x classes");
        return new SoftmaxModel(parameters, classes);
      }
      case KMEANS: {
        int k = manifest.path("k").asInt();
        expect(parameters, (long) k * features, "k x features");
        return new KMeansModel(Centroids.fromFloats(k, features, parameters));
      }
      case MLP:
      case CNN: {   // the layers are rebuilt from the settings the model was trained with
        Map<String, String> trained = new LinkedHashMap<>();
        manifest.path("hyperparameters").fields().forEachRemaining(e -> trained.put(e.getKey(), e.getValue().asText()));
        return NetworkModel.of(Architecture.of(name, features, hyperparameters(name, trained)), parameters);
      }
      case MF:
        return new MfModel(parameters, manifest.path("users").asInt(), manifest.path("items").asInt(),
            manifest.path("rank").asInt());
      default:
        throw new IllegalArgumentException("a '" + name + "' model, which this build cannot score");
    }
  }

  private static void expect(float[] parameters, long count, String what) {
    if (parameters.length != count) {
      throw new IllegalArgumentException("the manifest implies " + count + " parameters (" + what + ") but the file holds "
          + parameters.length);
    }
  }
}

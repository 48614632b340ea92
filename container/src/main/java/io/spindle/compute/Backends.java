package io.spindle.compute;

import io.spindle.ml.compute.Backend;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses a container's compute backend from {@code --set device} and what the container was given. */
public final class Backends {
  private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

  private Backends() {}

  /**
   * @param device auto, cpu or gpu
   * @param gpus the GPUs YARN gave this container
   * @param threads the CPU threads the container may use (its vcores)
   */
  public static Supplier<Backend> choose(String device, int gpus, int threads) {
    switch (device.trim().toLowerCase(Locale.ROOT)) {
      case "cpu":
        return () -> new OpenBlasBackend(threads);
      case "gpu":
        throw new IllegalArgumentException("--set device=gpu: this build has no GPU backend yet; use device=cpu or"
            + " device=auto");
      case "auto":
        return () -> {
          LOG.info("Compute on the CPU (OpenBLAS, {} threads): {}", threads, gpus == 0
              ? "the container was given no GPU" : "this build has no GPU backend yet");
          return new OpenBlasBackend(threads);
        };
      default:
        throw new IllegalArgumentException("--set device must be auto, cpu or gpu, got '" + device + "'");
    }
  }
}

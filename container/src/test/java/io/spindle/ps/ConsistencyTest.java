package io.spindle.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ml.param.Consistency;
import io.spindle.ml.param.DenseTable;
import io.spindle.ml.param.Initializer;
import io.spindle.ml.param.Rows;
import io.spindle.ml.param.UpdateRule;
import io.spindle.selftest.SumOfOnes;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import io.spindle.thrift.UpdateRuleKind;
import io.spindle.thrift.UpdateRuleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The staleness contract of Ho et al. 2013 on the in-process transport, under random schedules. */
class ConsistencyTest {

  /**
   * Runs sum-of-ones with W worker threads that sleep at random between steps. Every read is
   * checked against the bound by SumOfOnes; after each clock() we also check that the worker
   * is never more than s clocks ahead of the slowest committed worker.
   */
  static void runRandomSchedule(ShardCluster.Transport transport, Consistency consistency, long seed) throws Exception {
    int workers = 3;
    int clocks = 8;
    SumOfOnes job = new SumOfOnes(workers, clocks, 37, 3, 29);
    try (ShardCluster cluster = new ShardCluster(transport, job.tables(), 2, workers, consistency)) {
      ExecutorService pool = Executors.newFixedThreadPool(workers);
      AtomicReference<String> aheadViolation = new AtomicReference<>();
      List<Future<SumOfOnes.Outcome>> outcomes = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        Random random = new Random(seed * 31 + w);
        PsClient ps = cluster.client(w, 0);
        outcomes.add(pool.submit(() -> {
          ps.start();
          return job.run(ps, c -> {
            int slowest = cluster.shards.get(0).minClock();
            if (consistency.isBounded() && c - slowest > consistency.staleness()) {
              aheadViolation.compareAndSet(null, "worker at clock " + c + " ran ahead of slowest " + slowest);
            }
            sleepMs(random.nextInt(4) == 0 ? random.nextInt(15) : 0);
          });
        }));
      }
      for (Future<SumOfOnes.Outcome> f : outcomes) {
        SumOfOnes.Outcome outcome = f.get(60, TimeUnit.SECONDS);
        assertTrue(outcome.exact, consistency + " seed " + seed + ": " + outcome.firstProblem);
      }
      pool.shutdownNow();
      assertEquals(null, aheadViolation.get(), consistency + " seed " + seed);
    }
  }

  @Test
  void sumOfOnesIsExactAndReadsRespectTheBoundOnRandomSchedules() throws Exception {
    for (long seed = 0; seed < 6; seed++) {
      runRandomSchedule(ShardCluster.Transport.IN_PROCESS, Consistency.bsp(), seed);
      runRandomSchedule(ShardCluster.Transport.IN_PROCESS, Consistency.ssp(1), seed);
      runRandomSchedule(ShardCluster.Transport.IN_PROCESS, Consistency.ssp(3), seed);
      runRandomSchedule(ShardCluster.Transport.IN_PROCESS, Consistency.async(), seed);
    }
  }

  @Test
  void aWorkerThatWouldRunMoreThanSClocksAheadBlocksUntilTheSlowestCatchesUp() throws Exception {
    int s = 2;
    SumOfOnes job = new SumOfOnes(2, 10, 4, 1, 4);
    try (ShardCluster cluster = new ShardCluster(ShardCluster.Transport.IN_PROCESS, job.tables(), 2, 2, Consistency.ssp(s))) {
      PsClient fast = cluster.client(0, 0);
      PsClient slow = cluster.client(1, 0);
      fast.start();
      slow.start();
      AtomicInteger reached = new AtomicInteger();
      CompletableFuture<Void> runner = CompletableFuture.runAsync(() -> {
        for (int c = 0; c < 10; c++) {
          fast.push(SumOfOnes.DENSE, Rows.range(0, 4), new float[4]);
          fast.clock();
          reached.set(fast.currentClock());
        }
      });
      Thread.sleep(400);
      assertEquals(s, reached.get(), "the fast worker must stop at clock s while the slow one is at 0");
      assertFalse(runner.isDone());
      slow.clock();
      Thread.sleep(300);
      assertEquals(s + 1, reached.get(), "one clock of the slowest lets the fast worker take exactly one more");
      for (int c = 1; c < 10; c++) {
        slow.clock();
      }
      runner.get(10, TimeUnit.SECONDS);
      assertEquals(10, reached.get());
    }
  }

  /**
   * BSP with W workers, gradient steps on a least-squares objective with momentum SGD at the
   * shards, matches a sequential run (sum the workers' gradients in worker order, take one
   * step) bit for bit.
   */
  @Test
  void bspMatchesASequentialRunExactly() throws Exception {
    int workers = 3;
    int features = 50;
    int clocks = 12;
    UpdateRuleSpec rule = new UpdateRuleSpec(UpdateRuleKind.SGD).setLearningRate(0.01).setMomentum(0.9);
    TableSpec weights = new TableSpec(0, "w", TableKind.DENSE, rule).setRows(features).setColumns(1)
        .setInitStddev(0.1).setInitSeed(7);
    float[][][] data = new float[workers][][];
    float[][] targets = new float[workers][];
    Random random = new Random(42);
    for (int w = 0; w < workers; w++) {
      data[w] = new float[20][features];
      targets[w] = new float[20];
      for (int i = 0; i < 20; i++) {
        for (int j = 0; j < features; j++) {
          data[w][i][j] = (float) random.nextGaussian();
        }
        targets[w][i] = (float) random.nextGaussian();
      }
    }

    // Sequential reference.
    DenseTable reference = new DenseTable("w", 0, features, 1, UpdateRule.of(rule), new Initializer(0.1, 7));
    for (int c = 0; c < clocks; c++) {
      float[] current = reference.values().clone();
      float[] sum = gradient(data[0], targets[0], current);
      for (int w = 1; w < workers; w++) {
        float[] g = gradient(data[w], targets[w], current);
        for (int j = 0; j < features; j++) {
          sum[j] += g[j];
        }
      }
      reference.apply(Rows.range(0, features), sum, 0, c + 1);
    }

    try (ShardCluster cluster = new ShardCluster(ShardCluster.Transport.IN_PROCESS, List.of(weights), 2, workers,
        Consistency.bsp())) {
      List<CompletableFuture<float[]>> finals = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        PsClient ps = cluster.client(w, 0);
        int worker = w;
        finals.add(CompletableFuture.supplyAsync(() -> {
          ps.start();
          Random jitter = new Random(worker);
          for (int c = 0; c < clocks; c++) {
            sleepMs(jitter.nextInt(5));
            float[] current = ps.pull(0, Rows.range(0, features));
            ps.push(0, Rows.range(0, features), gradient(data[worker], targets[worker], current));
            ps.clock();
          }
          return ps.pull(0, Rows.range(0, features));
        }));
      }
      for (CompletableFuture<float[]> f : finals) {
        assertArrayEquals(reference.values(), f.get(30, TimeUnit.SECONDS));
      }
    }
  }

  /** Gradient of 1/2 sum (x.w - y)^2. */
  private static float[] gradient(float[][] x, float[] y, float[] w) {
    float[] g = new float[w.length];
    for (int i = 0; i < x.length; i++) {
      float r = -y[i];
      for (int j = 0; j < w.length; j++) {
        r += x[i][j] * w[j];
      }
      for (int j = 0; j < w.length; j++) {
        g[j] += r * x[i][j];
      }
    }
    return g;
  }

  static void sleepMs(int ms) {
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

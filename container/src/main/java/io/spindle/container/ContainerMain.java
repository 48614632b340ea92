package io.spindle.container;

import io.spindle.thrift.JobSpec;
import io.spindle.thrift.Role;
import io.spindle.thrift.TaskId;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a container runs: a parameter-server shard or a worker. The ApplicationMaster starts it as
 * {@code ContainerMain --role server|worker --index I --attempt A --coordinator HOST:PORT}.
 * It registers with the coordinator, takes the JobSpec from it, and exits 0 only when its part
 * of the job is done.
 */
public final class ContainerMain {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerMain.class);

  private ContainerMain() {}

  /** A worker's result metric: when its first clock of work ended; the ApplicationMaster turns it into a milestone. */
  public static final String FIRST_CLOCK_AT_MS = "first_clock_at_ms";

  /** A worker's result metric: the clocks its finished run did (from its resume clock), which its bytes_* count. */
  public static final String CLOCKS_RUN = "clocks_run";

  /** JavaCPP unpacks native libraries here; HOME may be unset or read-only in a container. */
  static final String NATIVE_CACHE = "org.bytedeco.javacpp.cachedir";

  public static void main(String[] args) {
    if (System.getProperty(NATIVE_CACHE) == null) {
      System.setProperty(NATIVE_CACHE, new java.io.File("javacpp-cache").getAbsolutePath());
    }
    int status;
    try {
      status = run(Args.parse(args));
    } catch (Throwable t) {
      LOG.error("Container failed", t);
      status = 1;
    }
    System.exit(status);
  }

  static int run(Args args) throws Exception {
    TaskId task = new TaskId(args.role, args.index, args.attempt);
    try (CoordinatorClient coordinator = new CoordinatorClient(args.coordinatorHost, args.coordinatorPort, task)) {
      JobSpec spec = coordinator.jobSpec();
      LOG.info("{} {} attempt {} of job '{}' ({})", args.role, args.index, args.attempt, spec.getName(), spec.getCommand());
      return args.role == Role.SERVER ? new ShardProcess(spec, coordinator).run()
          : new WorkerProcess(spec, coordinator).run();
    }
  }

  /** The host name other containers reach this one by. */
  public static String hostName() {
    String nmHost = System.getenv("NM_HOST");
    if (nmHost != null && !nmHost.isEmpty()) {
      return nmHost;
    }
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  /** The container's command line, written only by the ApplicationMaster. */
  static final class Args {
    Role role;
    int index;
    int attempt;
    String coordinatorHost;
    int coordinatorPort;

    static Args parse(String[] argv) {
      Args a = new Args();
      for (int i = 0; i + 1 < argv.length; i += 2) {
        String value = argv[i + 1];
        switch (argv[i]) {
          case "--role": a.role = Role.valueOf(value.toUpperCase(java.util.Locale.ROOT)); break;
          case "--index": a.index = Integer.parseInt(value); break;
          case "--attempt": a.attempt = Integer.parseInt(value); break;
          case "--coordinator":
            int colon = value.lastIndexOf(':');
            a.coordinatorHost = value.substring(0, colon);
            a.coordinatorPort = Integer.parseInt(value.substring(colon + 1));
            break;
          default: throw new IllegalArgumentException("unknown container argument " + argv[i]);
        }
      }
      if (a.role == null || a.coordinatorHost == null) {
        throw new IllegalArgumentException("usage: ContainerMain --role server|worker --index I --attempt A --coordinator HOST:PORT");
      }
      return a;
    }
  }
}

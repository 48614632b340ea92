/*
 * Spindle wire contract: one typed JobSpec shared by client, ApplicationMaster and containers,
 * the Coordinator service (on the ApplicationMaster) and the ParameterServer service (one per shard).
 *
 * Tensors cross the wire as packed little-endian binary, never as list<double>.
 * Field ids are never reused: add new fields with new ids so older containers keep reading specs.
 */
namespace java io.spindle.thrift

// ---------------------------------------------------------------- job description

enum ConsistencyModel {
  BSP = 0,     // every read sees exactly all updates of earlier clocks
  SSP = 1,     // a read at clock c sees every update of clocks < c - staleness
  ASYNC = 2    // no bound: reads never wait
}

struct ConsistencySpec {
  1: required ConsistencyModel model,
  2: optional i32 staleness = 0      // SSP only
}

enum TableKind {
  DENSE = 0,   // rows x columns, rows range-partitioned over shards
  SPARSE = 1   // 64-bit keys, each holding `columns` floats, hash-partitioned over shards
}

enum UpdateRuleKind {
  ADD = 0,       // value += delta
  SGD = 1,       // delta is a gradient; momentum optional
  ADAGRAD = 2,
  ADAM = 3
}

struct UpdateRuleSpec {
  1: required UpdateRuleKind kind,
  2: optional double learningRate = 0.1,
  3: optional double momentum = 0.0,
  4: optional double beta1 = 0.9,
  5: optional double beta2 = 0.999,
  6: optional double epsilon = 1e-8,
  7: optional double l1 = 0.0,         // proximal L1: soft-threshold by step x l1 after each update
  8: optional double decayPerStep = 1.0 // the learning rate of step t (1-based) is learningRate x decayPerStep^(t-1)
}

struct TableSpec {
  1: required i32 id,
  2: required string name,
  3: required TableKind kind,
  4: optional i64 rows = 0,          // DENSE: number of rows
  5: optional i32 columns = 1,
  6: required UpdateRuleSpec rule,
  7: optional double initStddev = 0.0,   // Gaussian initialisation; 0 means zeros
  8: optional i64 initSeed = 0
}

struct ResourceSpec {
  1: required i32 memoryMb,
  2: required i32 vcores,
  3: optional i32 gpus = 0
}

enum Role {
  SERVER = 0,
  WORKER = 1
}

enum FaultKind {
  CRASH = 0,    // the process dies abnormally
  FREEZE = 1    // the process stops (SIGSTOP): alive but silent, as a hung JVM
}

// Makes one container fail when it reaches a clock: recovery drills.
struct FaultSpec {
  1: required Role role,
  2: required i32 index,
  3: required i32 clock,
  4: optional FaultKind kind = FaultKind.CRASH
}

struct JobSpec {
  1: required string command,          // train | selftest
  2: optional string name,
  3: optional string algorithm,
  4: optional string trainUri,
  5: optional string testUri,
  6: optional string format,
  7: optional i64 features = 0,
  8: optional string outputUri,
  9: required i32 workers,
  10: required i32 servers,
  11: required ConsistencySpec consistency,
  12: optional i32 epochs = 1,
  13: optional i32 clocks = 0,
  14: optional map<string, string> settings,
  15: optional list<TableSpec> tables,
  16: required ResourceSpec workerResources,
  17: required ResourceSpec serverResources,
  18: optional list<FaultSpec> faults,
  19: optional i32 maxAttemptsPerTask = 3,
  20: optional i32 maxFailuresPerJob = 8,
  21: optional i32 maxFrameBytes = 67108864,   // 64 MiB; clients split larger requests
  22: optional i32 checkpointEvery = 0,         // clocks between shard checkpoints; 0: none
  23: optional string checkpointDir,
  24: optional i32 checkpointsKept = 2,
  25: optional i64 heartbeatTimeoutMs = 60000,
  26: optional i32 checkpointSeconds = 0,       // seconds between shard checkpoints (instead of clocks); 0: none
  27: optional i64 allocationTimeoutMs = 600000, // a container asked for and not granted this long fails the job; 0: wait
  28: optional i64 startTimeoutMs = 600000        // a container not heard from this long after its launch is relaunched
}

// ---------------------------------------------------------------- coordinator (on the AM)

struct Endpoint {
  1: required string host,
  2: required i32 port
}

struct TaskId {
  1: required Role role,
  2: required i32 index,
  3: required i32 attempt
}

struct ShardMap {
  1: required list<Endpoint> shards,
  2: optional i32 generation = 0
}

/**
 * What every shard must hold: the state at `clock` (0: the initial state) of recovery `generation`;
 * and, for checkpoints every so many seconds, the clock every shard snapshots next (0: none named).
 */
struct Recovery {
  1: required i32 generation,
  2: required i32 clock,
  3: optional i32 checkpointClock = 0
}

struct TaskResult {
  1: required bool success,
  2: optional map<string, double> metrics,
  3: optional string message,
  4: optional bool exact            // selftest: did every parameter hold its exact expected value
  5: optional i32 generation        // the recovery generation the worker ran in: a result of an abandoned one is not kept
}

// What the client shows on its progress line.
struct JobProgress {
  1: required string phase,
  2: required i32 minClock,
  3: required i32 maxClock,
  4: required i32 totalClocks,
  5: optional map<string, double> metrics,
  6: required i32 running,
  7: required i32 failed,
  8: required i32 relaunched
}

exception CoordinatorError {
  1: required string message
}

service Coordinator {
  /** The job every container runs. */
  JobSpec jobSpec(),

  /** A container announces itself and the port it chose. A newer attempt supersedes an older one. */
  void register(1: TaskId task, 2: Endpoint endpoint) throws (1: CoordinatorError error),

  /**
   * Blocks up to timeoutMs until every shard has registered and holds the current recovery
   * generation; the map lists shard i at index i (empty on timeout).
   */
  ShardMap awaitShardMap(1: TaskId task, 2: i64 timeoutMs) throws (1: CoordinatorError error),

  /**
   * Liveness and per-clock metrics. `clock`: a worker's current clock; a shard's highest clock
   * any worker has committed there (what the next checkpoint clock is chosen after).
   */
  void heartbeat(1: TaskId task, 2: i32 clock, 3: map<string, double> metrics) throws (1: CoordinatorError error),

  /** A worker is done. Servers are told to stop once every worker is. */
  void complete(1: TaskId task, 2: TaskResult result) throws (1: CoordinatorError error),

  /** Servers poll this to learn that the job is over. A superseded attempt is refused: it must exit. */
  bool shouldStop(1: TaskId task) throws (1: CoordinatorError error),

  /**
   * The recovery every shard must hold; shards poll it, and a relaunched shard reads it first. A
   * superseded attempt is refused: it must exit, not restore (and remove checkpoints) beside its successor.
   */
  Recovery recovery(1: TaskId task) throws (1: CoordinatorError error),

  /** A shard holds recovery `generation` (ok) or could not restore its checkpoint (not ok). */
  void restored(1: TaskId task, 2: i32 generation, 3: bool ok, 4: string message) throws (1: CoordinatorError error),

  /**
   * A shard wrote a good checkpoint of clock `clock`, taken while it held recovery `generation`.
   * Returns the newest clock every shard holds (0: none), which no shard may delete; -1 when the
   * checkpoint was taken before the latest rollback and is not counted: the shard prunes nothing.
   */
  i32 checkpointed(1: TaskId task, 2: i32 clock, 3: i32 generation) throws (1: CoordinatorError error),

  JobProgress progress()
}

// ---------------------------------------------------------------- parameter server (one per shard)

/**
 * A slice of one table. Either `keys` (packed little-endian int64, one per row) or a contiguous
 * row range [rangeStart, rangeStart + rangeCount). `values` holds rows x columns packed
 * little-endian float32, row-major; a pull request leaves it empty.
 *
 * `keySet` names a key set by its signature: with `keys`, the shard remembers them under it for
 * this worker and table; without, the slice's keys are the ones remembered (UNKNOWN_KEY_SET when
 * the shard holds none: send the keys again).
 */
struct Slice {
  1: optional binary keys,
  2: optional i64 rangeStart = 0,
  3: optional i32 rangeCount = 0,
  4: optional binary values,
  5: optional i64 keySet
}

struct PullReply {
  1: required binary values,
  2: required i32 clock    // every worker's updates of clocks below this are in `values`
}

enum PsErrorCode {
  UNKNOWN_TABLE = 0,
  BAD_SHAPE = 1,
  UNKNOWN_WORKER = 2,
  STALE_ATTEMPT = 3,
  BAD_CLOCK = 4,
  KEY_OUT_OF_RANGE = 5,
  TIMEOUT = 6,
  SHUTTING_DOWN = 7,
  ROLLED_BACK = 8,   // the shard went back to a checkpoint: say hello again and resume from its clock
  UNKNOWN_KEY_SET = 9,   // a slice named a key set the shard does not hold (restarted, or evicted): send the keys
  TOO_LARGE = 10   // a reply over the frame limit, or a table past what one shard's arrays hold
}

exception PsError {
  1: required PsErrorCode code,
  2: required string message
}

service ParameterServer {
  /**
   * A worker attempt binds itself; an older attempt's unfinished clock is dropped. Returns the
   * clocks it has committed. `generation` is the recovery of the worker's shard map: a shard that
   * does not hold that recovery (it is still restoring, or holds a newer one) refuses with
   * ROLLED_BACK, and the worker asks the coordinator for the current map.
   */
  i32 hello(1: i32 worker, 2: i32 attempt, 3: i32 generation) throws (1: PsError error),

  /** Buffers an update for the worker's current clock; nothing is visible before the clock commits. */
  void push(1: i32 worker, 2: i32 attempt, 3: i32 clock, 4: i32 table, 5: Slice update) throws (1: PsError error),

  /**
   * Commits the worker's clock `clock` (applies its buffered updates exactly once; a repeat is a
   * no-op), then waits up to timeoutMs until every worker has committed `waitForClock` clocks.
   * Returns the number of clocks every worker has committed.
   */
  i32 clock(1: i32 worker, 2: i32 attempt, 3: i32 clock, 4: i32 waitForClock, 5: i64 timeoutMs) throws (1: PsError error),

  /** Waits up to timeoutMs until every worker has committed minClock clocks, then reads. */
  PullReply pull(1: i32 worker, 2: i32 attempt, 3: i32 table, 4: Slice request, 5: i32 minClock, 6: i64 timeoutMs) throws (1: PsError error)
}

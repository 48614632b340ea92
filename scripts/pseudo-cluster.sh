#!/usr/bin/env bash
# A pseudo-distributed Hadoop cluster on this machine: NameNode, DataNode, ResourceManager and
# NodeManager as separate JVMs, from the Hadoop jars Maven already fetched, with generated
# configuration. For checking Spindle the way it runs on a real cluster (yarn jar / RunJar).
#
#   scripts/pseudo-cluster.sh start      # prints the HADOOP_CONF_DIR to use
#   scripts/pseudo-cluster.sh stop
#   scripts/pseudo-cluster.sh check      # start, submit through RunJar, stop; exit 0 only if it all worked
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${SPINDLE_PSEUDO_DIR:-$root/spindle-work/pseudo}"
conf="$dir/conf"
classpath_file="$root/app-master/target/local-classpath.txt"

# N distinct ports free now, drawn below the kernel's ephemeral range: a port taken from that range
# can be handed to another daemon's outgoing connection before its own daemon binds it (a
# NodeManager then fails with "Address already in use").
free_ports() {
  python3 - "$1" <<'PY'
import random, socket, sys
try:
    low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
except OSError:
    low = 32768
ports = set()
while len(ports) < int(sys.argv[1]):
    port = random.randrange(10000, low)
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    ports.add(port)
print(" ".join(map(str, ports)))
PY
}

property() { printf '  <property><name>%s</name><value>%s</value></property>\n' "$1" "$2"; }

write_conf() {
  mkdir -p "$conf" "$dir/lib" "$dir/webroot/webapps"/{hdfs,datanode,secondary} "$dir/logs" "$dir/pids"
  # The daemons' classpath: every Hadoop jar of the build, linked into one folder.
  tr ':' '\n' < "$classpath_file" | while read -r jar || [[ -n "$jar" ]]; do ln -sf "$jar" "$dir/lib/"; done
  local nn rm rms rmt rma rmw nm nml nmw nnh dn dnh dni shuffle
  read -r nn nnh dn dnh dni rm rms rmt rma rmw nm nml nmw shuffle <<< "$(free_ports 14)"
  { echo '<configuration>'
    property fs.defaultFS "hdfs://localhost:$nn"
    property hadoop.tmp.dir "$dir/tmp"
    echo '</configuration>'; } > "$conf/core-site.xml"
  { echo '<configuration>'
    property dfs.replication 1
    property dfs.permissions.enabled false
    property dfs.namenode.name.dir "$dir/name"
    property dfs.datanode.data.dir "$dir/data"
    property dfs.namenode.http-address "localhost:$nnh"
    property dfs.datanode.address "localhost:$dn"
    property dfs.datanode.http.address "localhost:$dnh"
    property dfs.datanode.ipc.address "localhost:$dni"
    echo '</configuration>'; } > "$conf/hdfs-site.xml"
  { echo '<configuration>'
    property yarn.resourcemanager.hostname localhost
    property yarn.resourcemanager.address "localhost:$rm"
    property yarn.resourcemanager.scheduler.address "localhost:$rms"
    property yarn.resourcemanager.resource-tracker.address "localhost:$rmt"
    property yarn.resourcemanager.admin.address "localhost:$rma"
    property yarn.resourcemanager.webapp.address "localhost:$rmw"
    property yarn.nodemanager.address "localhost:$nm"
    property yarn.nodemanager.localizer.address "localhost:$nml"
    property yarn.nodemanager.webapp.address "localhost:$nmw"
    property yarn.nodemanager.local-dirs "$dir/nm-local"
    property yarn.nodemanager.log-dirs "$dir/nm-logs"
    property yarn.nodemanager.resource.memory-mb 6144
    property yarn.nodemanager.resource.cpu-vcores 8
    property yarn.nodemanager.vmem-check-enabled false
    property yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage 99.5
    property yarn.nodemanager.sleep-delay-before-sigkill.ms 100
    property yarn.nodemanager.aux-services mapreduce_shuffle
    property yarn.nodemanager.aux-services.mapreduce_shuffle.class org.apache.hadoop.mapred.ShuffleHandler
    property mapreduce.shuffle.port "$shuffle"
    property yarn.scheduler.minimum-allocation-mb 128
    property yarn.timeline-service.enabled false
    property yarn.application.classpath "$conf,$dir/lib/*"
    echo '</configuration>'; } > "$conf/yarn-site.xml"
  { echo '<configuration>'
    property mapreduce.framework.name yarn
    property mapreduce.application.classpath "$conf,$dir/lib/*"
    property yarn.app.mapreduce.am.staging-dir /tmp/hadoop-yarn/staging
    echo '</configuration>'; } > "$conf/mapred-site.xml"
  { echo '<configuration>'
    property yarn.scheduler.capacity.root.queues default
    property yarn.scheduler.capacity.root.default.capacity 100
    property yarn.scheduler.capacity.root.default.maximum-capacity 100
    echo '</configuration>'; } > "$conf/capacity-scheduler.xml"
  cat > "$conf/log4j.properties" <<'LOG'
log4j.rootLogger=INFO,console
log4j.appender.console=org.apache.log4j.ConsoleAppender
log4j.appender.console.layout=org.apache.log4j.PatternLayout
log4j.appender.console.layout.ConversionPattern=%d{ISO8601} %p %c{1}: %m%n
LOG
}

daemon() {   # name main-class [args...]
  local name=$1 main=$2; shift 2
  JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}" \
    nohup java -Xmx512m --add-opens java.base/java.lang=ALL-UNNAMED \
    -cp "$conf:$dir/webroot:$dir/lib/*" "$main" "$@" > "$dir/logs/$name.log" 2>&1 &
  echo $! > "$dir/pids/$name.pid"
}

wait_for() {   # log-file pattern seconds
  for _ in $(seq 1 "$3"); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 1; done
  echo "pseudo-cluster: timed out waiting for '$2' in $1" >&2; tail -20 "$1" >&2; return 1
}

start() {
  [[ -f "$classpath_file" ]] || (cd "$root" && mvn -B -q -DskipTests package) >&2
  if [[ -d "$dir/pids" ]] && ls "$dir"/pids/*.pid >/dev/null 2>&1; then stop; fi
  rm -rf "$dir"
  write_conf
  export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
  java -cp "$conf:$dir/webroot:$dir/lib/*" org.apache.hadoop.hdfs.server.namenode.NameNode -format -nonInteractive \
    > "$dir/logs/format.log" 2>&1
  daemon namenode org.apache.hadoop.hdfs.server.namenode.NameNode
  daemon datanode org.apache.hadoop.hdfs.server.datanode.DataNode
  daemon resourcemanager org.apache.hadoop.yarn.server.resourcemanager.ResourceManager
  daemon nodemanager org.apache.hadoop.yarn.server.nodemanager.NodeManager
  wait_for "$dir/logs/datanode.log" "Successfully sent block report" 90 || exit 1
  wait_for "$dir/logs/nodemanager.log" "Registered with ResourceManager" 90 || exit 1
  echo "pseudo-cluster up: HADOOP_CONF_DIR=$conf" >&2
  echo "$conf"
}

stop() {
  for pid_file in "$dir"/pids/*.pid; do
    [[ -f "$pid_file" ]] || continue
    pid=$(cat "$pid_file")
    kill "$pid" 2>/dev/null || true
    # The NodeManager may ignore SIGTERM: give each a grace period, then KILL.
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pid_file"
  done
  echo "pseudo-cluster stopped" >&2
}

check() {
  local conf_dir status=0
  trap stop EXIT
  conf_dir=$(start) || return 1
  # Through RunJar, as `yarn jar` runs it: the client finds the jar, stages it, the AM runs.
  HADOOP_CONF_DIR="$conf_dir" "$root/scripts/spindle" selftest --workers 2 --servers 2 --staleness 1 \
    --kill worker:0@3 --json | tee "$dir/logs/selftest.out" || status=$?
  tail -1 "$dir/logs/selftest.out" | grep -q '"exact":true' || status=1
  return $status
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  check) check ;;
  *) echo "usage: $0 start|stop|check" >&2; exit 2 ;;
esac

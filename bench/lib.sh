# What the benchmark scripts share: sourced, not run.

# port_free PORT: fails when something listens on PORT.
port_free() {
  if ss -ltn "sport = :$1" | grep -q LISTEN; then echo "port $1 is taken" >&2; return 1; fi
}

# build_if_stale MODULE LOG: packages MODULE when its jar is missing or older than its own or the
# kit's sources (the same rule as ./exchange), so a benchmark never measures a stale jar.
build_if_stale() {
  local module=$1 log=$2 jar="$1/target/quarkus-app/quarkus-run.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$module/src" "$module/pom.xml" exchange-kit/src pom.xml -newer "$jar" -type f | head -1)" ]; then
    echo "building $module ..."
    flock /tmp/exchange-mvn.lock mvn -B -q -pl "$module" -am install -DskipTests >"$log" 2>&1 \
      || { tail -30 "$log" >&2; return 1; }
  fi
}

# wait_ready PORT PID LOG NAME: waits up to 60 s for /q/health/ready; fails (with the log's tail)
# when the process dies or never becomes ready.
wait_ready() {
  local port=$1 pid=$2 log=$3 name=$4
  for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "$name died; see $log" >&2; tail -40 "$log" >&2; return 1; }
    sleep 0.5
  done
  echo "$name did not become ready in 60 s; see $log" >&2; tail -40 "$log" >&2; return 1
}

# kafka_test_env: a service run by a benchmark (topics "bench.*") authenticates as the local
# tests' principal, which alone may use those topics (./exchange up created its password)
kafka_test_env() {
  local file=.exchange/kafka/credentials/exchange-test
  [ -s "$file" ] || { echo "no Kafka credentials: ./exchange up (or infra) first" >&2; return 1; }
  export KAFKA_USERNAME=exchange-test KAFKA_PASSWORD=$(cat "$file")
}

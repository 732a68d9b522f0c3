#!/usr/bin/env bash
# Payout benchmark: the split of one 100,000-subject purchase. Needs Kafka and PostgreSQL (./exchange infra).
# Starts payout-service's jar on port 18084 against a scratch database (exchange_payout_bench) and a bench.<run>.
# topic prefix, publishes the cohort (20 chunks of 5,000) and purchase.completed, and prints:
#   - first event published -> split committed (consume, stage 100,000 members, split, write 100,003 postings);
#   - the split transaction alone (from the service log);
#   - the release from hold (100,000 pending -> available moves and 100,000 earnings.credited outbox events);
# then restarts the service with its consumer offsets lost (a new consumer group: every event is delivered
# again) and checks the ledger did not move. Stops what it started and drops the scratch database.
# Usage: bench/payout-split.sh        (SUBJECTS=... to change the cohort size, KEEP=1 to keep the database)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. bench/lib.sh
PORT=${PORT:-18084}
DB=exchange_payout_bench
RUN=$(date +%s)
PREFIX="bench.$RUN."
LOG=$(mktemp -t payout-bench-XXXX.log)
PSQL=(psql -h "${DB_HOST:-127.0.0.1}" -p "${DB_PORT:-5432}" -U "${DB_USER:-postgres}" -qtA -v ON_ERROR_STOP=1)
JAR=payout-service/target/quarkus-app/quarkus-run.jar
PID=

port_free "$PORT" || { echo "set PORT=..." >&2; exit 1; }
build_if_stale payout-service "$LOG.build"

stop() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi
  PID=
}
cleanup() {
  stop
  [ "${KEEP:-0}" = 1 ] || "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null
  rm -rf "${BENCH_KEY_DIR:-/nonexistent}"
  echo "service log: $LOG"
}
trap cleanup EXIT

# the bench stands in for pricing-service: it signs the events with its own key (which this payout
# instance trusts) and answers payout's confirmation of the purchase on FAKE_PRICING_PORT
export BENCH_KEY_DIR=$(mktemp -d -t payout-bench-keys-XXXX) FAKE_PRICING_PORT=${FAKE_PRICING_PORT:-18093}
kafka_test_env
start() { # $1 = consumer group
  java -Xmx1g -Dquarkus.http.port="$PORT" -Ddb.name=$DB -Dexchange.topic-prefix="$PREFIX" \
       -Dquarkus.rest-client.pricing.url="http://127.0.0.1:$FAKE_PRICING_PORT" \
       -Dexchange.events.publishers.pricing-service.keys-url="file:$BENCH_KEY_DIR/pricing-jwks.json" \
       -Dmp.messaging.incoming.pricing-in.group.id="$1" \
       -Dexchange.payout.hold-period=PT5S -Dexchange.payout.release-interval=1s \
       -jar "$JAR" >>"$LOG" 2>&1 &
  PID=$!
  wait_ready "$PORT" "$PID" "$LOG" payout-service
}

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" >/dev/null
CP="$ROOT/payout-service/target/quarkus-app/lib/main/*"
JDBC="jdbc:postgresql://${DB_HOST:-127.0.0.1}:${DB_PORT:-5432}/$DB"

start "payout-bench-$RUN"
echo "== split of a ${SUBJECTS:-100000}-subject purchase (payout-service pid $PID, port $PORT, topics ${PREFIX}*)"
java -cp "$CP" bench/PayoutSplitBench.java "$PREFIX" "$JDBC" split 2>/dev/null
grep -o "split purchase [^ ]*: .*" "$LOG" | sed 's/^/service: /'

echo "== restart with lost offsets: every event is delivered again"
stop
start "payout-bench-$RUN-replay"
java -cp "$CP" bench/PayoutSplitBench.java "$PREFIX" "$JDBC" replay 2>/dev/null

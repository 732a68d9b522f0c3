#!/usr/bin/env bash
# Pricing benchmark: quote and purchase latency (p50/p99) for cohorts of 1,000 / 10,000 / 100,000
# subjects. Runs the pricing-service jar on port 18083 against a scratch database
# (exchange_pricing_bench, dropped afterwards), the real Kafka broker (topic bench.pricing.events)
# and the real Keycloak (tokens for acme-health, ai-lab and the service account), with catalog and
# consent replaced by bench/PricingBenchFakes.java on port 18090. Stops what it started.
# Needs: ./exchange infra running (Postgres, Kafka, Keycloak). Usage: bench/pricing-purchase.sh [sizes...]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
PORT=${PRICING_BENCH_PORT:-18083}
FAKES=${PRICING_BENCH_FAKES_PORT:-18090}
DB=exchange_pricing_bench
KEYCLOAK=${KEYCLOAK_URL:-http://127.0.0.1:8180}
PSQL=(psql -h "${DB_HOST:-127.0.0.1}" -p "${DB_PORT:-5432}" -U "${DB_USER:-postgres}" -qtA -v ON_ERROR_STOP=1)
LOG=${TMPDIR:-/tmp}/pricing-bench-$$.log
JAR=pricing-service/target/quarkus-app/quarkus-run.jar

port_free "$PORT"
port_free "$FAKES"
build_if_stale pricing-service "$LOG.build"

token() { curl -fs -d grant_type=password -d client_id=exchange-cli -d "username=$1" -d "password=$1" \
  "$KEYCLOAK/realms/exchange/protocol/openid-connect/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/'; }
# the token's sub (base64url JSON; padding may be off, which base64 -d reports but still decodes)
sub_of() { cut -d. -f2 <<<"$1" | tr '_-' '/+' | { base64 -d 2>/dev/null || true; } | sed 's/.*"sub":"\([^"]*\)".*/\1/'; }
PROVIDER_TOKEN=$(token acme-health)
CONSUMER_TOKEN=$(token ai-lab)
PROVIDER_ID=$(sub_of "$PROVIDER_TOKEN==")
[ -n "$PROVIDER_TOKEN" ] && [ -n "$CONSUMER_TOKEN" ] && [ -n "$PROVIDER_ID" ] || { echo "no tokens from $KEYCLOAK" >&2; exit 1; }

FAKES_PID= SERVICE_PID=
cleanup() {
  [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
  [ -n "$FAKES_PID" ] && kill "$FAKES_PID" 2>/dev/null && wait "$FAKES_PID" 2>/dev/null || true
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" >/dev/null

kafka_test_env
java bench/PricingBenchFakes.java "$FAKES" "$PROVIDER_ID" >"$LOG.fakes" 2>&1 &
FAKES_PID=$!
java -Xmx1g -Dquarkus.http.port="$PORT" -Ddb.name="$DB" -Dexchange.topic-prefix=bench. \
  -Dquarkus.datasource.jdbc.max-size=2 \
  -Dquarkus.rest-client.catalog.url="http://127.0.0.1:$FAKES" -Dquarkus.rest-client.consent.url="http://127.0.0.1:$FAKES" \
  -Dquarkus.log.level=WARN -jar "$JAR" >"$LOG" 2>&1 &
SERVICE_PID=$!
wait_ready "$PORT" "$SERVICE_PID" "$LOG" pricing-service
echo "pricing-service on $PORT (log $LOG); $(nproc) cores; cohorts: ${*:-1000 10000 100000}"
java bench/PricingBench.java "http://127.0.0.1:$PORT" "$PROVIDER_TOKEN" "$CONSUMER_TOKEN" "$@"
echo "rows written: $("${PSQL[@]}" -d "$DB" -c "SELECT (SELECT count(*) FROM purchase_member) || ' pinned members, ' || (SELECT count(*) FROM outbox) || ' outbox events'")"

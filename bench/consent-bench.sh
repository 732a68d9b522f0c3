#!/usr/bin/env bash
# Consent benchmark on a running stack (./exchange up): grant+revoke round trips through the
# gateway at 16 concurrent subjects, and the internal confirmation of a 100,000-subject cohort.
# It inserts 100,000 synthetic consents (subjects bench-cohort-*) into exchange_consent for the
# confirmation part and removes them afterwards; "lag" measures how long a revocation takes to
# show in the catalog's consenting counts. Usage: bench/consent-bench.sh [grants|lag|confirm|all]
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-all}
PSQL=(psql -h "${DB_HOST:-127.0.0.1}" -p "${DB_PORT:-5432}" -U "${DB_USER:-postgres}" -d exchange_consent -qtA -v ON_ERROR_STOP=1)
curl -fs -o /dev/null http://127.0.0.1:8080/q/health/ready || { echo "the exchange is not running: ./exchange up" >&2; exit 1; }

cleanup() { "${PSQL[@]}" -c "DELETE FROM consent WHERE subject_id LIKE 'bench-cohort-%'" >/dev/null; }
if [ "$MODE" = all ] || [ "$MODE" = confirm ]; then
  trap cleanup EXIT
  cleanup
  # 100,000 consents for bench-dataset; every 10th subject has withdrawn (not confirmed)
  "${PSQL[@]}" -c "INSERT INTO consent (id, subject_id, scope_type, scope_id, purpose, data_categories, status, version,
                     created_at, updated_at)
                   SELECT gen_random_uuid(), 'bench-cohort-' || i, 'DATASET', 'bench-dataset', 'ai-training', 'steps',
                          CASE WHEN i % 10 = 0 THEN 'WITHDRAWN' ELSE 'GIVEN' END, 1, now(), now()
                   FROM generate_series(0, 99999) AS i" >/dev/null
  "${PSQL[@]}" -c "ANALYZE consent" >/dev/null
fi
java bench/ConsentBench.java "$MODE" bench-dataset

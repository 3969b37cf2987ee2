# Sourced by .ci/run: a real PostgreSQL for the test suite, from Debian's packages.
# Installs the server if missing, starts a cluster (run by the postgres user) on localhost,
# creates a fresh test database and exports DATELINE_TEST_POSTGRES_URL for pytest.
export DEBIAN_FRONTEND=noninteractive
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq postgresql
fi
PG_VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" {found = 1} END {exit !found}'; then
  pg_createcluster "$PG_VERSION" main
fi
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" && $4 == "online" {up = 1} END {exit !up}'; then
  pg_ctlcluster "$PG_VERSION" main start
fi
PG_PORT="$(pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" {print $3}')"
pg_sql() { runuser -u postgres -- psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qtAc "$1"; }
for _ in $(seq 1 30); do pg_sql "SELECT 1" >/dev/null 2>&1 && break; sleep 1; done
if [ "$(pg_sql "SELECT 1 FROM pg_roles WHERE rolname = 'dateline_ci'")" != "1" ]; then
  pg_sql "CREATE ROLE dateline_ci LOGIN PASSWORD 'dateline_ci'"
fi
pg_sql "DROP DATABASE IF EXISTS dateline_ci WITH (FORCE)"
pg_sql "CREATE DATABASE dateline_ci OWNER dateline_ci"
export DATELINE_TEST_POSTGRES_URL="postgresql+psycopg://dateline_ci:dateline_ci@127.0.0.1:${PG_PORT}/dateline_ci"
echo "PostgreSQL $PG_VERSION on port $PG_PORT: tests also run against $DATELINE_TEST_POSTGRES_URL"

#!/usr/bin/env bash
# PostgreSQL 15 for CI and local runs on a fresh Debian machine without systemd: installs it if
# missing, starts the cluster, and creates the `tillpoint` role (may create databases: the API
# suite clones one per test server) and database. Safe to run again: each step is skipped when
# already done. Prints the URL to use (TEST_POSTGRES_URL / DATABASE_URL).
set -euo pipefail

ROLE=${TILLPOINT_PG_ROLE:-tillpoint}
PASSWORD=${TILLPOINT_PG_PASSWORD:-tillpoint}
DATABASE=${TILLPOINT_PG_DATABASE:-tillpoint}

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d /usr/lib/postgresql/15 ]; then
  echo "Installing PostgreSQL 15..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if ! pg_lsclusters -h | grep -q '^15 \+main'; then
  pg_createcluster 15 main >/dev/null
fi
if ! pg_lsclusters -h | awk '$1 == 15 && $2 == "main" { print $4 }' | grep -q online; then
  pg_ctlcluster 15 main start
fi

psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtA $*"; }
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'\"")" != 1 ]; then
  psql_admin "-c \"CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'\""
fi
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname = '$DATABASE'\"")" != 1 ]; then
  psql_admin "-c \"CREATE DATABASE $DATABASE OWNER $ROLE\""
fi
echo "postgres://$ROLE:$PASSWORD@127.0.0.1:5432/$DATABASE"

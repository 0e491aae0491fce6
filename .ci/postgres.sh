#!/bin/sh
# Installs PostgreSQL from Debian if it is missing, starts it, and creates two databases: the
# indexer tests' (postgres://postgres:postgres@127.0.0.1:5432/jiaozi_test) and the simulated
# year's (jiaozi_soak).
set -eu
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
as_postgres() { $SUDO su postgres -c "$1"; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
$SUDO service postgresql start
for _ in $(seq 1 30); do
  as_postgres 'psql -qAtc "select 1"' >/dev/null 2>&1 && break
  sleep 1
done
as_postgres "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\""
for database in jiaozi_test jiaozi_soak; do
  as_postgres "psql -qAtc \"SELECT 1 FROM pg_database WHERE datname = '$database'\"" | grep -q 1 ||
    as_postgres "createdb $database"
done

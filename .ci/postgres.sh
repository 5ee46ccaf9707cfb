#!/usr/bin/env bash
# Provides a real PostgreSQL for the PostgreSQL tests (PostgresStoreIT, the two-server and restart
# tests). embedded-postgres refuses to run as root and CI runs as root, so this uses Debian's
# postgresql packages: it installs them when missing, creates (once) and starts a cluster named
# "vigil" on a free port, owned by the postgres user, with a password role and a database.
#
# Interface (what .ci/run must contain):
#
#     source .ci/postgres.sh
#     mvn -B verify -Dvigil.postgresUrl="$VIGIL_TEST_POSTGRES_URL" -Dvigil.requirePostgres=true
#
# After it is sourced (or run: `bash .ci/postgres.sh` prints the same lines) these are exported:
#   VIGIL_TEST_POSTGRES_URL      postgresql://vigil:vigil@127.0.0.1:PORT/vigil  (role may CREATEDB: the
#                                tests create and drop their own databases in this cluster)
#   VIGIL_TEST_POSTGRES_CTL      a shell command prefix controlling this cluster: "$VIGIL_TEST_POSTGRES_CTL stop"
#                                / "start" (the restart test stops and starts the server under load;
#                                also accepted as -Dvigil.postgresCtl=...)
# and they are also written to .ci/postgres.env (`source .ci/postgres.env` in a later shell).
# The tests read both variables from the environment too (so the -D flags are optional); the
# restart test needs VIGIL_TEST_POSTGRES_CTL in the environment or as -Dvigil.postgresCtl.
# Re-running is cheap: an existing "vigil" cluster is reused and just started.
# Stop it with: pg_ctlcluster <version> vigil stop ; remove it with: pg_dropcluster --stop <version> vigil

_vigil_pg_main() {
  local cluster=vigil role=vigil password=vigil database=vigil
  local here; here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

  if ! command -v pg_createcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "postgres.sh: installing Debian's postgresql" >&2
    export DEBIAN_FRONTEND=noninteractive
    # The package's own 'main' cluster is not needed; do not create it.
    mkdir -p /etc/postgresql-common && echo "create_main_cluster = false" >> /etc/postgresql-common/createcluster.conf
    (apt-get update -qq && apt-get install -y -qq postgresql >/dev/null) || { echo "postgres.sh: apt-get install postgresql failed" >&2; return 1; }
  fi
  local version; version="$(ls /usr/lib/postgresql | sort -V | tail -1)"

  local port
  port="$(pg_lsclusters -h 2>/dev/null | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $3}')"
  if [ -z "$port" ]; then
    port=55432
    while pg_lsclusters -h 2>/dev/null | awk '{print $3}' | grep -qx "$port" \
        || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
      port=$((port + 1))
    done
    # fsync off: a test database, fast; a clean restart (the restart test) still loses nothing.
    pg_createcluster -q "$version" "$cluster" -p "$port" \
        -o fsync=off -o full_page_writes=off -o max_connections=200 -o shared_buffers=128MB \
        -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null \
      || { echo "postgres.sh: pg_createcluster failed" >&2; return 1; }
  fi
  if ! pg_ctlcluster "$version" "$cluster" status >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start \
      || { echo "postgres.sh: cannot start cluster $version/$cluster; see /var/log/postgresql/postgresql-$version-$cluster.log" >&2; return 1; }
  fi
  local i
  for i in $(seq 1 50); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 0.2
  done

  su postgres -c "psql -q -p $port -v ON_ERROR_STOP=1 -d postgres" >/dev/null <<SQL || { echo "postgres.sh: cannot create role/database" >&2; return 1; }
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $database OWNER $role' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$database')\gexec
SQL

  export VIGIL_TEST_POSTGRES_URL="postgresql://$role:$password@127.0.0.1:$port/$database"
  export VIGIL_TEST_POSTGRES_CTL="pg_ctlcluster --skip-systemctl-redirect $version $cluster"
  printf 'export VIGIL_TEST_POSTGRES_URL=%q\nexport VIGIL_TEST_POSTGRES_CTL=%q\n' \
    "$VIGIL_TEST_POSTGRES_URL" "$VIGIL_TEST_POSTGRES_CTL" > "$here/postgres.env"
  echo "postgres.sh: PostgreSQL $version ready: VIGIL_TEST_POSTGRES_URL=$VIGIL_TEST_POSTGRES_URL" >&2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  _vigil_pg_main || exit 1
  cat "$(cd "$(dirname "$0")" && pwd)/postgres.env"
else
  _vigil_pg_main
fi

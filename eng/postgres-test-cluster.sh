#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the storage tests: loopback only, fsync on.
#
#   eng/postgres-test-cluster.sh start [DIR]   # prints DROVER_TEST_POSTGRES=<connection string>
#   eng/postgres-test-cluster.sh stop [DIR]    # stops it and removes DIR
#
# DIR defaults to /tmp/drover-pg-test. The server runs as a non-root user (the `postgres` system user,
# created when missing) because PostgreSQL refuses to run as root. The connection string is also written
# to DIR/connection-string, so a shell can do: export DROVER_TEST_POSTGRES="$(cat DIR/connection-string)".
set -euo pipefail

readonly PG_VERSION=15
readonly DATABASE=drover_test
readonly MARKER=.drover-postgres-test-cluster
readonly DEFAULT_DIR=/tmp/drover-pg-test

log() { printf '%s\n' "$*" >&2; }
die() { log "postgres-test-cluster: $*"; exit 1; }

usage() {
  log "usage: $0 start|stop [DIR]   (DIR defaults to $DEFAULT_DIR)"
  exit 2
}

find_bindir() {
  local candidate
  for candidate in "/usr/lib/postgresql/$PG_VERSION/bin" "$(dirname "$(readlink -f "$(command -v pg_ctl 2>/dev/null || echo /nonexistent)")")"; do
    if [[ -x "$candidate/pg_ctl" && -x "$candidate/initdb" && -x "$candidate/postgres" ]]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

install_server() {
  [[ $EUID -eq 0 ]] || die "PostgreSQL $PG_VERSION server binaries are missing and installing them needs root."
  log "PostgreSQL $PG_VERSION server binaries not found; installing postgresql-$PG_VERSION with apt-get."
  # Keep the Debian package from creating and starting its own cluster on port 5432: we only want the binaries.
  mkdir -p /etc/postgresql-common
  if ! grep -qs '^create_main_cluster *= *false' /etc/postgresql-common/createcluster.conf; then
    echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y --no-install-recommends "postgresql-$PG_VERSION" >&2
}

# Who runs the server: ourselves when not root, else the postgres system user (created when missing).
server_user() {
  if [[ $EUID -ne 0 ]]; then
    id -un
    return
  fi
  if ! id -u postgres >/dev/null 2>&1; then
    log "Creating system user postgres."
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
  fi
  echo postgres
}

as_server_user() {
  if [[ $EUID -eq 0 ]]; then
    runuser -u "$SERVER_USER" -- "$@"
  else
    "$@"
  fi
}

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 20000))
    # A refused connection means nothing listens there.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free port found"
}

check_dir() {
  local dir=$1
  [[ "$dir" == /* ]] || die "DIR must be an absolute path: $dir"
  case "$dir" in
    / | /tmp | /root | /home | /usr | /var | /etc) die "refusing to use $dir as the cluster directory" ;;
  esac
}

stop_cluster() {
  local dir=$1
  check_dir "$dir"
  [[ -e "$dir" ]] || return 0
  if [[ ! -e "$dir/$MARKER" ]] && [[ -n "$(ls -A "$dir")" ]]; then
    die "$dir exists and was not made by this script (no $MARKER); not touching it"
  fi
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    local bindir
    bindir=$(find_bindir) || die "cannot find pg_ctl to stop the cluster in $dir"
    SERVER_USER=$(stat -c %U "$dir/data")
    # status exits 3 when the pid file is stale (the server was killed); then there is nothing to stop.
    if as_server_user "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as_server_user "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >&2 \
        || as_server_user "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >&2 \
        || log "pg_ctl stop failed; removing $dir anyway"
    fi
  fi
  rm -rf "$dir"
}

start_cluster() {
  local dir=$1
  check_dir "$dir"
  stop_cluster "$dir"

  local bindir
  if ! bindir=$(find_bindir); then
    install_server
    bindir=$(find_bindir) || die "postgresql-$PG_VERSION installed, but its binaries are not in /usr/lib/postgresql/$PG_VERSION/bin"
  fi

  SERVER_USER=$(server_user)
  mkdir -p "$dir"
  touch "$dir/$MARKER"
  chown "$SERVER_USER" "$dir"
  as_server_user test -w "$dir" || die "user $SERVER_USER cannot write to $dir; pick a DIR it can reach"

  local password
  password=$(head -c 18 /dev/urandom | base64 | tr -d '+/=')
  # shellcheck disable=SC2016 # $1 is expanded by the inner shell, which receives the path as its argument.
  as_server_user sh -c 'umask 077; cat > "$1"' sh "$dir/pwfile" <<<"$password"
  # scram over TCP (password in the connection string); peer on the private socket for this script's own psql.
  as_server_user "$bindir/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
    --auth-host=scram-sha-256 --auth-local=peer -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  rm -f "$dir/pwfile"

  local port attempt
  for attempt in 1 2 3; do
    port=$(free_port)
    cat >"$dir/data/postgresql.auto.conf" <<EOF
# Written by eng/postgres-test-cluster.sh
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
# Durability is measured honestly: every commit is flushed.
fsync = on
synchronous_commit = on
full_page_writes = on
EOF
    chown "$SERVER_USER" "$dir/data/postgresql.auto.conf"
    if as_server_user "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >&2; then
      break
    fi
    # Most likely someone took the port between probing and binding; try another.
    [[ $attempt -lt 3 ]] || { tail -n 20 "$dir/postgres.log" >&2 || true; die "the server did not start"; }
    log "start attempt $attempt failed; retrying on another port"
  done

  as_server_user "$bindir/pg_isready" -h 127.0.0.1 -p "$port" -t 30 >&2 || die "the server is not accepting connections"
  as_server_user "$bindir/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $DATABASE" >&2

  local connection="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=$DATABASE"
  (umask 077; printf '%s\n' "$connection" >"$dir/connection-string")
  echo "DROVER_TEST_POSTGRES=$connection"
}

[[ $# -ge 1 && $# -le 2 ]] || usage
DIR=${2:-$DEFAULT_DIR}
DIR=${DIR%/}
case "$1" in
  start) start_cluster "$DIR" ;;
  stop) stop_cluster "$DIR" ;;
  *) usage ;;
esac

#!/usr/bin/env bash
# Provision a throw-away native PostgreSQL (Debian packages) + pgvector for tests.
#
#   scripts/test-postgres.sh [start]  ensure packages, pgvector, cluster, database; print URL
#   scripts/test-postgres.sh url      print the URL of the running server (exit 1 if not running)
#   scripts/test-postgres.sh stop     stop the server (data directory is kept)
#
# Only the connection URL goes to stdout (as the last line), everything else to
# stderr, so callers can do:  export TEST_DATABASE_URL=$(scripts/test-postgres.sh start)
#
# Idempotent: a second `start` against a running server takes well under a second.
# Environment overrides: KC_PG_BASE (default /tmp/kraftcenter-pg),
# KC_PG_PORT (preferred port, default 55432), KC_PG_DB (default kraftcenter_test).
set -euo pipefail

# stdout is reserved for the URL: keep fd 3 for it and send everything else to stderr.
exec 3>&1 1>&2

BASE="${KC_PG_BASE:-/tmp/kraftcenter-pg}"
PREFERRED_PORT="${KC_PG_PORT:-55432}"
DB_NAME="${KC_PG_DB:-kraftcenter_test}"
export DEBIAN_FRONTEND=noninteractive

log() { printf '[test-postgres] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1
if [ "$IS_ROOT" -eq 1 ]; then OS_USER=postgres; else OS_USER="$(id -un)"; fi

# Run a command as the OS user that owns the cluster (initdb/pg_ctl refuse to run as root).
as_pg() {
  if [ "$IS_ROOT" -eq 1 ]; then
    (cd / && runuser -u "$OS_USER" -- "$@")
  else
    "$@"
  fi
}

need_root() { [ "$IS_ROOT" -eq 1 ] || die "$1 requires root (run as root or install it by hand)"; }

APT_UPDATED=0
apt_update_once() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    apt-get update -qq >&2
    APT_UPDATED=1
  fi
}
apt_install() {
  need_root "apt-get install $*"
  apt_update_once
  log "apt-get install -y $*"
  apt-get install -y -qq --no-install-recommends "$@" >&2
}

# ---------------------------------------------------------------- packages ---
detect_major() {
  # Highest installed major that has a pg_ctl.
  local d best=""
  for d in /usr/lib/postgresql/*/bin/pg_ctl; do
    [ -x "$d" ] || continue
    d="${d#/usr/lib/postgresql/}"; d="${d%%/*}"
    if [ -z "$best" ] || [ "$d" -gt "$best" ] 2>/dev/null; then best="$d"; fi
  done
  printf '%s' "$best"
}

ensure_postgres_packages() {
  MAJOR="$(detect_major)"
  if [ -z "$MAJOR" ]; then
    need_root "installing PostgreSQL"
    apt_update_once
    # The distribution's default major (15 on bookworm), from the `postgresql` metapackage.
    local want
    want="$(apt-cache depends postgresql 2>/dev/null | sed -n 's/.*Depends: postgresql-\([0-9][0-9]*\)$/\1/p' | head -n1)"
    want="${want:-15}"
    log "installing PostgreSQL $want"
    # policy-rc.d is not touched: if Debian starts its own 5432 cluster, fine; we do not use it.
    apt_install postgresql "postgresql-$want" "postgresql-server-dev-$want"
    MAJOR="$(detect_major)"
    [ -n "$MAJOR" ] || die "PostgreSQL installed but no pg_ctl found under /usr/lib/postgresql/*/bin"
  fi
  PGBIN="/usr/lib/postgresql/$MAJOR/bin"
  PG_CONFIG="$PGBIN/pg_config"
  [ -x "$PG_CONFIG" ] || PG_CONFIG="$(command -v pg_config || true)"
  [ -x "$PG_CONFIG" ] || die "pg_config not found for PostgreSQL $MAJOR"
}

# ---------------------------------------------------------------- pgvector ---
vector_installed() {
  [ -f "$("$PG_CONFIG" --sharedir)/extension/vector.control" ] &&
    [ -f "$("$PG_CONFIG" --pkglibdir)/vector.so" ]
}

debian_mirror() {
  # Reuse the host of the configured Debian archive (not debian-security); fallback deb.debian.org.
  local uri=""
  if compgen -G '/etc/apt/sources.list.d/*.sources' >/dev/null; then
    uri="$(sed -n 's/^[[:space:]]*URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources |
      tr ' ' '\n' | grep -E '/debian/?$' | head -n1 || true)"
  fi
  if [ -z "$uri" ]; then
    uri="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      sed -E -n 's/^[[:space:]]*deb(-src)?[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\3/p' |
      grep -E '/debian/?$' | head -n1 || true)"
  fi
  uri="${uri%/}"
  # A dated snapshot URL would pin trixie to that date too; that is fine, but prefer it only if set.
  printf '%s' "${uri:-http://deb.debian.org/debian}"
}

TRIXIE_SRC_LIST=/etc/apt/sources.list.d/kraftcenter-trixie-src.list
BUILD_DIR=""
cleanup_build() {
  [ -n "$BUILD_DIR" ] && rm -rf "$BUILD_DIR"
  if [ -f "$TRIXIE_SRC_LIST" ]; then rm -f "$TRIXIE_SRC_LIST"; fi
}

ensure_pgvector() {
  vector_installed && return 0
  need_root "installing pgvector"
  log "pgvector not installed for PostgreSQL $MAJOR"

  # 1. A binary package, if this distribution has one (not on bookworm).
  local cand
  cand="$(apt-cache policy "postgresql-$MAJOR-pgvector" 2>/dev/null | sed -n 's/^[[:space:]]*Candidate:[[:space:]]*//p')"
  if [ -z "$cand" ] && [ "$APT_UPDATED" -eq 0 ] && [ -z "$(ls /var/lib/apt/lists/*_Packages* 2>/dev/null)" ]; then
    apt_update_once
    cand="$(apt-cache policy "postgresql-$MAJOR-pgvector" 2>/dev/null | sed -n 's/^[[:space:]]*Candidate:[[:space:]]*//p')"
  fi
  if [ -n "$cand" ] && [ "$cand" != "(none)" ]; then
    apt_install "postgresql-$MAJOR-pgvector"
    vector_installed && return 0
    log "postgresql-$MAJOR-pgvector installed but vector.control still missing; building from source"
  fi

  # 2. Build from Debian trixie's source package. Only a deb-src line is added (never a
  #    binary `deb` line), so apt cannot install or upgrade anything from trixie; the file
  #    is removed again afterwards.
  command -v gcc >/dev/null && command -v make >/dev/null || apt_install build-essential
  # pgxs.mk ships with postgresql-client-N; the server headers come with postgresql-server-dev-N.
  server_dev_ok() {
    [ -f "$("$PG_CONFIG" --pgxs 2>/dev/null)" ] && [ -f "$("$PG_CONFIG" --includedir-server)/postgres.h" ]
  }
  server_dev_ok || apt_install "postgresql-server-dev-$MAJOR"
  server_dev_ok || die "PGXS or server headers missing even after installing postgresql-server-dev-$MAJOR"

  local mirror signed=""
  mirror="$(debian_mirror)"
  [ -f /usr/share/keyrings/debian-archive-keyring.gpg ] &&
    signed="[signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
  trap cleanup_build EXIT
  log "adding $TRIXIE_SRC_LIST (deb-src only) from $mirror"
  printf 'deb-src %s%s trixie main\n' "$signed" "$mirror" >"$TRIXIE_SRC_LIST"
  APT_UPDATED=0
  apt_update_once

  BUILD_DIR="$(mktemp -d /tmp/kraftcenter-pgvector.XXXXXX)"
  # Let apt's sandbox user write the download (avoids the "unsandboxed as root" warning).
  if id _apt >/dev/null 2>&1; then chown _apt "$BUILD_DIR"; fi
  log "downloading pgvector source package"
  (cd "$BUILD_DIR" && apt-get source --download-only -qq pgvector >&2)
  local orig
  orig="$(ls "$BUILD_DIR"/pgvector_*.orig.tar.* 2>/dev/null | head -n1)"
  [ -n "$orig" ] || die "apt-get source pgvector gave no .orig tarball"
  log "building $(basename "$orig")"
  mkdir -p "$BUILD_DIR/src"
  tar -xf "$orig" -C "$BUILD_DIR/src" --strip-components=1
  # OPTFLAGS="" avoids -march=native; with_llvm=no avoids needing clang for JIT bitcode.
  make -C "$BUILD_DIR/src" -s -j"$(nproc)" PG_CONFIG="$PG_CONFIG" OPTFLAGS="" with_llvm=no >&2
  make -C "$BUILD_DIR/src" -s install PG_CONFIG="$PG_CONFIG" OPTFLAGS="" with_llvm=no >&2
  cleanup_build
  trap - EXIT
  BUILD_DIR=""
  vector_installed || die "pgvector build finished but vector.control/vector.so are not installed"
  log "pgvector installed"
}

# ----------------------------------------------------------------- cluster ---
set_paths() {
  CLUSTER_DIR="$BASE/$MAJOR"
  DATA_DIR="$CLUSTER_DIR/data"
  PORT_FILE="$CLUSTER_DIR/port"
  LOG_FILE="$CLUSTER_DIR/postgres.log"
}

# Paths without installing anything (for `url` and `stop`).
locate_existing() {
  MAJOR="$(detect_major)"
  [ -n "$MAJOR" ] || die "PostgreSQL is not installed (run: $0 start)"
  PGBIN="/usr/lib/postgresql/$MAJOR/bin"
  set_paths
}

is_running() {
  [ -f "$DATA_DIR/PG_VERSION" ] || return 1
  [ -f "$DATA_DIR/postmaster.pid" ] || return 1
  # A postmaster killed with SIGKILL can linger as a zombie until init reaps it; pg_ctl (and
  # a new postmaster) would take that for a live server. Wait for it to go away.
  local pid i
  pid="$(head -n1 "$DATA_DIR/postmaster.pid" 2>/dev/null || true)"
  if [[ "$pid" =~ ^[0-9]+$ ]]; then
    for i in $(seq 1 50); do
      [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] || break
      sleep 0.2
    done
  fi
  as_pg "$PGBIN/pg_ctl" status -D "$DATA_DIR" >/dev/null 2>&1
}

wait_ready() {
  local i
  for i in $(seq 1 60); do
    "$PGBIN/pg_isready" -q -h "$BASE" -p "$PORT" -U postgres -t 1 && return 0
    sleep 0.5
  done
  return 1
}

port_in_use() {
  local p="$1"
  # Something listening on TCP, or a socket lock file from another server in our socket dir.
  (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && return 0
  local lock="$BASE/.s.PGSQL.$p.lock" pid
  if [ -e "$lock" ]; then
    pid="$(head -n1 "$lock" 2>/dev/null || true)"
    [[ "$pid" =~ ^-?[0-9]+$ ]] && kill -0 "${pid#-}" 2>/dev/null && return 0
  fi
  return 1
}

choose_port() {
  # Preferred port first, then the one used last time, then the first free one in a range.
  local p last=""
  [ -s "$PORT_FILE" ] && last="$(cat "$PORT_FILE")"
  [[ "$last" =~ ^[0-9]+$ ]] || last=""
  for p in "$PREFERRED_PORT" $last $(seq 55433 55532); do
    if ! port_in_use "$p"; then printf '%s' "$p"; return; fi
  done
  die "no free port found in 55432-55532"
}

ensure_cluster() {
  mkdir -p "$CLUSTER_DIR"
  chown "$OS_USER": "$BASE" "$CLUSTER_DIR"
  chmod 0755 "$BASE" "$CLUSTER_DIR"

  if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
    [ -e "$DATA_DIR" ] && { log "removing incomplete data directory $DATA_DIR"; rm -rf "$DATA_DIR"; }
    local locale=C
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=C.UTF-8; fi
    log "initdb $DATA_DIR (locale $locale)"
    as_pg "$PGBIN/initdb" -D "$DATA_DIR" --auth=trust -U postgres --encoding=UTF8 \
      --locale="$locale" --no-instructions >&2
  fi

  if is_running; then
    PORT="$(cat "$PORT_FILE" 2>/dev/null || true)"
    [[ "${PORT:-}" =~ ^[0-9]+$ ]] || die "server running but $PORT_FILE is missing; run: $0 stop"
    wait_ready || die "server in $DATA_DIR is running but not accepting connections (see $LOG_FILE)"
    return 0
  fi

  PORT="$(choose_port)"
  printf '%s\n' "$PORT" >"$PORT_FILE"
  chown "$OS_USER": "$PORT_FILE"
  log "starting PostgreSQL $MAJOR on 127.0.0.1:$PORT (log: $LOG_FILE)"
  # The postmaster outlives this script: it must not inherit our descriptors, above all fd 3
  # (the caller's $(...) pipe, which would then never reach EOF) and fd 9 (the flock).
  if ! (
    for f in /proc/$BASHPID/fd/*; do
      f="${f##*/}"
      if [ "$f" -gt 2 ] && [ "$f" -ne 255 ]; then eval "exec $f>&-" 2>/dev/null || true; fi
    done
    as_pg "$PGBIN/pg_ctl" start -w -t 60 -D "$DATA_DIR" -l "$LOG_FILE" \
      -o "-p $PORT -k $BASE -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2
  ); then
    tail -n 30 "$LOG_FILE" >&2 || true
    die "pg_ctl start failed"
  fi
}

psql_q() {
  # $1 = database, rest = psql args. Unix socket in $BASE, trust auth.
  local db="$1"; shift
  PGOPTIONS="-c client_min_messages=warning" "$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$BASE" -p "$PORT" -U postgres -d "$db" "$@"
}

ensure_database() {
  if [ "$(psql_q postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != "1" ]; then
    log "creating database $DB_NAME"
    psql_q postgres -c "CREATE DATABASE \"$DB_NAME\""
  fi
  psql_q "$DB_NAME" -c "CREATE EXTENSION IF NOT EXISTS vector" >&2
  psql_q "$DB_NAME" -c "SELECT to_tsvector('danish', 'kommunerne')" >/dev/null ||
    die "danish text search configuration is not available"
}

url() { printf 'postgres://postgres@127.0.0.1:%s/%s\n' "$PORT" "$DB_NAME"; }

# -------------------------------------------------------------------- main ---
cmd="${1:-start}"
case "$cmd" in
  start)
    mkdir -p "$BASE"
    # Serialise concurrent callers (e.g. parallel test setups).
    exec 9>"$BASE/.lock"
    flock 9
    ensure_postgres_packages
    ensure_pgvector
    set_paths
    ensure_cluster
    ensure_database
    url >&3
    ;;
  url)
    locate_existing
    is_running || die "PostgreSQL test server is not running (run: $0 start)"
    PORT="$(cat "$PORT_FILE")"
    url >&3
    ;;
  stop)
    locate_existing
    if is_running; then
      log "stopping PostgreSQL $MAJOR ($DATA_DIR)"
      as_pg "$PGBIN/pg_ctl" stop -w -m fast -D "$DATA_DIR" >&2
    else
      log "not running"
    fi
    ;;
  *)
    die "usage: $0 [start|stop|url]"
    ;;
esac

#!/usr/bin/env bash
# Back up a PostgreSQL database with pg_dump (custom format), restore it into a fresh database
# and compare the row counts of every events_/ingest_ table. Exit 0 only if all counts match.
#
#   scripts/backup_restore_check.sh DATABASE_URL [DUMP_FILE]
#
# DATABASE_URL is postgres://user[:password]@host[:port]/name; the restore goes to
# <name>_restore_check, which is dropped afterwards. The dump file is kept when given.
set -euo pipefail

url=${1:?usage: backup_restore_check.sh postgres://user@host:port/dbname [dump-file]}
dump=${2:-}
keep_dump=1
if [ -z "$dump" ]; then dump=$(mktemp --suffix=.dump); keep_dump=0; fi

db=${url##*/}; db=${db%%\?*}
server=${url%/*}
restore_db="${db}_restore_check"
restore_url="${server}/${restore_db}"

cleanup() {
  psql "${server}/postgres" -qtAc "DROP DATABASE IF EXISTS \"${restore_db}\"" >/dev/null 2>&1 || true
  if [ "$keep_dump" = 0 ]; then rm -f "$dump"; fi
}
trap cleanup EXIT

counts() {
  # One "table count" line per events_/ingest_ table, sorted by name.
  local target=$1
  local tables
  tables=$(psql "$target" -qtAc "SELECT tablename FROM pg_tables WHERE schemaname = 'public'
           AND (tablename LIKE 'events\_%' OR tablename LIKE 'ingest\_%') ORDER BY tablename")
  for t in $tables; do
    printf '%s %s\n' "$t" "$(psql "$target" -qtAc "SELECT count(*) FROM \"$t\"")"
  done
}

echo "backup: pg_dump ${db} -> ${dump}"
pg_dump --format=custom --no-owner --file="$dump" "$url"

echo "restore: ${restore_db}"
psql "${server}/postgres" -qtAc "DROP DATABASE IF EXISTS \"${restore_db}\"" >/dev/null
psql "${server}/postgres" -qtAc "CREATE DATABASE \"${restore_db}\"" >/dev/null
pg_restore --no-owner --exit-on-error --dbname="$restore_url" "$dump"

before=$(counts "$url")
after=$(counts "$restore_url")
if [ -z "$before" ]; then echo "no events_/ingest_ tables in ${db}" >&2; exit 1; fi
if [ "$before" != "$after" ]; then
  echo "row counts differ (original | restored):" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  exit 1
fi
echo "$before" | sed 's/^/  /'
echo "ok: $(echo "$before" | wc -l) tables, row counts match"

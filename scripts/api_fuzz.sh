#!/bin/sh
# `make api-fuzz`: Schemathesis' CLI against a throw-away server, every check, the examples,
# coverage and fuzzing phases, write operations included (a token whose user may submit articles).
#
# The server runs on its own SQLite file (or API_FUZZ_DB, a database URL) in a temporary directory,
# seeded with a few hundred synthetic events, Celery eager; everything is removed afterwards. The
# exit status is the CLI's: 0 when it found no failure. Extra CLI options: API_FUZZ_ARGS.
set -eu

PY=${PY:-.venv/bin/python}
ST=${ST:-.venv/bin/st}
HOST=${API_FUZZ_HOST:-127.0.0.1}
PORT=${API_FUZZ_PORT:-8765}
EXAMPLES=${API_FUZZ_EXAMPLES:-25}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/api-fuzz.XXXXXX")
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

export DATABASE_URL="${API_FUZZ_DB:-sqlite:///$WORK/db.sqlite3}"
export CELERY_BROKER_URL="" CACHE_URL=""
# The run sends thousands of requests from one address; the throttle is not what is under test.
export API_THROTTLE_ANON=1000000/minute API_THROTTLE_USER=1000000/minute

echo "api-fuzz: database $DATABASE_URL, server http://$HOST:$PORT/"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py seed_synthetic --events 300 --actors 40 --locations 60 -v0
TOKEN=$("$PY" manage.py shell -v0 -c '
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
user, _ = User.objects.get_or_create(username="api-fuzz")
user.user_permissions.add(Permission.objects.get(codename="add_article"))
print(Token.objects.get_or_create(user=user)[0].key)
' | tail -n 1)

"$PY" manage.py runserver "$HOST:$PORT" --noreload >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
tries=0
until curl -sf -o /dev/null "http://$HOST:$PORT/api/schema/"; do
  tries=$((tries + 1))
  if [ "$tries" -ge 120 ] || ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "api-fuzz: the server did not come up; its log:" >&2
    cat "$WORK/server.log" >&2
    exit 2
  fi
  sleep 1
done

# schemathesis.toml (found from the working directory) says what no schema can.
# shellcheck disable=SC2086
"$ST" run "http://$HOST:$PORT/api/schema/" --checks all --max-examples "$EXAMPLES" --workers 1 \
  --phases examples,coverage,fuzzing --seed "${API_FUZZ_SEED:-1}" \
  --header "Authorization: Token $TOKEN" ${API_FUZZ_ARGS:-}

#!/usr/bin/env bash
# .ci/with-redis.sh COMMAND...: runs COMMAND with a real redis-server (Debian's) on a free port
# of 127.0.0.1, in a temporary directory, and stops it afterwards, whatever COMMAND's exit. The
# tests find it through CTUNE_TEST_REDIS_URL; CTUNE_REQUIRE_REDIS=1 makes a test file without a
# Redis fail instead of skipping (packages/jobs/src/testing/test-redis.ts).
set -euo pipefail
if ! command -v redis-server >/dev/null 2>&1; then
  echo "with-redis: no redis-server on PATH (apt-get install redis-server): the Redis tests cannot run." >&2
  exit 1
fi
port="$(node -e "const s = require('node:net').createServer(); s.listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); });")"
dir="$(mktemp -d "${TMPDIR:-/tmp}/ctune-ci-redis-XXXXXX")"
redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save '' --appendonly no --protected-mode yes --loglevel warning --daemonize no >"$dir/redis.log" 2>&1 &
redis_pid=$!
stop_redis() {
  kill "$redis_pid" 2>/dev/null || true
  wait "$redis_pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap stop_redis EXIT
for _ in $(seq 1 100); do
  if [ "$(redis-cli -p "$port" ping 2>/dev/null)" = "PONG" ]; then break; fi
  if ! kill -0 "$redis_pid" 2>/dev/null; then
    echo "with-redis: redis-server exited on port $port:" >&2
    cat "$dir/redis.log" >&2
    exit 1
  fi
  sleep 0.1
done
if [ "$(redis-cli -p "$port" ping 2>/dev/null)" != "PONG" ]; then
  echo "with-redis: redis-server did not answer on port $port within 10 s" >&2
  exit 1
fi
echo "with-redis: redis-server on 127.0.0.1:$port (pid $redis_pid)" >&2
export CTUNE_TEST_REDIS_URL="redis://127.0.0.1:$port"
export CTUNE_REQUIRE_REDIS=1
"$@"

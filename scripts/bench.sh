#!/usr/bin/env bash
# Measures nt3 against its performance budget and prints each figure with its target.
# Not part of `cargo test`, and never fails on timing: only on a broken set-up.
#
#     scripts/bench.sh
#
# Compares, on this machine and in one run:
#   - `nt3 status` / `nt3 token` with a token in the global file, against `gh auth token`
#     (GH_TOKEN set) and `/bin/true`;
#   - `nt3 projects --json` against `curl` for the same loopback URL;
#   - the size of the stripped release binary;
#   - the peak memory of `nt3 status` against `/bin/true` (and, for context, `gh auth token`);
#   - `nt3 push` and `nt3 pull` of about 200 files against a server that delays each
#     answer 20 ms, with `--jobs 1` against the default `--jobs 8`.
set -euo pipefail
cd "$(dirname "$0")/.."

# GNU time: its %M is the peak memory of the command alone. (A Python parent's
# getrusage would count the parent's own pages, copied before exec.)
scripts/ensure-packages.sh hyperfine:hyperfine gh:gh curl:curl python3:python3 /usr/bin/time:time

cargo build --release --locked --quiet
nt3="$PWD/target/release/nt3"

scratch=$(mktemp -d)
cleanup() {
    for pid_file in "$scratch"/*.pid; do
        [ -e "$pid_file" ] && kill "$(cat "$pid_file")" 2>/dev/null
    done
    rm -rf "$scratch"
}
trap cleanup EXIT

# A loopback Entri API: one page of projects, a project with ten target languages,
# and imports and exports that succeed. Every answer waits DELAY seconds.
cat >"$scratch/server.py" <<'PY'
import http.server, json, sys, time
port_file, delay = sys.argv[1], float(sys.argv[2])
projects = json.dumps({
    "data": [{"id": f"proj_{i}", "name": f"Project {i}", "sourceLanguage": "en",
              "targetLanguages": ["de", "fr", "pt-BR"]} for i in range(20)],
    "meta": {"page": 1, "limit": 200, "total": 20, "totalPages": 1},
}).encode()
project = json.dumps({"id": "proj_bench", "sourceLanguage": "en",
    "targetLanguages": ["de", "fr", "es", "it", "nl", "pt-BR", "ja", "ko", "zh_Hant", "sv"]}).encode()
class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self, status, body):
        time.sleep(delay)
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/api/v1/projects/proj_bench":
            self.answer(200, project)
        elif "/export/" in path:
            self.answer(200, b'{"greeting": "hello"}\n')
        else:
            self.answer(200, projects)
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.answer(201, b"{}")
    def log_message(self, *args):
        pass
# The default listen backlog (5) drops connections under --jobs 8, and their retries
# would be timed instead of nt3.
http.server.ThreadingHTTPServer.request_queue_size = 128
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
open(port_file, "w").write(str(server.server_address[1]))
server.serve_forever()
PY
# Starts a server; prints its URL. (Its output goes elsewhere so `$(serve …)` returns.)
serve() {
    python3 "$scratch/server.py" "$1" "$2" >/dev/null 2>&1 &
    echo $! >"$1.pid"
    for _ in $(seq 100); do [ -s "$1" ] && break; sleep 0.05; done
    echo "http://127.0.0.1:$(cat "$1")"
}
url=$(serve "$scratch/port" 0)
slow_url=$(serve "$scratch/slow-port" 0.02)

token=entri_benchmark0000000000x7Qa
mkdir -p "$scratch/home/.nt3" "$scratch/project"
chmod 700 "$scratch/home/.nt3"
printf '{"token": "%s", "api_url": "%s"}\n' "$token" "$url" >"$scratch/home/.nt3/config.json"
chmod 600 "$scratch/home/.nt3/config.json"
export HOME="$scratch/home" GH_TOKEN=ghp_benchmark NO_COLOR=1
cd "$scratch/project"

echo "Timing offline commands…" >&2
hyperfine -N --style none --warmup 30 --runs 300 --export-json "$scratch/offline.json" \
    "$nt3 status" "$nt3 token" /bin/true "gh auth token" >/dev/null
echo "Timing a request…" >&2
hyperfine -N --style none --warmup 10 --runs 200 --export-json "$scratch/request.json" \
    "$nt3 projects --json" \
    "curl -s -H 'X-API-Key: $token' $url/api/v1/projects?page=1&limit=200" >/dev/null

# The highest of five runs' peak resident memory, in KiB.
# About 200 files: 11 languages x 20 namespaces, with a token for the slow server.
mkdir -p "$scratch/sync"
printf '{"token": "%s", "api_url": "%s"}\n' "$token" "$slow_url" >"$scratch/sync/.nt3.local.json"
chmod 600 "$scratch/sync/.nt3.local.json"
printf 'project_id: proj_bench\nsource_language: en\nfile_patterns:\n  - path: "i18n/{namespace}/{lang}.json"\n    format: json-nested\n' >"$scratch/sync/.nt3.yml"
for namespace in $(seq -f 'ns%02g' 20); do
    mkdir -p "$scratch/sync/i18n/$namespace"
    for lang in en de fr es it nl pt-BR ja ko zh_Hant sv; do
        printf '{"greeting": "hello"}\n' >"$scratch/sync/i18n/$namespace/$lang.json"
    done
done
echo "Timing push and pull…" >&2
(cd "$scratch/sync" && hyperfine -N --style none --runs 3 --export-json "$scratch/sync.json" \
    "$nt3 push --jobs 1" "$nt3 push" "$nt3 pull --jobs 1" "$nt3 pull" >/dev/null)

peak_kib() {
    for _ in 1 2 3 4 5; do
        /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1
    done | sort -n | tail -n 1
}

python3 - "$scratch" "$(stat -c %s "$nt3")" "$(peak_kib "$nt3" status)" "$(peak_kib /bin/true)" \
    "$(peak_kib gh auth token)" <<'PY'
import json, sys
scratch, size = sys.argv[1], int(sys.argv[2])
nt3_kib, true_kib, gh_kib = map(int, sys.argv[3:6])
def means(name):
    results = json.load(open(f"{scratch}/{name}.json"))["results"]
    return [r["mean"] * 1000 for r in results]
status, token, true, gh = means("offline")
projects, curl = means("request")
push_serial, push_parallel, pull_serial, pull_parallel = means("sync")
rows = [
    ("nt3 status / gh auth token", status / gh, f"{status:.2f} ms / {gh:.2f} ms", "<= 0.05", status / gh <= 0.05),
    ("nt3 token / gh auth token", token / gh, f"{token:.2f} ms / {gh:.2f} ms", "<= 0.05", token / gh <= 0.05),
    ("nt3 status / /bin/true", status / true, f"{status:.2f} ms / {true:.2f} ms", "<= 3", status / true <= 3),
    ("nt3 token / /bin/true", token / true, f"{token:.2f} ms / {true:.2f} ms", "<= 3", token / true <= 3),
    ("nt3 projects --json / curl", projects / curl, f"{projects:.2f} ms / {curl:.2f} ms", "<= 0.5", projects / curl <= 0.5),
    ("push 220 files, jobs 8 / 1", push_parallel / push_serial, f"{push_parallel:.0f} ms / {push_serial:.0f} ms", "<= 0.167", push_parallel / push_serial <= 1 / 6),
    ("pull 200 files, jobs 8 / 1", pull_parallel / pull_serial, f"{pull_parallel:.0f} ms / {pull_serial:.0f} ms", "<= 0.167", pull_parallel / pull_serial <= 1 / 6),
]
print(f"{'comparison':<30} {'ratio':>7}  {'figures':<24} {'target':<8} met")
for name, ratio, figures, target, met in rows:
    print(f"{name:<30} {ratio:>7.3f}  {figures:<24} {target:<8} {'yes' if met else 'NO'}")
mb = size / 1e6
print(f"{'release binary (stripped)':<30} {mb:>6.2f}M  {size} bytes{'':<11} {'<= 6 MB':<8} {'yes' if mb <= 6 else 'NO'}")
extra = (nt3_kib - true_kib) / 1024
print(f"{'peak memory, status - true':<30} {extra:>5.2f}MiB {nt3_kib} KiB - {true_kib} KiB{'':<3} {'<= 2 MiB':<8} {'yes' if extra <= 2 else 'NO'}")
# Context, with no target: the same figure for the peer the timings compare against.
print(f"{'peak memory, status / gh':<30} {nt3_kib / gh_kib:>7.3f}  {nt3_kib} KiB / {gh_kib} KiB")
PY

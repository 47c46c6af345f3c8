#!/usr/bin/env python3
"""nt3 beside its peers, Tolgee CLI and locize-cli, in one run on this machine.

    scripts/bench-peers.py NT3 PEERS SCRATCH [ROUNDS]

NT3 is nt3's binary, PEERS a folder whose node_modules holds @tolgee/cli and
locize-cli (scripts/bench.sh installs them from npm), SCRATCH an empty folder. Prints a
Markdown section for docs/performance.md; never fails on timing.

One loopback server speaks all three APIs over one project: 20 languages x 10
namespaces, 200 JSON files of about 10 KB. It answers every request after 20 ms. Each
round gives the project a new generation in which every file differs, then runs the
tools one after another (interleaved), each in its own tree:

- pull: every file changed on the server since the tool's last pull;
- push: every local file gained a key since the tool's last push.

Each tool runs as its users run it, with default settings. What each one sends is
what it is built to send; the section printed says so, and counts the requests.
"""
import base64, http.server, io, json, os, statistics, subprocess, sys, threading, time, zipfile

nt3, peers, scratch = sys.argv[1], sys.argv[2], sys.argv[3]
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
DELAY = 0.02
LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pl", "sv", "da", "fi",
             "nb", "cs", "hu", "ro", "pt", "tr", "el", "ja", "ko", "zh"]
NAMESPACES = [f"ns{n:02d}" for n in range(10)]
TOLGEE_KEY = "tgpak_" + base64.b32encode(b"1_benchkey").decode().lower()  # project 1
LOCIZE_PROJECT = "7d6a1c2e-0000-4000-8000-000000000001"
ENTRI_PROJECT = "proj_peers"


def content(language, namespace, generation, extra=0):
    """A file of about 10 KB: 10 sections of 20 keys, and EXTRA keys added locally."""
    tree = {}
    for s in range(10):
        tree[f"section{s}"] = {
            f"key{k:02d}": f"Text {s}.{k} of {namespace} in {language}, generation {generation}, long enough"
            for k in range(20)
        }
    for e in range(extra):
        tree[f"added{e:03d}"] = f"A key added here in round {e}"
    return tree


def encoded(tree):
    return (json.dumps(tree, ensure_ascii=False, indent=2) + "\n").encode()


class Project:
    """The server's side: one generation of every file, and a count of requests."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.advance(0)

    def advance(self, generation):
        self.generation = generation
        self.files = {(l, n): encoded(content(l, n, generation)) for l in LANGUAGES for n in NAMESPACES}
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for (language, namespace), body in sorted(self.files.items()):
                archive.writestr(f"{language}/{namespace}.json", body)
        self.zip = buffer.getvalue()

    def count(self):
        with self.lock:
            self.requests += 1


project = Project()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave at once: with Nagle's algorithm, a body written after its
    # headers waits for the client's delayed ACK, 40 ms a request, whoever the client.
    disable_nagle_algorithm = True

    def body(self):
        # Chunked or with a length, as each client sends it.
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            while (size := int(self.rfile.readline().split(b";")[0], 16)) > 0:
                self.rfile.read(size)
                self.rfile.readline()
            self.rfile.readline()
        else:
            self.rfile.read(int(self.headers.get("content-length", 0)))

    def answer(self, status, data, kind="application/json", etag=None):
        project.count()
        time.sleep(DELAY)
        self.send_response(status)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(data)))
        if etag:
            self.send_header("etag", etag)
        self.end_headers()
        self.wfile.write(data)

    def json(self, value, status=200):
        self.answer(status, json.dumps(value).encode())

    def do_GET(self):
        path, _, query = self.path.partition("?")
        parts = path.strip("/").split("/")
        # Entri: the project, and one export per language and namespace.
        if path == f"/api/v1/projects/{ENTRI_PROJECT}":
            return self.json({"id": ENTRI_PROJECT, "name": "Peers", "sourceLanguage": "en",
                              "targetLanguages": LANGUAGES[1:]})
        if parts[:5] == ["api", "v1", "projects", ENTRI_PROJECT, "export"]:
            namespace = dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("namespace")
            etag = f'"{project.generation}-{parts[5]}-{namespace}"'
            if self.headers.get("if-none-match") == etag:
                return self.answer(304, b"", etag=etag)
            return self.answer(200, project.files[(parts[5], namespace)], etag=etag)
        # locize: languages, the list of files, then each file from its CDN path.
        if parts[0] == "languages":
            return self.json({l: {"name": l, "isReferenceLanguage": l == "en"} for l in LANGUAGES})
        if parts[0] == "download":
            return self.json([{
                "url": f"http://{self.headers['host']}/{LOCIZE_PROJECT}/latest/{l}/{n}",
                "key": f"{LOCIZE_PROJECT}/latest/{l}/{n}",
                "lastModified": "2026-12-01T00:00:00.000Z",
                "size": len(project.files[(l, n)]), "isPrivate": False,
            } for l in LANGUAGES for n in NAMESPACES])
        if parts[0] == LOCIZE_PROJECT:
            return self.answer(200, project.files[(parts[2], parts[3])])
        self.json({"message": f"no route {path}"}, 404)

    def do_POST(self):
        self.body()
        path = self.path.split("?")[0]
        if path == f"/api/v1/projects/{ENTRI_PROJECT}/import":
            return self.json({"imported": True}, 201)
        if path == "/v2/projects/1/export":  # Tolgee: every file, zipped
            return self.answer(200, project.zip, "application/zip", f'"{project.generation}"')
        if path == "/v2/projects/1/single-step-import":  # Tolgee: every file in one form
            return self.json({})
        if path.startswith("/missing/"):  # locize: the missing keys of one file
            return self.json({})
        self.json({"message": f"no route {path}"}, 404)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer.request_queue_size = 128
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}"

bin_dir = os.path.join(peers, "node_modules", ".bin")
home = os.path.join(scratch, "home")
os.makedirs(home, exist_ok=True)
env = {"PATH": os.environ["PATH"], "HOME": home, "NO_COLOR": "1", "CI": "true"}
nt3_token = "entri_benchmark0000000000x7Qa"

# What each tool runs, in its own tree, for each job. The trees use one layout,
# locales/{language}/{namespace}.json.
TOOLS = {
    "nt3": {
        "pull": [nt3, "pull"],
        "push": [nt3, "push"],
    },
    "Tolgee CLI": {
        "pull": [f"{bin_dir}/tolgee", "--api-url", url, "--api-key", TOLGEE_KEY, "pull",
                 "--path", "locales", "--file-structure-template", "{languageTag}/{namespace}.{extension}"],
        "push": [f"{bin_dir}/tolgee", "--api-url", url, "--api-key", TOLGEE_KEY, "push",
                 "--files-template", "ROOT/locales/{languageTag}/{namespace}.json", "--force-mode", "OVERRIDE"],
    },
    "locize-cli": {
        "pull": [f"{bin_dir}/locize", "download", "--api-endpoint", url, "--project-id", LOCIZE_PROJECT,
                 "--ver", "latest", "--path", "locales"],
        # save-missing sends only the reference language by default; all files here.
        "push": [f"{bin_dir}/locize", "save-missing", "--api-endpoint", url, "--api-key", "locize-bench",
                 "--project-id", LOCIZE_PROJECT, "--path", "locales", "--reference-language-only", "false"],
    },
}


def tree(tool, job):
    return os.path.join(scratch, job, tool.replace(" ", "-"))


def write_tree(root, generation, extra=0):
    for l in LANGUAGES:
        for n in NAMESPACES:
            path = os.path.join(root, "locales", l, f"{n}.json")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(encoded(content(l, n, generation, extra)))


def prepare(root):
    write_tree(root, 0)
    with open(os.path.join(root, ".nt3.yml"), "w") as f:
        f.write(f"project_id: {ENTRI_PROJECT}\nsource_language: en\nfile_patterns:\n"
                '  - path: "locales/{lang}/{namespace}.json"\n    format: json-nested\n')
    with open(os.path.join(root, ".nt3.local.json"), "w") as f:
        json.dump({"token": nt3_token, "api_url": url}, f)
    os.chmod(os.path.join(root, ".nt3.local.json"), 0o600)


def run(tool, job):
    """One timed run: wall ms, CPU ms, peak KiB, requests; fails loudly if the tool did."""
    before = project.requests
    start = time.perf_counter()
    root = tree(tool, job)
    command = [arg.replace("ROOT", root) for arg in TOOLS[tool][job]]  # Tolgee's template is absolute
    done = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *command], cwd=root, env=env, capture_output=True, text=True)
    wall = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        sys.exit(f"{tool} {job} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    user, system, kib = done.stderr.strip().splitlines()[-1].split()
    return wall, (float(user) + float(system)) * 1000, int(kib), project.requests - before


for job in ("pull", "push"):
    for tool in TOOLS:
        prepare(tree(tool, job))

results = {(tool, job): [] for tool in TOOLS for job in ("pull", "push")}
# Round 0 is a warm-up pull: it leaves every tool in step with generation 0 (nt3 keeps
# its sync records, Tolgee its ETag). A push sends every file in every round anyway.
for generation in range(rounds + 1):
    print(f"peers: round {generation} of {rounds}…", file=sys.stderr)
    project.advance(generation)
    for tool in TOOLS:
        figures = run(tool, "pull")
        if generation:
            results[(tool, "pull")].append(figures)
    for tool in TOOLS if generation else ():
        write_tree(tree(tool, "push"), 0, extra=generation)
        results[(tool, "push")].append(run(tool, "push"))


def median(tool, job, field):
    return statistics.median(r[field] for r in results[(tool, job)])


def version(tool_bin):
    return subprocess.run([tool_bin, "--version"], capture_output=True, text=True, env=env).stdout.strip()


versions = {"Tolgee CLI": version(f"{bin_dir}/tolgee"), "locize-cli": version(f"{bin_dir}/locize")}
goals = {("pull", "Tolgee CLI"): 0.5, ("pull", "locize-cli"): 0.4,
         ("push", "Tolgee CLI"): 0.3, ("push", "locize-cli"): 0.1}
print(f"""
## Beside the peers

`scripts/bench-peers.py`, run by `scripts/bench.sh`: Tolgee CLI {versions['Tolgee CLI']} and
locize-cli {versions['locize-cli']} from npm, on Node.js {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}. One loopback
server speaks the three APIs over one project of 20 languages x 10 namespaces, 200 JSON
files of about 10 KB, and answers every request after 20 ms. In each of {rounds} rounds the
project gets a new generation, and the tools run one after another, each in its own
tree: a pull where every file changed on the server, and a push where every local file
gained a key. Figures are medians of the rounds; ratios are nt3's over the peer's.

| Job, nt3 / peer | Wall | CPU | Peak memory | Goal (wall) | Met |
| --- | --- | --- | --- | --- | --- |""")
for job in ("pull", "push"):
    for peer in ("Tolgee CLI", "locize-cli"):
        ratios = [median("nt3", job, f) / median(peer, job, f) for f in (0, 1, 2)]
        goal = goals[(job, peer)]
        print(f"| {job} / {peer} | {ratios[0]:.2f} | {ratios[1]:.2f} | {ratios[2]:.2f} | <= {goal} | "
              f"{'yes' if ratios[0] <= goal else '**no**'} |")
print("""
| Tool, job | Wall | CPU | Peak memory | Requests |
| --- | --- | --- | --- | --- |""")
for job in ("pull", "push"):
    for tool in TOOLS:
        print(f"| {tool}, {job} | {median(tool, job, 0):.0f} ms | {median(tool, job, 1):.0f} ms | "
              f"{median(tool, job, 2) / 1024:.1f} MiB | {median(tool, job, 3):.0f} |")
print("""
What each does, with its default settings:

- nt3 pull asks for the project, then each of the 190 target-language files with its
  ETag, and merges each changed file key by key with the copy of the last sync;
  nt3 push sends each changed file, 200 requests.
- Tolgee CLI pulls every file in one zipped export and pushes every file in one form
  (`--force-mode OVERRIDE`, since a terminal-less push must choose).
- locize-cli downloads the list of files, then each file, 20 at a time. Its
  `save-missing` sends only the reference language unless told otherwise (here,
  `--reference-language-only false`); it reads every file back from the server to find
  what is missing, then sends each file's new keys, as many files at a time as the
  machine has cores, with a pause of one second after each, as it is written.""")
server.shutdown()

#!/usr/bin/env node
// The `nt3` command of the npm package: runs the native binary that the platform's
// package (an optional dependency, `@nt3/cli-<platform>-<arch>`) carries. Nothing is
// downloaded at install or run time, and no install script runs.
"use strict";

const { spawn } = require("node:child_process");

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

function binary() {
  const platform = `${process.platform}-${process.arch}`;
  const name = `@nt3/cli-${platform}`;
  const file = process.platform === "win32" ? "nt3.exe" : "nt3";
  try {
    return require.resolve(`${name}/bin/${file}`);
  } catch {
    const known = Object.keys(require("../package.json").optionalDependencies ?? {});
    if (!known.includes(name)) {
      fail(
        `nt3 has no prebuilt binary for ${platform}.\n` +
          "hint: build it from source: `cargo install --locked --path .` in a clone of nt3's repository",
      );
    }
    fail(
      `the nt3 binary for ${platform} (package ${name}) is not installed.\n` +
        "hint: npm installs it with nt3 unless optional dependencies are left out: run " +
        "`npm install -g nt3` again without `--omit=optional`, or install the release " +
        "archive for your platform instead",
    );
  }
}

const child = spawn(binary(), process.argv.slice(2), { stdio: "inherit" });
child.on("error", (err) => fail(`cannot run nt3: ${err.message}`));
// The terminal sends Ctrl-C to nt3 too; other signals sent to this launcher are passed
// on, and nt3's exit (or the signal that ended it) becomes the launcher's.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else {
    process.exit(code ?? 1);
  }
});

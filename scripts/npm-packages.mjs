#!/usr/bin/env node
// Builds nt3's npm packages from a release binary, as npm tarballs in OUT:
//
//     node scripts/npm-packages.mjs --binary target/release/nt3 --out dist/npm
//     node scripts/npm-packages.mjs --binary nt3.exe --platform win32-x64 --out dist/npm
//     node scripts/npm-packages.mjs --main --out dist/npm
//
// `--binary` makes the platform package `@nt3/cli-<platform>` (the platform defaults to
// this machine's, `linux-x64` and so on; npm/platforms.json lists them) holding that
// binary. `--main` makes the `nt3` package: the launcher, with every platform package
// as an optional dependency. Both take their version from Cargo.toml. Pass both to do
// both. Needs Node 18 and npm; uses nothing else.

import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const usage = "usage: node scripts/npm-packages.mjs [--binary PATH [--platform P]] [--main] [--out DIR]";
let args;
try {
  ({ values: args } = parseArgs({
    options: {
      binary: { type: "string" },
      platform: { type: "string", default: `${process.platform}-${process.arch}` },
      main: { type: "boolean", default: false },
      out: { type: "string", default: "dist/npm" },
      help: { type: "boolean", short: "h", default: false },
    },
  }));
} catch (err) {
  console.error(`error: ${err.message}\n${usage}`);
  process.exit(2);
}
if (args.help) {
  console.log(`${usage}\n\nBuilds nt3's npm packages as tarballs in --out (default dist/npm):\n` +
    "  --binary PATH  the platform package @nt3/cli-<platform> holding that binary\n" +
    "  --platform P   which platform (default: this machine's; npm/platforms.json lists them)\n" +
    "  --main         the nt3 package: the launcher, with every platform package optional");
  process.exit(0);
}
if (!args.binary && !args.main) {
  console.error(usage);
  process.exit(2);
}

const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const version = /^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms.exec(cargo)?.[1];
if (!version) throw new Error("no version in Cargo.toml's [package]");
const platforms = JSON.parse(readFileSync(join(root, "npm/platforms.json"), "utf8"));
const packageName = (platform) => `@nt3/cli-${platform}`;
const shared = {
  version,
  license: "MIT",
  homepage: "https://docs.nt3.io/developers/cli",
};

const out = resolve(args.out);
const stage = join(out, "stage");
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });

function pack(dir) {
  const name = execFileSync("npm", ["pack", "--silent", "--pack-destination", out], {
    cwd: dir,
    encoding: "utf8",
  }).trim();
  console.log(join(out, name));
}

if (args.binary) {
  const target = platforms.find((p) => p.platform === args.platform);
  if (!target) throw new Error(`unknown platform ${args.platform}; see npm/platforms.json`);
  const dir = join(stage, `cli-${target.platform}`);
  const file = target.os === "win32" ? "nt3.exe" : "nt3";
  mkdirSync(join(dir, "bin"), { recursive: true });
  copyFileSync(resolve(args.binary), join(dir, "bin", file));
  chmodSync(join(dir, "bin", file), 0o755);
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify(
      {
        name: packageName(target.platform),
        description: `The nt3 binary for ${target.platform} (installed by the \`nt3\` package)`,
        ...shared,
        os: [target.os],
        cpu: [target.cpu],
        files: [`bin/${file}`],
        preferUnplugged: true,
      },
      null,
      2,
    ) + "\n",
  );
  writeFileSync(
    join(dir, "README.md"),
    `# ${packageName(target.platform)}\n\nThe nt3 binary for ${target.platform}. Install \`nt3\` instead: \`npm install -g nt3\`.\n`,
  );
  pack(dir);
}

if (args.main) {
  const dir = join(stage, "nt3");
  cpSync(join(root, "npm/nt3"), dir, { recursive: true });
  copyFileSync(join(root, "LICENSE"), join(dir, "LICENSE"));
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  manifest.version = version;
  manifest.optionalDependencies = Object.fromEntries(
    platforms.map((p) => [packageName(p.platform), version]),
  );
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  pack(dir);
}
rmSync(stage, { recursive: true, force: true });

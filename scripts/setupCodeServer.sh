#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3 with a Node extension host) and Debian's Chromium into a cache
# folder outside the repository, for the extension-host and end-to-end UI tests. Idempotent: a second run
# that finds a complete install returns at once.
#   ADFW_CODE_SERVER_DIR  install folder (default ~/.cache/adfw-code-server)
set -euo pipefail

DIR="${ADFW_CODE_SERVER_DIR:-$HOME/.cache/adfw-code-server}"
STAMP="$DIR/.complete-4.100.3"
if [[ -f "$STAMP" ]] && command -v chromium >/dev/null && command -v rg >/dev/null; then
  echo "code-server already installed in $DIR"
  exit 0
fi

if ! command -v chromium >/dev/null || ! command -v rg >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  SUDO=""
  if [[ "$(id -u)" != 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q libkrb5-dev ripgrep chromium
fi

mkdir -p "$DIR"
cd "$DIR"
[[ -f package.json ]] || npm init -y >/dev/null
# 4.100.x is the last line that runs on Node 20.
npm install --no-audit --no-fund --ignore-scripts code-server@4.100.3
npm install-scripts approve argon2 >/dev/null 2>&1 || true
npm rebuild argon2

cd node_modules/code-server/lib/vscode
npm install --no-audit --no-fund --omit=dev --ignore-scripts
# ripgrep's own install script downloads a binary; use the system one.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# node-pty's post-install step fails on a node-gyp call after its binary is built; the binary is what counts.
npm rebuild @vscode/spdlog kerberos native-watchdog node-pty @vscode/deviceid || true
test -f node_modules/node-pty/build/Release/pty.node || { echo "node-pty did not build" >&2; exit 1; }
ln -sfn node_modules node_modules.asar

touch "$STAMP"
echo "code-server installed in $DIR"

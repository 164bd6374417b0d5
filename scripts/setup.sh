#!/usr/bin/env bash
# Idempotent set-up from zero on Debian 12: system packages, then the project venv.
# Safe to run again: each step checks whether it is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBS=(python3-dev python3-venv libhdf5-dev libopenblas-dev zlib1g-dev pkg-config)

missing=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The venv must be made by Debian's interpreter: the embedded libpython is Debian's 3.11,
# and a venv from another python3 on PATH would mix in a foreign standard library.
VENV=.venv
if [ ! -x "$VENV/bin/python" ] || ! grep -q '^home = /usr/bin' "$VENV/pyvenv.cfg" 2>/dev/null; then
  echo "setup: creating $VENV from /usr/bin/python3"
  rm -rf "$VENV"
  /usr/bin/python3 -m venv "$VENV"
fi

# Reinstall only when the requirements changed since the last successful install.
STAMP="$VENV/.requirements.sha256"
want=$(cat python/requirements.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing python/requirements.txt into $VENV (torch brings ~5 GB; pip's cache makes reruns fast)"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -r python/requirements.txt
  echo "$want" > "$STAMP"
fi
echo "setup: ready ($("$VENV/bin/python" -c 'import sys; print(sys.version.split()[0])'), $(ls "$VENV/lib/python3.11/site-packages" | wc -l) site-packages entries)"

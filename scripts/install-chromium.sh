#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (internal/web), only when
# it is missing. .ci/run calls it; it needs root (as CI runs) and Debian's
# package archive, nothing else.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium >/dev/null

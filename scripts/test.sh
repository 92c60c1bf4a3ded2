#!/usr/bin/env bash
# Installs what the tests need when it is missing, then runs every test.
# Used by newcomers and by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
pkg-config --exists zlib 2>/dev/null || need_apt+=(zlib1g-dev)
pkg-config --exists sqlite3 2>/dev/null || need_apt+=(libsqlite3-dev)
pkg-config --exists libbrotlidec 2>/dev/null || need_apt+=(libbrotli-dev)
# The browser tests drive Debian's chromium through its chromedriver.
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Keep package scripts from starting services: the tests start their own nginx.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
  rm -f /usr/sbin/policy-rc.d
fi

# Real clients the tests drive: selenium (browser), sentry-sdk with brotli (errors).
python3 -c "import selenium, sentry_sdk, brotli" 2>/dev/null ||
  python3 -m pip install --quiet selenium sentry-sdk brotli ||
  python3 -m pip install --quiet --break-system-packages selenium sentry-sdk brotli

swift build --build-tests
if [ $# -gt 0 ]; then
  swift test --skip-build "$@"
else
  # Tests that drive real clients (chromium, sentry-sdk) against a live server run on their
  # own, one at a time: beside the CPU-heavy suites the server they talk to can starve.
  swift test --skip-build --skip 'BrowserTests|SentrySDKTests'
  swift test --skip-build --filter BrowserTests
  swift test --skip-build --filter SentrySDKTests
fi

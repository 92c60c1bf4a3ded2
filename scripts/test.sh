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
# The slow-query tests: pt-query-digest as the reference, real MariaDB and PostgreSQL
# (pg_stat_statements ships in postgresql-15) writing real logs.
command -v pt-query-digest >/dev/null 2>&1 || need_apt+=(percona-toolkit)
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need_apt+=(mariadb-server)
[ -x /usr/lib/postgresql/15/bin/postgres ] || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Keep package scripts from starting services: the tests start their own nginx,
  # MariaDB and PostgreSQL.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
  rm -f /usr/sbin/policy-rc.d
fi

# Real clients the tests drive: selenium (browser), sentry-sdk with brotli (errors), the
# MariaDB and PostgreSQL drivers (slow-query workloads), the OpenTelemetry SDK with its OTLP
# protobuf and JSON exporters and the AWS X-Ray SDK (traces; versions that install together),
# python-snappy and protobuf (Loki protobuf pushes; the OpenTelemetry SDK's log exporters).
pip_packages=(selenium sentry-sdk brotli PyMySQL 'psycopg[binary]'
  opentelemetry-sdk==1.45.2 opentelemetry-exporter-otlp-proto-http==1.45.1
  opentelemetry-exporter-otlp-json-http==0.66b1 aws-xray-sdk==2.15.0
  python-snappy==0.7.3 protobuf==7.36.2)
python3 -c "import selenium, sentry_sdk, brotli, pymysql, psycopg, aws_xray_sdk, snappy
import opentelemetry.sdk.trace, opentelemetry.exporter.otlp.proto.http.trace_exporter
import opentelemetry.exporter.otlp.json.http.trace_exporter
import opentelemetry.exporter.otlp.proto.http._log_exporter
import opentelemetry.exporter.otlp.json.http._log_exporter" 2>/dev/null ||
  python3 -m pip install --quiet "${pip_packages[@]}" ||
  python3 -m pip install --quiet --break-system-packages "${pip_packages[@]}"

swift build --build-tests
if [ $# -gt 0 ]; then
  swift test --skip-build "$@"
else
  # Tests that drive real clients (chromium, sentry-sdk, the trace SDKs) against a live
  # server run on their own, one at a time: beside the CPU-heavy suites the server they talk
  # to can starve.
  swift test --skip-build --skip 'BrowserTests|SentrySDKTests|TraceSDKTests|LogClientTests'
  swift test --skip-build --filter BrowserTests
  swift test --skip-build --filter SentrySDKTests
  swift test --skip-build --filter TraceSDKTests
  swift test --skip-build --filter LogClientTests
fi

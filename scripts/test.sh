#!/usr/bin/env bash
# The whole test suite, as README.md promises: lint, type check, unit and integration tests
# (database tests on the embedded database AND on a real PostgreSQL), then the Playwright
# end-to-end tests against a production build in demo mode.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
# CI has every real backend installed (this script installs them as root): their tests must run.
if [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ]; then export REAL_BACKENDS=1; fi

# Each step with the time since the start (the whole command must stay under 30 min on 2 cores).
step() { printf '\n==> %s (at %dm%02ds)\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }

# Every Playwright run appends the tests that needed CI's retry (e2e/retry-reporter.ts); the list
# is printed at the end, so a retry never hides a test that failed on its first try.
retried_file=$(mktemp -t virtdash-retried.XXXX)
export E2E_RETRIED_FILE=$retried_file

# Starts scripts/real/<name>.sh (its KEY=value lines on stdout). Status 3: its packages are not
# installed and the tests that need it may skip (not under REAL_BACKENDS); 1: it failed.
real_up() {
  local rc=0
  "$1" up || rc=$?
  if [ $rc -eq 3 ] && [ -z "${REAL_BACKENDS:-}" ]; then
    echo "skipping $1: its packages are not installed (see .ci/packages)" >&2
    return 3
  elif [ $rc -ne 0 ]; then
    echo "$1 up failed (exit $rc)" >&2
    return 1
  fi
}

step "Debian packages (.ci/packages)"
scripts/system-packages.sh

step "Chromium for the end-to-end tests"
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  # No Debian Chromium: use Playwright's own browser (needs the internet).
  if [ "$(id -u)" = 0 ]; then npx playwright install --with-deps chromium; else npx playwright install chromium; fi
fi

step "Lint"
npx eslint .

step "Type check"
npx tsc --noEmit

step "Unit and integration tests (embedded database)"
npx vitest run

step "Database tests on PostgreSQL"
pg_dir=""
if [ -z "${TEST_DATABASE_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${REAL_BACKENDS:-}" ]; then
  echo "skipping: no PostgreSQL server binaries (apt-get install postgresql), and TEST_DATABASE_URL is unset"
else
  if [ -z "${TEST_DATABASE_URL:-}" ]; then
    pg_dir=$(mktemp -d -t virtdash-pg.XXXX)
    trap 'scripts/postgres-test-server.sh stop "$pg_dir"' EXIT
    TEST_DATABASE_URL=$(scripts/postgres-test-server.sh start "$pg_dir")
  fi
  DATABASE_URL="$TEST_DATABASE_URL" npx vitest run test/db lib/services/connections.test.ts
fi

step "Integration tests against real backends (scripts/real)"
real_env=$(mktemp -t virtdash-real.XXXX)
started=()
real_down() { for s in "${started[@]}"; do "$s" down || true; done; }
trap 'real_down; [ -n "$pg_dir" ] && scripts/postgres-test-server.sh stop "$pg_dir"' EXIT
# Alphabetical order is start order, and each starts with the lines of those before it:
# ceph (the RBD pools), then cinder (its RBD backend on that Ceph, Keystone), then glance
# (images in Ceph, registered in that Keystone).
for s in scripts/real/*.sh; do
  [ -e "$s" ] || continue
  if (set -a; . "$real_env"; set +a; real_up "$s") >>"$real_env"; then started+=("$s"); elif [ $? -ne 3 ]; then exit 1; fi
done
( set -a; . "$real_env"; set +a; VITEST_REAL=1 npx vitest run test/real --passWithNoTests )
real_down
started=()

step "Production build"
npx next build

step "JavaScript budget per page (scripts/bundle-budget.ts)"
npx tsx scripts/bundle-budget.ts

step "End-to-end tests (Playwright, demo mode)"
npx playwright test

step "Two instances behind nginx on PostgreSQL, one killed (scripts/ha-proxy.sh, e2e/ha.spec.ts)"
# The same build twice, on the PostgreSQL of the database step (a database of its own), started
# together behind nginx round-robin; the spec starts, kills and restarts the instances itself.
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  echo "skipping: no PostgreSQL (see the database step)"
else
  rc=0
  ha_env=$(real_up scripts/ha-proxy.sh) || rc=$?
  [ $rc -eq 0 ] || [ $rc -eq 3 ] || exit 1
  if [ $rc -eq 0 ]; then
    trap 'scripts/ha-proxy.sh down || true; [ -n "$pg_dir" ] && scripts/postgres-test-server.sh stop "$pg_dir"' EXIT
    ( set -a; eval "$ha_env"; set +a; HA_DATABASE_URL="$TEST_DATABASE_URL" E2E_BASE_URL="$HA_URL" npx playwright test e2e/ha.spec.ts )
    scripts/ha-proxy.sh down
  fi
fi

step "libvirt in the browser (scripts/real/libvirt.sh + ceph.sh, cinder.sh; e2e/libvirt*.spec.ts)"
# Its own server (port, data dir) whose BACKENDS_FILE names the test-driver fixture host and the
# real QEMU daemon: the fixture's lists and the real guests' VNC and SPICE screens through the relay.
# Ceph and Cinder (its RBD backend) start too, and the rig's Cinder joins the file, for
# e2e/libvirt-volumes.spec.ts: a Ceph volume attached to a running guest from the pages.
rc=0
browser_env=$(mktemp -t virtdash-browser.XXXX)
browser_rigs=()
browser_down() { for s in "${browser_rigs[@]}"; do "$s" down || true; done; rm -f "$browser_env"; }
for s in scripts/real/ceph.sh scripts/real/cinder.sh scripts/real/libvirt.sh; do
  rc=0
  (set -a; . "$browser_env"; set +a; real_up "$s") >>"$browser_env" || rc=$?
  if [ $rc -eq 0 ]; then browser_rigs+=("$s"); elif [ $rc -ne 3 ]; then browser_down; exit 1; fi
done
if [ $rc -eq 0 ]; then
  backends_file=$(mktemp -t virtdash-backends.XXXX)
  trap 'browser_down; rm -f "$backends_file"; [ -n "$pg_dir" ] && scripts/postgres-test-server.sh stop "$pg_dir"' EXIT
  (
    set -a; . "$browser_env"; set +a
    # The hosts are named into one cluster (cluster=, ours): e2e/libvirt-lifecycle.spec.ts sees them as one,
    # and e2e/libvirt-migration.spec.ts moves a guest from KVM qemu to KVM qemu B (the rig's host B).
    node -e 'const e = process.env; console.log(JSON.stringify({ connections: [
      { name: "KVM fixture", kind: "libvirt", url: `${e.LIBVIRT_TEST_URI_PREFIX}${process.cwd()}/test/fixtures/libvirt/node.xml?cluster=kvm-e2e` },
      { name: "KVM qemu", kind: "libvirt", url: `${e.LIBVIRT_QEMU_URI}?cluster=kvm-e2e` },
      { name: "KVM qemu B", kind: "libvirt", url: `${e.LIBVIRT_QEMU_URI_B}?cluster=kvm-e2e` },
      ...(e.CINDER_RBD_TYPE ? [{ name: "Cinder", kind: "cinder", url: `${e.KEYSTONE_URL}?project=${e.CINDER_PROJECT}`, username: e.CINDER_USER, passwordEnv: "CINDER_PASSWORD" }] : []),
    ] }))' >"$backends_file"
    E2E_LIBVIRT=1 BACKENDS_FILE="$backends_file" E2E_PORT="${E2E_LIBVIRT_PORT:-3211}" E2E_DATA_DIR=.data/e2e-libvirt \
      npx playwright test e2e/libvirt*.spec.ts
  )
  rm -f "$backends_file"
fi
browser_down
browser_rigs=()

step "Console end to end through nginx terminating TLS (scripts/real/nginx.sh, e2e/console-tls.spec.ts)"
rc=0
nginx_env=$(real_up scripts/real/nginx.sh) || rc=$?
[ $rc -eq 0 ] || [ $rc -eq 3 ] || exit 1
if [ $rc -eq 0 ]; then
  trap 'scripts/real/nginx.sh down || true; [ -n "$pg_dir" ] && scripts/postgres-test-server.sh stop "$pg_dir"' EXIT
  ( set -a; eval "$nginx_env"; set +a; E2E_BASE_URL="$NGINX_URL" npx playwright test e2e/console-tls.spec.ts )
  scripts/real/nginx.sh down
fi

step "Tests that needed their retry (e2e/retry-reporter.ts)"
if [ -s "$retried_file" ]; then cat "$retried_file"; else echo "none"; fi
rm -f "$retried_file"

#!/usr/bin/env bash
# Proves README's two commands on a truly new Debian 12 machine: a throwaway root file system made
# with debootstrap (minbase, from the Debian mirror this machine's apt uses), this machine's Node
# (with npm) copied in, a clone of one git ref of this repository, then, as root inside a chroot:
#   1. scripts/system-packages.sh (apt-get of .ci/packages, as `npm test` would do) and `npm ci`
#   2. `CI=true npm test`                  (in a private network namespace, see below)
#   3. `npm ci`, then `npm run demo` until /api/health answers  (demo also in its own namespace)
# It prints how long each step took and exits non-zero on the first failure. Not part of the test
# command (it takes about an hour); run it whenever a change touches dependencies, .ci/packages,
# scripts/real/ or scripts/test.sh:
#   sudo scripts/fresh-machine-check.sh [git-ref]          (default: main)
# Environment: FRESH_DIR (where the root file system goes; default a new /var/tmp/virtdash-fresh.*),
# FRESH_KEEP=1 (keep it afterwards, to look inside), FRESH_BASE_CACHE=<file.tar> (reuse a plain
# debootstrap result from an earlier run: it holds nothing but Debian's base system).
#
# The chroot runs in its own mount and PID namespaces: every mount and every process started
# inside (rigs, dashboards, daemons apt started) ends with it, also on failure or when this script
# is stopped (unshare --kill-child). The test and demo
# steps run after everything is installed in a private network namespace with only loopback up, so
# the rigs' fixed ports (5000, 8776, 16509…) never meet another program on this machine, and
# nothing in the tests can reach the internet (they must not need it).
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "fresh-machine-check.sh: run as root (debootstrap, chroot, mounts)" >&2; exit 2; }
for p in debootstrap unshare chroot git ip python3; do
  command -v "$p" >/dev/null || { echo "fresh-machine-check.sh: $p missing (apt-get install debootstrap util-linux git iproute2 python3)" >&2; exit 2; }
done
SRC=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
REF=${1:-main}
COMMIT=$(git -C "$SRC" rev-parse --verify "$REF^{commit}")
ROOT=${FRESH_DIR:-$(mktemp -d /var/tmp/virtdash-fresh.XXXX)}
mkdir -p "$ROOT"
chmod 755 "$ROOT" # the root of a file system: non-root users (postgres) must traverse it
APP=/root/virtdash

t_start=$(date +%s)
timings=()
now() { date +%s; }
fmt() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }
step() { printf '\n=== fresh-machine-check: %s (%s since start)\n' "$1" "$(fmt $(($(now) - t_start)))"; }
record() { timings+=("$(printf '%-48s %s' "$1" "$(fmt "$2")")"); }
summary() {
  printf '\n=== fresh-machine-check: timings (%s at %s)\n' "$REF" "${COMMIT:0:12}"
  [ ${#timings[@]} -eq 0 ] || printf '  %s\n' "${timings[@]}"
  printf '  %-48s %s\n' "total" "$(fmt $(($(now) - t_start)))"
}

# Anything still mounted under the root (the namespaces drop theirs; this is the safety net).
cleanup() {
  local rc=$?
  summary
  set +e
  grep -o " $ROOT/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
  if [ "${FRESH_KEEP:-}" = 1 ]; then echo "kept: $ROOT"; else rm -rf --one-file-system "$ROOT"; fi
  if [ $rc -eq 0 ]; then echo "fresh-machine-check: PASSED"; else echo "fresh-machine-check: FAILED (exit $rc)"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The mirror this machine's apt uses (deb822 .sources or one-line .list), and its security mirror.
mirror_of() { # grep pattern for the suite line
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk -v want="$1" '
    /^deb / { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { if ($(i + 1) == want) { print $i; exit } } }'
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] || continue
    awk -v want="$1" 'BEGIN { RS = ""; FS = "\n" }
      { uri = ""; ok = 0
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { split($i, a, /[ \t]+/); uri = a[2] }
          if ($i ~ /^Suites:/) { n = split($i, s, /[ \t]+/); for (j = 2; j <= n; j++) if (s[j] == want) ok = 1 }
        }
        if (ok && uri != "") { print uri; exit } }' "$f"
  done
}
MIRROR=$(mirror_of bookworm | head -n 1)
SECURITY=$(mirror_of bookworm-security | head -n 1)
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY=${SECURITY:-http://deb.debian.org/debian-security}

# The namespace's init: runs argv, reaps every process that ends (orphans land here), and exits
# with the command's status once the command itself has ended.
REAPER='
import os, signal, sys
child = os.fork()
if child == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(sig, lambda n, f: os.kill(child, n))
while True:
    try:
        pid, status = os.wait()
    except ChildProcessError:
        sys.exit(1)
    except InterruptedError:
        continue
    if pid == child:
        sys.exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
'
export REAPER

# Runs a command as root inside the chroot, in fresh mount + PID namespaces (and a private network
# namespace with loopback up when the first argument is --netns).
in_root() {
  local net=()
  if [ "$1" = --netns ]; then net=(--net); shift; fi
  unshare --mount --pid --fork --kill-child --propagation private "${net[@]}" /bin/bash -euo pipefail -c '
    root=$1; shift
    [ -n "${NETNS:-}" ] && ip link set lo up
    # The root a booted machine has is a mount point; a directory is not, and libvirt makes each
    # guest a mount namespace whose / it first makes private ("Failed disable mount propagation out
    # of the root filesystem: Invalid argument" otherwise). So the root is bound onto itself.
    mount --bind "$root" "$root"
    mount -t proc proc "$root/proc"
    mount -t sysfs sysfs "$root/sys"
    # The cgroup hierarchy a booted machine has (libvirt puts its guests there).
    if mountpoint -q /sys/fs/cgroup; then mount --rbind /sys/fs/cgroup "$root/sys/fs/cgroup"; fi
    mount --bind /dev "$root/dev"
    mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
    mount -t tmpfs -o mode=1777 shm "$root/dev/shm"
    mount -t tmpfs -o mode=755 run "$root/run"
    # PID 1 of the namespace must reap orphans, as the init of a booted machine does; bash does not, and
    # libvirtd waits for each QEMU it probed and killed to be gone (a zombie is not), so it never
    # answered ("Failed to terminate process … with SIGKILL: Device or resource busy"). A tiny init
    # (host python3) runs the command and reaps every child until the command ends.
    exec python3 -c "$REAPER" chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /bin/bash -euo pipefail -c "$*"
  ' in_root "$ROOT" "$@"
}

echo "fresh-machine-check: $REF ($COMMIT) from $SRC into $ROOT; Debian mirror $MIRROR"

step "debootstrap Debian 12 (bookworm, minbase)"
t=$(now)
if [ -n "${FRESH_BASE_CACHE:-}" ] && [ -f "$FRESH_BASE_CACHE" ]; then
  tar -C "$ROOT" -xf "$FRESH_BASE_CACHE"
else
  debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >"$ROOT.debootstrap.log" 2>&1 ||
    { tail -n 20 "$ROOT.debootstrap.log"; exit 1; }
  [ -n "${FRESH_BASE_CACHE:-}" ] && tar -C "$ROOT" -cf "$FRESH_BASE_CACHE" .
fi
rm -f "$ROOT.debootstrap.log"
record "debootstrap" $(($(now) - t))

step "apt sources, resolv.conf, Node $(node -v) with npm, clone of $REF"
t=$(now)
cat >"$ROOT/etc/apt/sources.list" <<S
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb $SECURITY bookworm-security main
S
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
# What the installer (or a container runtime) writes and debootstrap does not: without it
# "localhost" (RabbitMQ's node name, many clients) does not resolve offline.
host=$(cat "$ROOT/etc/hostname" 2>/dev/null || echo debian)
printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$host" >"$ROOT/etc/hosts"
# Debian's container images forbid starting services from maintainer scripts (no init runs here);
# the rigs start what they need themselves.
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
chmod 755 "$ROOT/usr/sbin/policy-rc.d"
# Node as installed here: the binary and npm's package, wherever `node` lives (prefix/bin/node).
NODE=$(readlink -f "$(command -v node)")
PREFIX=$(dirname "$(dirname "$NODE")")
NPM_DIR=$PREFIX/lib/node_modules/npm
[ -d "$NPM_DIR" ] || { echo "fresh-machine-check: npm not found at $NPM_DIR" >&2; exit 1; }
mkdir -p "$ROOT/usr/local/bin" "$ROOT/usr/local/lib/node_modules"
cp "$NODE" "$ROOT/usr/local/bin/node"
cp -a "$NPM_DIR" "$ROOT/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$ROOT/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$ROOT/usr/local/bin/npx"
# The certificate authorities this machine trusts (a TLS-inspecting proxy's, where there is one) for
# npm's downloads: the root's own ca-certificates does not exist yet and would not know them.
HOST_CA=""
for f in "${NODE_EXTRA_CA_CERTS:-}" /etc/ssl/certs/ca-certificates.crt; do
  if [ -n "$f" ] && [ -f "$f" ]; then cp "$f" "$ROOT/etc/host-ca-bundle.crt"; HOST_CA=/etc/host-ca-bundle.crt; break; fi
done
NPM_CA=${HOST_CA:+NODE_EXTRA_CA_CERTS=$HOST_CA}
# The committed tree only (nothing untracked, no node_modules), as `git clone` gives a new user.
git clone -q --no-checkout "$SRC" "$ROOT$APP"
git -C "$ROOT$APP" checkout -q --detach "$COMMIT"
record "node, npm, clone" $(($(now) - t))

step "Debian packages: scripts/system-packages.sh (apt-get of .ci/packages)"
t=$(now)
in_root "cd $APP && apt-get update -qq && scripts/system-packages.sh"
record "system packages (.ci/packages)" $(($(now) - t))

step "npm ci"
t=$(now)
in_root "cd $APP && node -v && npm -v && $NPM_CA npm ci --no-audit --no-fund"
record "npm ci" $(($(now) - t))

step "CI=true npm test (private network namespace, loopback only)"
t=$(now)
NETNS=1 in_root --netns "cd $APP && CI=true npm test"
record "CI=true npm test" $(($(now) - t))

step "npm ci (again, as README's demo command does)"
t=$(now)
in_root "cd $APP && $NPM_CA npm ci --no-audit --no-fund"
record "npm ci (demo)" $(($(now) - t))

step "npm run demo until /api/health answers (private network namespace)"
t=$(now)
# The demo in the background, /api/health on README's port 3000 polled for up to 15 minutes (the
# production build comes first); the PID namespace ends the server when this shell exits.
NETNS=1 in_root --netns "cd $APP && { npm run demo >/root/demo.log 2>&1 & }; demo=\$!
  for _ in \$(seq 900); do
    if body=\$(curl -sf http://127.0.0.1:3000/api/health); then echo \"health: \$body\"; exit 0; fi
    kill -0 \$demo 2>/dev/null || { echo 'npm run demo exited; the end of its log:'; tail -n 40 /root/demo.log; exit 1; }
    sleep 1
  done
  echo 'no answer from /api/health within 15 minutes; the end of the demo log:'; tail -n 40 /root/demo.log; exit 1"
record "npm run demo until /api/health" $(($(now) - t))

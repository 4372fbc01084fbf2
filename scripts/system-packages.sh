#!/usr/bin/env bash
# Installs the Debian packages the test command needs (.ci/packages), only those missing, so that
# `npm ci && npm test` works on a fresh Debian machine with no other step. As root with apt-get it
# installs them; otherwise it names what is missing and goes on: the steps that need a package
# then skip (local runs) or fail (REAL_BACKENDS=1) with their own message.
# Once everything is installed it checks that each program the tests and rigs run is there: a
# package can be installed and still lack a program that Debian ships only as a Recommends (libvirt
# without dnsmasq-base starts no network), so this stops at once naming the program and its package.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
while read -r pkg; do
  case "$pkg" in ''|'#'*) continue ;; esac
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done < .ci/packages

if [ ${#need[@]} -eq 0 ]; then
  echo "all present"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  echo "installing: ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
else
  echo "missing (sudo apt-get install --no-install-recommends ${need[*]}); the tests that need them skip" >&2
  exit 0
fi

# program (a name on PATH, or an absolute path/glob) → the Debian package that provides it, for
# everything scripts/real/*.sh, the tests (test/real, e2e) and scripts/test.sh run.
missing=0
while read -r program package; do
  case "$program" in ''|'#'*) continue ;; esac
  if [[ $program == /* ]]; then
    # shellcheck disable=SC2086 # a glob (PostgreSQL's versioned directory)
    found=$(ls -d $program 2>/dev/null | head -n 1)
    [ -n "$found" ] && continue
  else
    command -v "$program" >/dev/null 2>&1 && continue
    [ -x "/usr/sbin/$program" ] && continue
  fi
  echo "system-packages.sh: the program '$program' is missing: install the Debian package '$package' (apt-get install --no-install-recommends $package) and name it in .ci/packages" >&2
  missing=1
  break
done <<'T'
/usr/sbin/libvirtd libvirt-daemon
/usr/sbin/virtlogd libvirt-daemon
/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so libvirt-daemon-driver-qemu
/usr/lib/x86_64-linux-gnu/libvirt/storage-backend/libvirt_storage_backend_rbd.so libvirt-daemon-driver-storage-rbd
virsh libvirt-clients
/usr/sbin/dnsmasq dnsmasq-base
/usr/sbin/iptables iptables
/usr/sbin/tc iproute2
/usr/lib/ipxe/qemu/pxe-e1000.rom ipxe-qemu
qemu-system-x86_64 qemu-system-x86
qemu-img qemu-utils
unshare util-linux
mount mount
/usr/sbin/sshd openssh-server
ssh openssh-client
ssh-keygen openssh-client
nc netcat-openbsd
openssl openssl
/usr/sbin/nginx nginx
websockify websockify
keystone-manage keystone
keystone-wsgi-public keystone
cinder-api cinder-api
cinder-scheduler cinder-scheduler
cinder-volume cinder-volume
cinder-manage cinder-api
/usr/lib/rabbitmq/bin/rabbitmq-server rabbitmq-server
epmd rabbitmq-server
/usr/lib/postgresql/*/bin/initdb postgresql
/usr/lib/postgresql/*/bin/pg_ctl postgresql
/usr/bin/python3 python3
sqlite3 sqlite3
curl curl
/usr/bin/chromium chromium
runuser util-linux
setsid util-linux
T
[ $missing -eq 0 ] || exit 1
# Not a program, but what cinder.sh's database connection imports (Debian's python3 only).
/usr/bin/python3 -c 'import psycopg2' 2>/dev/null || {
  echo "system-packages.sh: the Python module psycopg2 is missing for /usr/bin/python3: install the Debian package 'python3-psycopg2'" >&2
  exit 1
}
echo "every program the tests run is present"

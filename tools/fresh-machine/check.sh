#!/usr/bin/env bash
# Proves the README's set-up on a Debian machine that has never seen this project: a minimal Debian 12
# root filesystem (debootstrap --variant=minbase) with only the Swift toolchain's own runtime libraries,
# the toolchain and the offline Swift package copies bind-mounted read-only from this machine, and a fresh
# clone of this repository. It then runs the README's first command as root and install-deps.sh as a
# sudo user in a second copy, and checks that the report was written and that the packages arrived.
#
#   tools/fresh-machine/check.sh [WORKDIR] [--tests]
#
# WORKDIR (default /var/tmp/impactmon-fresh) keeps the pristine root filesystem between runs; each check
# works on copies of it. --tests also runs the README's second command (swift test) as root.
# Needs root, debootstrap (apt-get install debootstrap) and Debian's package mirror.
set -euo pipefail

workdir=${1:-/var/tmp/impactmon-fresh}
run_tests=0
for arg in "$@"; do [ "$arg" = "--tests" ] && run_tests=1; done
[ "$workdir" = "--tests" ] && workdir=/var/tmp/impactmon-fresh
repo=$(cd "$(dirname "$0")/../.." && pwd)
pristine="$workdir/pristine"
mounts=()

# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT

bind() { # bind SOURCE TARGET [ro]
  mkdir -p "$2"
  mount --bind "$1" "$2"
  mounts+=("$2")
  if [ "${3:-}" = "ro" ]; then mount -o remount,bind,ro "$2"; fi
}

if [ ! -x "$pristine/bin/bash" ]; then
  echo "fresh-machine: debootstrap bookworm into $pristine"
  mkdir -p "$pristine"
  debootstrap --variant=minbase bookworm "$pristine" http://deb.debian.org/debian >"$workdir/debootstrap.log"
  cp /etc/resolv.conf "$pristine/etc/resolv.conf"
  # What the Swift toolchain itself needs to run and link (swift.org's prerequisites minus the -dev
  # packages this project's install-deps.sh is responsible for): git for SwiftPM, the C runtime and
  # linker for clang, and the shared libraries that swift-build and swift-frontend load.
  chroot "$pristine" /bin/bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends git gcc libc6-dev libstdc++-12-dev binutils libcurl4 libxml2 libsqlite3-0 \
      libncurses6 libedit2 tzdata ca-certificates sudo >/dev/null && apt-get clean'
fi

prepare() { # prepare NAME: sets $root to a writable copy of the pristine machine with the toolchain and a clone
  root="$workdir/$1"
  rm -rf "$root"
  cp -a "$pristine" "$root"
  bind /opt/swift "$root/opt/swift" ro
  bind /opt/swift-packages "$root/opt/swift-packages" ro
  bind /proc "$root/proc"
  bind /dev "$root/dev"
  # This workplace reaches PyPI through its own CA; git reads github.com addresses from the package copies.
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  cp /etc/gitconfig "$root/etc/gitconfig"
  git clone -q "$repo" "$root/srv/impactmonitor"
  if [ -d "$repo/../shared" ]; then bind "$repo/../shared" "$root/srv/shared" ro; fi
}

in_root() { # in_root ROOT USER COMMAND
  chroot "$1" /usr/bin/env -i HOME="$( [ "$2" = root ] && echo /root || echo "/home/$2")" \
    PATH=/opt/swift/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt LANG=C.UTF-8 \
    /usr/bin/setpriv --reuid="$2" --regid="$2" --init-groups /bin/bash -c "$3"
}

absent() { # absent ROOT PACKAGE: the package must not be on the pristine machine
  # shellcheck disable=SC2016  # ${Status} is dpkg-query's format field, not a shell variable
  if chroot "$1" dpkg-query -W -f='${Status}' "$2" 2>/dev/null | grep -q 'install ok installed'; then
    echo "fresh-machine: $2 is already installed: not a fresh machine" >&2
    exit 1
  fi
}

status=0

prepare as-root
for package in libcurl4-openssl-dev python3 shellcheck time pkg-config; do absent "$root" "$package"; done
echo "fresh-machine: as root: bash scripts/install-deps.sh && swift run impactmon run --period 2026Q3"
if in_root "$root" root 'cd /srv/impactmonitor && bash scripts/install-deps.sh && swift run impactmon run --period 2026Q3' \
  >"$workdir/as-root.log" 2>&1; then
  report="$root/srv/impactmonitor/output/haarlem-demo/2026Q3/report/report.md"
  if [ -s "$report" ]; then
    echo "fresh-machine: as root: exit 0, $(wc -l <"$report") lines in output/haarlem-demo/2026Q3/report/report.md"
  else
    echo "fresh-machine: as root: exit 0 but no report.md" >&2; status=1
  fi
else
  echo "fresh-machine: as root: failed, see $workdir/as-root.log" >&2; tail -n 20 "$workdir/as-root.log" >&2; status=1
fi
if [ "$run_tests" = 1 ] && [ "$status" = 0 ]; then
  echo "fresh-machine: as root: swift test"
  if in_root "$root" root 'cd /srv/impactmonitor && IMPACTMON_SHARED_DATA=/srv/shared/data/real swift test' \
    >"$workdir/tests.log" 2>&1; then
    echo "fresh-machine: swift test: $(grep -E 'Test run with' "$workdir/tests.log" | tail -n 1)"
  else
    echo "fresh-machine: swift test failed, see $workdir/tests.log" >&2; status=1
  fi
fi

prepare as-sudo-user
sudo_root=$root
chroot "$sudo_root" /bin/bash -c 'useradd -m builder && echo "builder ALL=(ALL) NOPASSWD: ALL" >/etc/sudoers.d/builder \
  && chown -R builder: /srv/impactmonitor'
echo "fresh-machine: as a sudo user: bash scripts/install-deps.sh"
# shellcheck disable=SC2016  # ${Status} is dpkg-query's format field, not a shell variable
if in_root "$sudo_root" builder 'cd /srv/impactmonitor && bash scripts/install-deps.sh' >"$workdir/as-sudo-user.log" 2>&1 \
  && chroot "$sudo_root" dpkg-query -W -f='${Status}' libcurl4-openssl-dev | grep -q 'install ok installed'; then
  echo "fresh-machine: as a sudo user: exit 0, $(tail -n 1 "$workdir/as-sudo-user.log")"
else
  echo "fresh-machine: as a sudo user: failed, see $workdir/as-sudo-user.log" >&2; tail -n 20 "$workdir/as-sudo-user.log" >&2
  status=1
fi
exit "$status"

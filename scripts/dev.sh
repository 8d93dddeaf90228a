#!/bin/sh
# Sets up a Debian 12 machine for Rx Review and either opens the window
# ("run") or runs every test ("test").  Safe to run again: packages are
# installed only when missing and the build folders are reused.
set -eu

cd "$(dirname "$0")/.."

PACKAGES="gcc meson ninja-build pkg-config libglib2.0-dev libglib2.0-bin libgtk-4-dev
libadwaita-1-dev libsqlite3-dev sqlite3 libarchive-dev libjson-glib-dev libcairo2-dev
libpango1.0-dev libxlsxwriter-dev zlib1g-dev check xvfb xauth desktop-file-utils appstream
time libxml2-utils"

install_missing () {
  missing=""
  for p in $PACKAGES; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    echo "Installing:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
  fi
}

configure () {  # configure DIR [meson options]
  dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
}

run () {
  install_missing
  configure build
  ninja -C build
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display: opening the window under a virtual display (xvfb-run)."
    exec xvfb-run -a ./build/app/rxreview "$@"
  fi
  exec ./build/app/rxreview "$@"
}

test_all () {
  install_missing
  # Release-like build with every warning an error.
  configure build --werror
  ninja -C build
  meson test -C build --print-errorlogs --suite core --suite cli --suite data
  xvfb-run -a meson test -C build --print-errorlogs --suite ui
  # The core again under AddressSanitizer and UndefinedBehaviorSanitizer.
  configure build-asan --werror -Dui=false -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbuildtype=debug
  ninja -C build-asan
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
    meson test -C build-asan --print-errorlogs --suite core
  echo "All test suites passed."
}

case "${1:-}" in
  run) shift; run "$@" ;;
  test) test_all ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the Debian package of Rx Review from this source tree.
#
# dpkg-buildpackage wants debian/ at the root of the source, and ours lives in
# packaging/debian so that the tree stays a plain meson project. So the source
# (the files git knows, tracked or not ignored, minus any meson build folder)
# is copied into a temporary folder, packaging/debian is copied in as debian/,
# and the package is built there. The source tree is never written to.
#
#   packaging/build-deb.sh [--output DIR] [--jobs N] [--install | --check]
#
#   --output DIR  where the .deb, .buildinfo and .changes go
#                 (default: ${TMPDIR:-/tmp}/rxreview-deb)
#   --jobs N      parallel build jobs (default: DEB_BUILD_OPTIONS, else 1)
#   --install     then install the .deb with dpkg -i (as root, or with sudo)
#                 and run `rxreview --version`
#   --check       as --install, then remove the package again with dpkg -r
#
# Safe to run again: each run builds in a fresh temporary folder and replaces
# the files of the same version in the output folder.

set -eu

die () {
  echo "build-deb: $*" >&2
  exit 1
}

usage () {
  sed -n '/^#   packaging\/build-deb.sh/,/^$/s/^# \{0,1\}//p' "$0"
}

srcdir=$(cd "$(dirname "$0")/.." && pwd)
outdir=${TMPDIR:-/tmp}/rxreview-deb
jobs=
install=no
remove=no

while [ $# -gt 0 ]; do
  case $1 in
    --output) [ $# -ge 2 ] || die "--output needs a folder"; outdir=$2; shift ;;
    --output=*) outdir=${1#--output=} ;;
    --jobs) [ $# -ge 2 ] || die "--jobs needs a number"; jobs=$2; shift ;;
    --jobs=*) jobs=${1#--jobs=} ;;
    --install) install=yes ;;
    --check) install=yes; remove=yes ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done

case $jobs in
  ''|*[!0-9]*) [ -z "$jobs" ] || die "--jobs wants a number, not '$jobs'" ;;
esac

for tool in dpkg-buildpackage dpkg-parsechangelog tar; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (apt-get install dpkg-dev debhelper)"
done

if [ ! -f "$srcdir/meson.build" ] || [ ! -d "$srcdir/packaging/debian" ]; then
  die "$srcdir does not look like the Rx Review source"
fi

# A native package's version is the upstream version: they must agree.
meson_version=$(sed -n "s/^[[:space:]]*version:[[:space:]]*'\([^']*\)'.*/\1/p" "$srcdir/meson.build" | head -n 1)
deb_version=$(dpkg-parsechangelog -l "$srcdir/packaging/debian/changelog" -S Version)
[ -n "$meson_version" ] || die "cannot read the project version from meson.build"
[ "$meson_version" = "$deb_version" ] ||
  die "meson.build says $meson_version but packaging/debian/changelog says $deb_version: add a changelog entry (dch -v $meson_version)"

workdir=$(mktemp -d "${TMPDIR:-/tmp}/rxreview-deb-build.XXXXXX")
trap 'rm -rf "$workdir"' EXIT
trap 'exit 130' INT TERM
tree=$workdir/rxreview-$deb_version
mkdir -p "$tree"

# The list of files to copy, NUL-separated: from git when this is a checkout
# (tracked and untracked files, without the ignored ones), else everything.
list=$workdir/files
if git -C "$srcdir" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git -C "$srcdir" ls-files -z --cached --others --exclude-standard > "$list.all"
else
  (cd "$srcdir" && find . -path ./.git -prune -o \( -type f -o -type l \) -print0) > "$list.all"
fi

# Leave out meson build folders (wherever they are, ignored or not), the
# output folder if it is inside the source, and a stray debian/ at the root.
excludes=$workdir/excludes
(cd "$srcdir" && find . -name .git -prune -o -type d -name meson-private -print) |
  sed -e 's|^\./||' -e 's|/meson-private$||' > "$excludes"
case $outdir in
  /*) absout=$outdir ;;
  *) absout=$(pwd)/$outdir ;;
esac
case $absout in
  "$srcdir"/*) echo "${absout#"$srcdir"/}" >> "$excludes" ;;
esac
echo debian >> "$excludes"

tr '\0' '\n' < "$list.all" | sed 's|^\./||' |
  awk 'NR == FNR { if ($0 != "") skip[$0] = 1; next }
       {
         path = $0
         for (dir = path; dir != ""; ) {
           if (dir in skip) next
           if (index (dir, "/") == 0) break
           sub (/\/[^\/]*$/, "", dir)
         }
         print path
       }' "$excludes" - > "$list"

[ -s "$list" ] || die "found no files to package in $srcdir"
(cd "$srcdir" && tr '\n' '\0' < "$list" | tar --null -T - -cf -) | tar -C "$tree" -xf -
cp -R "$srcdir/packaging/debian" "$tree/debian"

echo "build-deb: building rxreview $deb_version in $tree ($(wc -l < "$list") files)"
if [ -n "$jobs" ]; then
  (cd "$tree" && dpkg-buildpackage -b -us -uc "-j$jobs")
else
  (cd "$tree" && DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS:-parallel=1} dpkg-buildpackage -b -us -uc)
fi

mkdir -p "$outdir"
found=no
for f in "$workdir"/rxreview*_"$deb_version"_*.deb "$workdir"/rxreview_"$deb_version"_*.buildinfo \
         "$workdir"/rxreview_"$deb_version"_*.changes; do
  [ -e "$f" ] || continue
  mv -f "$f" "$outdir/"
  found=yes
done
[ "$found" = yes ] || die "dpkg-buildpackage made no package"
deb=
for f in "$outdir"/rxreview_"$deb_version"_*.deb; do
  [ -e "$f" ] && deb=$f
done
[ -n "$deb" ] || die "no rxreview_${deb_version}_*.deb in $outdir"
echo "build-deb: built $deb"

if [ "$install" = yes ]; then
  sudo=
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "--install needs root or sudo"
    sudo=sudo
  fi
  $sudo dpkg -i "$deb"
  version=$(/usr/bin/rxreview --version) || die "the installed rxreview --version failed"
  echo "build-deb: installed, rxreview --version says: $version"
  if [ "$remove" = yes ]; then
    $sudo dpkg -r rxreview
    echo "build-deb: removed the package again"
  fi
fi

echo "build-deb: the package is $deb"

#!/bin/sh
# The command line runs headless: no DISPLAY, no WAYLAND_DISPLAY, exit codes
# as cli.md says.
set -u
RX="$1"
unset DISPLAY WAYLAND_DISPLAY
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_DATA_HOME="$TMP/xdg"
pass=0
fail=0

check() {   # check NAME EXPECTED_CODE COMMAND...
  name=$1; want=$2; shift 2
  "$@" >"$TMP/out" 2>"$TMP/err"
  got=$?
  if [ "$got" -eq "$want" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $name: exit $got, expected $want"
    sed 's/^/  | /' "$TMP/err"
  fi
}

expect_out() {  # expect_out NAME PATTERN
  if grep -q -- "$2" "$TMP/out" "$TMP/err"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL $1: output lacks '$2'"; sed 's/^/  | /' "$TMP/out" "$TMP/err"; fi
}

check version 0 "$RX" --version
expect_out version "^rxreview [0-9]"
check help 0 "$RX" --help
expect_out help "import"
check unknown-command 2 "$RX" frobnicate
expect_out unknown-command "unknown command"
check unknown-option 2 "$RX" --frob
check db-missing-arg 2 "$RX" --db

# A file that is not a database is refused with exit 3 and left alone.
printf 'hello\n' > "$TMP/notdb"
check not-a-db 3 "$RX" --db "$TMP/notdb" status
cmp -s "$TMP/notdb" - <<X || { fail=$((fail + 1)); echo "FAIL not-a-db: file changed"; }
hello
X

if [ -f "$(dirname "$0")/test-cli-more.sh" ]; then
  . "$(dirname "$0")/test-cli-more.sh"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

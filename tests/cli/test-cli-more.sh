# Sourced by test-cli.sh: `import` run headless, its exit codes (cli.md),
# summary line and messages.  Uses check, expect_out, $RX and $TMP.

F=${RX_TEST_FIXTURES:-$(cd "$(dirname "$0")/../fixtures" && pwd)}
IDB="$TMP/import.db"

# expect_not NAME PATTERN: neither stdout nor stderr holds PATTERN.
expect_not() {
  if grep -q -- "$2" "$TMP/out" "$TMP/err"; then
    fail=$((fail + 1)); echo "FAIL $1: output has '$2'"; sed 's/^/  | /' "$TMP/out" "$TMP/err"
  else pass=$((pass + 1)); fi
}

# An ICB-layout file of GOOD rows of month 202311, then BAD rows with
# ITEMS 2.5 (line GOOD + 2 onwards).
make_rows() {  # make_rows FILE GOOD BAD
  awk -v good="$2" -v bad="$3" 'BEGIN {
    print "YEAR_MONTH,REGIONAL_OFFICE_NAME,REGIONAL_OFFICE_CODE,ICB_NAME,ICB_CODE,PCO_NAME,PCO_CODE,PRACTICE_NAME,PRACTICE_CODE,ADDRESS_1,ADDRESS_2,ADDRESS_3,ADDRESS_4,POSTCODE,BNF_CHEMICAL_SUBSTANCE,CHEMICAL_SUBSTANCE_BNF_DESCR,BNF_CODE,BNF_DESCRIPTION,BNF_CHAPTER_PLUS_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,ADQUSAGE,NIC,ACTUAL_COST,UNIDENTIFIED"
    for (i = 0; i < good + bad; i++)
      printf "202311,NORTH EAST AND YORKSHIRE,Y63,NHS NENC,QHM,NHS NENC ICB - 16C,16C00,PRACTICE %d,A8%04d,,,,,TS18 1HU,0206020T0,Verapamil hydrochloride,0206020T0AAAGAG,Verapamil 160mg tablets,02: Cardiovascular System,28,%s,56,0,1.00,0.90000,N\n", i, i % 10000, i < good ? "2" : "2.5"
  }' > "$1"
}

# A good file: exit 0 and the summary line of cli.md on stderr.
check import-good 0 "$RX" --db "$IDB" import "$F/epd-v2-icb.csv"
expect_out import-good "^$F/epd-v2-icb.csv: epd, 2022-12, 3 rows read, 3 stored, 0 rejected, [0-9]*\.[0-9] s ([0-9]* rows/s)$"
check import-good-stdout 0 test ! -s "$TMP/out"

# The same content again: skipped with a message, unless --force.
check import-again 0 "$RX" --db "$IDB" import "$F/epd-v2-icb.csv"
expect_out import-again "already imported"
check import-force 0 "$RX" --db "$IDB" import --force "$F/epd-v2-icb.csv"
expect_out import-force "3 rows read, 3 stored, 0 rejected"

# status after the import shows the month.
check status-month 0 "$RX" --db "$IDB" status
expect_out status-month "prescribing *1 month, 2022-12 to 2022-12"
expect_out status-month "epd-v2-icb.csv"

# Several files in one command, every kind detected; --quiet prints no summary.
check import-kinds 0 "$RX" --db "$IDB" import "$F/epraccur.zip" "$F/org-map-2022.csv" \
  "$F/list-size-all-ccg.csv" "$F/bnf-codes-current-202503.csv" "$F/pdpi-201410.csv"
expect_out import-kinds "epraccur.zip: epraccur, no month, 5 rows read, 4 stored, 0 rejected"
expect_out import-kinds "org-map-2022.csv: org-map, no month, 2 rows read"
expect_out import-kinds "list-size-all-ccg.csv: list-size, 2021-01, 4 rows read, 2 stored"
expect_out import-kinds "bnf-codes-current-202503.csv: bnf-codes, "
expect_out import-kinds "pdpi-201410.csv: pdpi, 2014-10, 3 rows read, 3 stored"
check import-quiet 0 "$RX" --db "$IDB" import --quiet "$F/epd-v2-stp.csv"
check import-quiet-silent 0 test ! -s "$TMP/err"
check status-two 0 "$RX" --db "$IDB" status
expect_out status-two "prescribing *3 months, 2014-10 to 2022-12"

# Refusals: exit 4, one "rxreview: …" line saying why, nothing stored.
printf 'hello,world\n1,2\n' > "$TMP/hello.csv"
check import-unknown 4 "$RX" --db "$IDB" import "$TMP/hello.csv"
expect_out import-unknown "^rxreview: hello.csv: unknown file kind"
check import-dpi 4 "$RX" --db "$IDB" import "$F/dpi.csv"
expect_out import-dpi "no month column; import the EPD file for that month"
check import-eccg 4 "$RX" --db "$IDB" import "$F/eccg.csv"
expect_out import-eccg "import gp-reg-pat-prac-map.csv for sub-ICBs, ICBs and regions"
check import-xlsx 4 "$RX" --db "$IDB" import "$F/tiny.xlsx"
expect_out import-xlsx "a spreadsheet (XLSX)"
check import-three 4 "$RX" --db "$IDB" import "$F/three-members.zip"
expect_out import-three "extract and import each"
for f in truncated.csv.gz truncated-trailer.csv.gz truncated.zip bad-crc.zip truncated-quote.csv; do
  check "import-$f" 4 "$RX" --db "$IDB" import "$F/$f"
  expect_out "import-$f" "^rxreview: .*truncated"
done
check import-deflate64 4 "$RX" --db "$IDB" import "$F/epd-deflate64.zip"
expect_out import-deflate64 "Deflate64 (ZIP method 9).*7z x, or bsdtar -xf"

# --kind that does not fit: exit 4 naming the missing column; an unknown
# kind is a usage error.
check import-kind-mismatch 4 "$RX" --db "$IDB" import --kind pdpi "$F/epd-v2-area-team.csv"
expect_out import-kind-mismatch "not a pdpi file: the header has no SHA column"
check import-kind-list 4 "$RX" --db "$IDB" import --kind list-size "$F/org-map-2026.csv"
expect_out import-kind-list "the header has no CODE column"
check import-kind-unknown 2 "$RX" --db "$IDB" import --kind frob "$F/epd-v2-stp.csv"
check import-no-file 2 "$RX" --db "$IDB" import
check import-missing 1 "$RX" --db "$IDB" import "$TMP/nope.csv"
expect_out import-missing "nope.csv"

# 0.2 % bad rows (2 in 1,002) refuses the file and prints the rows as
# FILE:LINE: reason; 0.1 % (1 in 1,001) is accepted with one rejection.
make_rows "$TMP/bad.csv" 1000 2
check import-bad 4 "$RX" --db "$IDB" import "$TMP/bad.csv"
expect_out import-bad "^bad.csv:1002: ITEMS is not a whole number$"
expect_out import-bad "^bad.csv:1003: ITEMS is not a whole number$"
expect_out import-bad "^rxreview: bad.csv: 2 of 1002 rows rejected (more than 0.1%)"
make_rows "$TMP/ok.csv" 1000 1
check import-one-bad 0 "$RX" --db "$IDB" import "$TMP/ok.csv"
expect_out import-one-bad "^ok.csv:1002: ITEMS is not a whole number$"
expect_out import-one-bad "ok.csv: epd, 2023-11, 1001 rows read, 1000 stored, 1 rejected"
# The refused month is not held; the accepted one is.
check status-after-bad 0 "$RX" --db "$IDB" status
expect_out status-after-bad "prescribing *4 months, 2014-10 to 2023-11"

# More than 20 rejections: 20 shown, the rest counted.
make_rows "$TMP/many.csv" 30000 25
check import-many 0 "$RX" --db "$IDB" import "$TMP/many.csv"
expect_out import-many "^many.csv:30021: ITEMS"
expect_not import-many "^many.csv:30022: ITEMS"
expect_out import-many "and 5 more rejected rows"

# Warnings go to stderr, prefixed.
check import-warning 0 "$RX" --db "$IDB" import "$F/trap-snomed.csv"
expect_out import-warning "^warning: trap-snomed.csv: line 3: SNOMED_CODE fails its check digit"

# A database that is not ours: exit 3, and nothing imported.
printf 'hello\n' > "$TMP/notdb2"
check import-not-db 3 "$RX" --db "$TMP/notdb2" import "$F/epd-v2-icb.csv"

# Ctrl+C part-way: exit 130, nothing of the file stored.
awk 'BEGIN { print "YEAR_MONTH,PRACTICE_CODE,BNF_CODE,ITEMS,NIC,ACTUAL_COST,QUANTITY"
             for (i = 0; i < 3000000; i++)
               printf "202001,B%05d,0212000B0AA%04d,1,1.00,0.90000,28\n", i % 7000, i % 500 }' \
  > "$TMP/huge.csv"
"$RX" --db "$IDB" import "$TMP/huge.csv" >"$TMP/out" 2>"$TMP/err" &
pid=$!
sleep 1
kill -INT "$pid" 2>/dev/null
wait "$pid"
got=$?
if [ "$got" -eq 130 ] && grep -q "imported, but computing its results was interrupted" "$TMP/err"; then
  # Ctrl+C came after the file's commit, while its results were computed:
  # the file stays, and the message says how to finish.
  pass=$((pass + 1))
  check status-interrupted-late 0 "$RX" --db "$IDB" status
  expect_out status-interrupted-late "huge.csv"
elif [ "$got" -eq 130 ]; then
  pass=$((pass + 1))
  expect_out import-interrupted "interrupted; nothing of it was stored"
  check status-interrupted 0 "$RX" --db "$IDB" status
  expect_not status-interrupted "2020-01"
  expect_not status-interrupted "huge.csv"
elif [ "$got" -eq 0 ]; then
  echo "note import-interrupted: the import finished within a second; not checked"
else
  fail=$((fail + 1)); echo "FAIL import-interrupted: exit $got, expected 130"; sed 's/^/  | /' "$TMP/err"
fi
rm -f "$TMP/huge.csv"

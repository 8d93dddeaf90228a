#!/bin/sh
# `measures` and `export` on the command line (cli.md): exit codes, the
# refusal of definitions this program cannot compute, a user definition
# replacing a bundled one, and the values of methodology.md §9 TC1 through
# `export values` and `export deciles`.  Headless, as every command runs.
#   test-cli-measures.sh PATH/TO/rxreview
set -u
RX="$1"
unset DISPLAY WAYLAND_DISPLAY
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_DATA_HOME="$TMP/xdg"
DB="$TMP/rx.db"
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

expect_out() {  # expect_out NAME PATTERN (stdout or stderr)
  if grep -q -- "$2" "$TMP/out" "$TMP/err"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL $1: output lacks '$2'"; sed 's/^/  | /' "$TMP/out" "$TMP/err"; fi
}

expect_file() {  # expect_file NAME EXPECTED_FILE (stdout, exactly)
  if cmp -s "$2" "$TMP/out"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL $1: output differs"; diff "$2" "$TMP/out" | sed 's/^/  | /'; fi
}

# --- TC1's files (methodology.md §9): P1–P3 in PCN U00001, P4 in U00002,
# P5 in none, P6 setting 1; N trimethoprim items, D plus nitrofurantoin.
for i in 1 2 3 4 5 6; do
  s=4; [ $i -eq 6 ] && s=1
  printf '"A0000%s","TC1 PRACTICE %s","Y63","QHM","1 HIGH STREET","","TESTTOWN","","","TS1 1AA","19740401","","A","B","16C","20200401","","01642 000000","","","","0","","16C","","%s",""\n' "$i" "$i" "$s"
done > "$TMP/epraccur.csv"
{
  echo "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,PCN_NAME,ONS_SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,ONS_ICB_CODE,ICB_CODE,ICB_NAME,ONS_COMM_REGION_CODE,COMM_REGION_CODE,COMM_REGION_NAME,SUPPLIER_NAME"
  for i in 1 2 3 4 5 6; do
    case $i in 1|2|3|6) pcn=U00001 ;; 4) pcn=U00002 ;; *) pcn= ;; esac
    echo "GP_PRAC_PAT_LIST,2024-04-01,A0000$i,TC1 PRACTICE $i,TS1 1AA,$pcn,PCN $pcn,E38000001,16C,SUB-ICB 16C,E54000001,QHM,ICB QHM,E40000001,Y63,REGION Y63,EMIS"
  done
} > "$TMP/gp-reg-pat-prac-map.csv"
row() {  # row PRACTICE CODE QPI ITEMS
  echo "202401,NORTH EAST AND YORKSHIRE,Y63,NHS TEST ICB,QHM,NHS TEST SUB-ICB,16C00,PRACTICE $1,$1,1 HIGH STREET,,,,TS1 1AA,$(echo "$2" | cut -c1-9),Chemical,$2,Presentation $2,05: Infections,$3,$4,$(($3 * $4)),0,1.00,0.90000,N"
}
{
  echo "YEAR_MONTH,REGIONAL_OFFICE_NAME,REGIONAL_OFFICE_CODE,ICB_NAME,ICB_CODE,PCO_NAME,PCO_CODE,PRACTICE_NAME,PRACTICE_CODE,ADDRESS_1,ADDRESS_2,ADDRESS_3,ADDRESS_4,POSTCODE,BNF_CHEMICAL_SUBSTANCE,CHEMICAL_SUBSTANCE_BNF_DESCR,BNF_CODE,BNF_DESCRIPTION,BNF_CHAPTER_PLUS_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,ADQUSAGE,NIC,ACTUAL_COST,UNIDENTIFIED"
  row A00001 0501080W0AAAEAE 6 10
  row A00001 0501130R0AAAAAA 12 30
  row A00002 0501130R0AAAAAA 12 20
  row A00003 0501080W0AAAEAE 6 5
  row A00003 0501130R0AAAAAA 12 15
  row A00004 0501080W0AAAEAE 6 30
  row A00004 0501130R0AAAAAA 12 30
  row A00005 0212000B0AAABAB 28 5
  row A00006 0501080W0AAAEAE 6 50
} > "$TMP/epd_202401.csv"

check import-epraccur 0 "$RX" --db "$DB" import --quiet "$TMP/epraccur.csv"
check import-map 0 "$RX" --db "$DB" import --quiet "$TMP/gp-reg-pat-prac-map.csv"
check import-epd 0 "$RX" --db "$DB" import --quiet "$TMP/epd_202401.csv"

# --- measures list: the bundled library, 64 definitions plus a header.
check list-csv 0 "$RX" --db "$DB" measures list --format csv
expect_out list-header "^id,category,name,numerator_type,denominator_type,low_is_good,is_cost_based,source$"
expect_out list-trimethoprim "^trimethoprim,antimicrobial,Trimethoprim vs nitrofurantoin,bnf_items,bnf_items,true,false,bundled$"
if [ "$(wc -l < "$TMP/out")" -eq 65 ]; then pass=$((pass + 1)); else
  fail=$((fail + 1)); echo "FAIL list-count: $(wc -l < "$TMP/out") lines, expected 65"; fi
check list-category 0 "$RX" --db "$DB" measures list --category waste --format csv
if [ "$(wc -l < "$TMP/out")" -eq 2 ]; then pass=$((pass + 1)); else
  fail=$((fail + 1)); echo "FAIL list-category: $(wc -l < "$TMP/out") lines, expected 2"; fi
check list-bad-format 2 "$RX" --db "$DB" measures list --format xml

# --- export values and deciles: TC1.
cat > "$TMP/want-pcn.csv" <<'X'
measure,org_type,org_code,org_name,date,numerator,denominator,calc_value,percentile,cost_saving_10,cost_saving_20,cost_saving_30,cost_saving_40,cost_saving_50,cost_saving_60,cost_saving_70,cost_saving_80,cost_saving_90
trimethoprim,pcn,U00001,PCN U00001,2024-01-01,15,80,0.1875,0,,,,,,,,,
trimethoprim,pcn,U00002,PCN U00002,2024-01-01,30,60,0.5,100,,,,,,,,,
X
check values-pcn 0 "$RX" --db "$DB" export values --measure trimethoprim --org-type pcn
expect_file values-pcn "$TMP/want-pcn.csv"
check values-practice 0 "$RX" --db "$DB" export values --measure trimethoprim --from 2024-01 --to 202401
expect_out values-p1 "^trimethoprim,practice,A00001,TC1 PRACTICE 1,2024-01-01,10,40,0.25,33.33333333333333,"
expect_out values-p5 "^trimethoprim,practice,A00005,TC1 PRACTICE 5,2024-01-01,0,0,,,"
if grep -q A00006 "$TMP/out"; then fail=$((fail + 1)); echo "FAIL values-p6: setting 1 has a row"; else pass=$((pass + 1)); fi
check values-england 0 "$RX" --db "$DB" export values --measure trimethoprim --org england
expect_out values-england "^trimethoprim,england,england,England,2024-01-01,45,140,0.32142857142857145,,"
check deciles 0 "$RX" --db "$DB" export deciles --measure trimethoprim -o "$TMP/deciles.csv"
cat > "$TMP/want-deciles.csv" <<'X'
measure,org_type,date,p10,p20,p30,p40,p50,p60,p70,p80,p90
trimethoprim,practice,2024-01-01,0.075,0.15,0.225,0.25,0.25,0.25,0.275,0.35,0.425
X
if cmp -s "$TMP/want-deciles.csv" "$TMP/deciles.csv"; then pass=$((pass + 1)); else
  fail=$((fail + 1)); echo "FAIL deciles -o: file differs"; diff "$TMP/want-deciles.csv" "$TMP/deciles.csv"; fi
check values-no-measure 2 "$RX" --db "$DB" export values
check values-unknown-measure 1 "$RX" --db "$DB" export values --measure no_such_measure
check values-bad-type 2 "$RX" --db "$DB" export values --measure trimethoprim --org-type ward
check values-bad-month 2 "$RX" --db "$DB" export values --measure trimethoprim --from 2024-13
check values-unknown-org 1 "$RX" --db "$DB" export values --measure trimethoprim --org Z99999
check values-no-db 1 "$RX" --db "$TMP/none.db" export values --measure trimethoprim
[ -e "$TMP/none.db" ] && { fail=$((fail + 1)); echo "FAIL values-no-db: a database was created"; }

# --- measures add: refusals name the field, exit 4, nothing stored.
base='"name": "x", "numerator_type": "bnf_items", "numerator_bnf_codes_filter": ["0501"], "denominator_type": "list_size"'
for field in numerator_bnf_codes_query denominator_bnf_codes_query numerator_columns numerator_from numerator_where; do
  echo "{ $base, \"$field\": \"SELECT 1\" }" > "$TMP/refused_$field.json"
  check "add-$field" 4 "$RX" --db "$DB" measures add "$TMP/refused_$field.json"
  expect_out "add-$field-named" "$field"
done
echo '{ "name": "x", "numerator_type": "custom", "numerator_bnf_codes_filter": ["05"], "denominator_type": "list_size" }' > "$TMP/custom_type.json"
check add-custom-type 4 "$RX" --db "$DB" measures add "$TMP/custom_type.json"
expect_out add-custom-type-named "numerator_type"
echo "{ $base }" > "$TMP/Bad-Name.json"
check add-bad-id 4 "$RX" --db "$DB" measures add "$TMP/Bad-Name.json"
echo '{ "name": ' > "$TMP/broken.json"
check add-broken-json 4 "$RX" --db "$DB" measures add "$TMP/broken.json"
check add-missing-file 1 "$RX" --db "$DB" measures add "$TMP/missing.json"
check add-no-file 2 "$RX" --db "$DB" measures add
# Every file is checked before anything is stored.
echo "{ $base }" > "$TMP/fine_one.json"
check add-mixed 4 "$RX" --db "$DB" measures add "$TMP/fine_one.json" "$TMP/custom_type.json"
check show-not-stored 1 "$RX" --db "$DB" measures show fine_one

# --- a new definition is computed for every month held.
cat > "$TMP/nitro_share.json" <<'X'
{ "name": "Nitrofurantoin share", "numerator_type": "bnf_items",
  "numerator_bnf_codes_filter": ["0501130R0"], "denominator_type": "bnf_items",
  "denominator_bnf_codes_filter": ["0501080W0", "0501130R0"], "is_percentage": true,
  "low_is_good": false, "category": "antimicrobial" }
X
check add-new 0 "$RX" --db "$DB" measures add "$TMP/nitro_share.json"
check add-exists 1 "$RX" --db "$DB" measures add "$TMP/nitro_share.json"
check add-replace 0 "$RX" --db "$DB" measures add --replace "$TMP/nitro_share.json"
check values-new 0 "$RX" --db "$DB" export values --measure nitro_share --org A00001
# P1: 30 of 40.
expect_out values-new "^nitro_share,practice,A00001,TC1 PRACTICE 1,2024-01-01,30,40,0.75,"
check show-new 0 "$RX" --db "$DB" measures show nitro_share
# Presentations held: 0501080W0AAAEAE, 0501130R0AAAAAA, 0212000B0AAABAB.
expect_out show-numerator "Numerator: bnf_items, 1 presentations match"
expect_out show-denominator "Denominator: bnf_items, 2 presentations match"

# --- a user definition replaces a bundled one, and removing it brings the
# bundled one back.
cp "$TMP/nitro_share.json" "$TMP/trimethoprim.json"
check replace-bundled-refused 1 "$RX" --db "$DB" measures add "$TMP/trimethoprim.json"
check replace-bundled 0 "$RX" --db "$DB" measures add --replace "$TMP/trimethoprim.json"
check list-user 0 "$RX" --db "$DB" measures list --format csv
expect_out list-user "^trimethoprim,antimicrobial,Nitrofurantoin share,bnf_items,bnf_items,false,false,user$"
check values-user 0 "$RX" --db "$DB" export values --measure trimethoprim --org A00001
expect_out values-user "^trimethoprim,practice,A00001,TC1 PRACTICE 1,2024-01-01,30,40,0.75,"
check remove-user 0 "$RX" --db "$DB" measures remove trimethoprim
check remove-bundled 1 "$RX" --db "$DB" measures remove trimethoprim
check list-bundled-back 0 "$RX" --db "$DB" measures list --format csv
expect_out list-bundled-back "^trimethoprim,antimicrobial,Trimethoprim vs nitrofurantoin,bnf_items,bnf_items,true,false,bundled$"
check values-bundled-back 0 "$RX" --db "$DB" export values --measure trimethoprim --org A00001
expect_out values-bundled-back "^trimethoprim,practice,A00001,TC1 PRACTICE 1,2024-01-01,10,40,0.25,"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

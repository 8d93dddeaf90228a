// SPDX-License-Identifier: GPL-3.0-or-later
//
// Price-per-unit savings and brand-to-generic swaps (methodology.md §6),
// TC10 and TC11 end to end through `export ppu` and `export swaps`, plus
// the substitution groups of §6.1.  Expected values are the document's or
// hand calculations written beside them.

#define G_LOG_DOMAIN "test-ppu"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <glib.h>

#include "rx-compute.h"
#include "rx-export.h"
#include "rx-ppu.h"
#include "rx-ppu-store.h"

#include "rx-test-data.h"

#define GENERIC "0212000B0AAABAB"   /* atorvastatin 20 mg tablets */
#define BRAND   "0212000B0BBABAB"   /* its brand */

static RxTestCsv *
export_ppu (RxTestData *td,
            RxOrgType   type,
            const char *org,
            double      min_saving)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  RxExportFilter filter;

  rx_export_filter_init (&filter, type);
  filter.org_type_set = TRUE;
  filter.org_code = org;
  ck_assert_msg (rx_export_ppu (td->db, &filter, 202401, min_saving, out, &error), "export ppu: %s",
                 error != NULL ? error->message : "?");
  return rx_test_csv_parse (out->str);
}

static RxTestCsv *
export_swaps (RxTestData *td,
              RxOrgType   type,
              double      min_saving)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  RxExportFilter filter;

  rx_export_filter_init (&filter, type);
  filter.org_type_set = TRUE;
  ck_assert_msg (rx_export_swaps (td->db, &filter, 202401, min_saving, out, &error), "export swaps: %s",
                 error != NULL ? error->message : "?");
  return rx_test_csv_parse (out->str);
}

/*
 * TC10 (quantity, NIC £): P1 generic 1,000, 20.00; P2 generic 500, 12.50 and
 * brand 500, 60.00; P3 generic 2,000, 36.00; P4 generic 800, 40.00; P6
 * (setting 1) generic 100, 1.00.  Actual cost is deliberately far from NIC:
 * price per unit is on NIC.  P1's generic is two rows (700 + 300).  P1, P2
 * in PCN U00001, P3, P4 (and P6) in U00002; all in sub-ICB 16C.
 */
static void
load_tc10 (RxTestData *td)
{
  g_autoptr(GString) epraccur = g_string_new (NULL);
  g_autoptr(GString) map = rx_test_org_map_new ();
  g_autoptr(GString) jan = rx_test_epd_new ();

  for (int i = 1; i <= 6; i++)
    {
      g_autofree char *code = NULL;
      g_autofree char *name = NULL;

      if (i == 5)
        continue;
      code = g_strdup_printf ("L0000%d", i);
      name = g_strdup_printf ("TC10 PRACTICE %d", i);
      rx_test_epraccur_row (epraccur, code, name, "16C", 'A', "", i == 6 ? 1 : 4);
      rx_test_org_map_row (map, code, name, i <= 2 ? "U00001" : "U00002", "16C", "QHM", "Y63");
    }
  rx_test_epd_row (jan, 202401, "L00001", "16C00", GENERIC, 28000, 25, "14.00", "7.00000");
  rx_test_epd_row (jan, 202401, "L00001", "16C00", GENERIC, 30000, 10, "6.00", "3.00000");
  rx_test_epd_row (jan, 202401, "L00002", "16C00", GENERIC, 50000, 10, "12.50", "6.00000");
  rx_test_epd_row (jan, 202401, "L00002", "16C00", BRAND, 50000, 10, "60.00", "30.00000");
  rx_test_epd_row (jan, 202401, "L00003", "16C00", GENERIC, 100000, 20, "36.00", "18.00000");
  rx_test_epd_row (jan, 202401, "L00004", "16C00", GENERIC, 40000, 20, "40.00", "20.00000");
  rx_test_epd_row (jan, 202401, "L00006", "16C00", GENERIC, 100000, 1, "1.00", "0.50000");
  rx_test_import (td, "epraccur.csv", epraccur);
  rx_test_import (td, "map.csv", map);
  rx_test_import (td, "epd_202401.csv", jan);
}

static void
assert_ppu_row (const RxTestCsv *csv,
                guint            row,
                const char      *org,
                const char      *bnf_code,
                const char      *quantity,
                const char      *net_cost,
                const char      *ppu,
                const char      *saving)
{
  rx_assert_cell (csv, row, "date", "2024-01-01");
  rx_assert_cell (csv, row, "org_code", org);
  rx_assert_cell (csv, row, "generic_code", GENERIC);
  rx_assert_cell (csv, row, "bnf_code", bnf_code);
  rx_assert_cell (csv, row, "quantity", quantity);
  rx_assert_cell (csv, row, "net_cost", net_cost);
  rx_assert_cell (csv, row, "price_per_unit", ppu);
  rx_assert_cell (csv, row, "target_price_per_unit", "0.0186");
  rx_assert_cell (csv, row, "possible_saving", saving);
}

/* ------------------------------------------------------------------ */
/* TC10 — PPU target and floor                                           */

START_TEST (test_tc10_practices)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(RxTestCsv) p = NULL;

  load_tc10 (td);
  /* The practice threshold, £10: P1 (1.4000000000000021) is not listed,
   * P3 saves nothing (−1.2 floored to 0). P6 is no peer.  Rows by org,
   * then saving descending: P2's brand (50.7) before its generic
   * (3.200000000000001), then P4 (25.12). */
  p = export_ppu (td, RX_ORG_PRACTICE, NULL, NAN);
  ck_assert_msg (p->rows->len == 3, "%s", p->text);
  assert_ppu_row (p, 0, "L00002", BRAND, "500", "60", "0.12", "50.7");
  assert_ppu_row (p, 1, "L00002", GENERIC, "500", "12.5", "0.025", "3.200000000000001");
  assert_ppu_row (p, 2, "L00004", GENERIC, "800", "40", "0.05", "25.12");
  rx_assert_cell (p, 0, "org_type", "practice");
  rx_assert_cell (p, 0, "org_name", "TC10 PRACTICE 2");
  rx_assert_cell (p, 0, "bnf_name", "Presentation " BRAND);
  /* P2's breakdown sums to more than its headline 53.900000000000006
   * (50.7 + 3.200000000000001): Σ_b s ≥ S. */

  /* Computing one new measure leaves the price-per-unit savings as they are. */
  rx_test_add_measure (td, "test_other",
    "{\"name\": \"x\", \"numerator_type\": \"bnf_items\", \"numerator_bnf_codes_filter\": [\"02\"],"
    " \"denominator_type\": \"list_size\"}");
  {
    g_autoptr(RxTestCsv) again = export_ppu (td, RX_ORG_PRACTICE, NULL, NAN);
    ck_assert_str_eq (again->text, p->text);
  }
}
END_TEST

START_TEST (test_tc10_min_saving)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(RxTestCsv) p = NULL;
  g_autoptr(RxTestCsv) one = NULL;

  load_tc10 (td);
  /* With no minimum P1 appears: 1,000 (700 + 300) for £20, 0.02 a unit.
   * P3 has no presentation with s > 0, so no row. */
  p = export_ppu (td, RX_ORG_PRACTICE, NULL, 0);
  ck_assert_msg (p->rows->len == 4, "%s", p->text);
  assert_ppu_row (p, 0, "L00001", GENERIC, "1000", "20", "0.02", "1.4000000000000021");
  ck_assert_int_eq (rx_test_csv_find (p, "org_code", "L00003", NULL, NULL), -1);
  ck_assert_int_eq (rx_test_csv_find (p, "org_code", "L00006", NULL, NULL), -1);

  /* One practice. */
  one = export_ppu (td, RX_ORG_PRACTICE, "L00004", NAN);
  ck_assert_int_eq (one->rows->len, 1);
  assert_ppu_row (one, 0, "L00004", GENERIC, "800", "40", "0.05", "25.12");

  /* A minimum above P4's saving leaves P2 only. */
  {
    g_autoptr(RxTestCsv) hi = export_ppu (td, RX_ORG_PRACTICE, NULL, 30);
    ck_assert_int_eq (hi->rows->len, 2);
    rx_assert_cell (hi, 0, "org_code", "L00002");
    rx_assert_cell (hi, 1, "org_code", "L00002");
  }
  /* The threshold is a preference. */
  ck_assert (rx_db_exec (td->db, "INSERT INTO preference (key, value) VALUES ('ppu-threshold-practice', '1')", NULL));
  ck_assert (rx_ppu_threshold (td->db, RX_ORG_PRACTICE) == 1.0);
  {
    g_autoptr(RxTestCsv) pref = export_ppu (td, RX_ORG_PRACTICE, NULL, NAN);
    ck_assert_int_eq (pref->rows->len, 4);
  }
}
END_TEST

START_TEST (test_tc10_rollups)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();

  load_tc10 (td);
  /* Thresholds (§6.3): practice 10, PCN 50, sub-ICB 200, ICB 1,000,
   * region 10,000, England 50,000. */
  ck_assert (rx_ppu_threshold (td->db, RX_ORG_PRACTICE) == 10);
  ck_assert (rx_ppu_threshold (td->db, RX_ORG_PCN) == 50);
  ck_assert (rx_ppu_threshold (td->db, RX_ORG_SUB_ICB) == 200);
  ck_assert (rx_ppu_threshold (td->db, RX_ORG_ICB) == 1000);
  ck_assert (rx_ppu_threshold (td->db, RX_ORG_REGION) == 10000);
  ck_assert (rx_ppu_threshold (td->db, RX_ORG_ENGLAND) == 50000);
  {
    /* The sub-ICB: 80.42 (1.4… + 53.9… + 0 + 25.12), under £200: not listed. */
    g_autoptr(RxTestCsv) s = export_ppu (td, RX_ORG_SUB_ICB, NULL, NAN);
    ck_assert_int_eq (s->rows->len, 0);
  }
  {
    g_autoptr(RxTestCsv) s = export_ppu (td, RX_ORG_SUB_ICB, NULL, 0);
    ck_assert_int_eq (s->rows->len, 1);
    rx_assert_cell (s, 0, "org_type", "sub-icb");
    rx_assert_cell (s, 0, "org_code", "16C");
    /* One row per group, named by its generic presentation. */
    rx_assert_cell (s, 0, "generic_code", GENERIC);
    rx_assert_cell (s, 0, "bnf_code", GENERIC);
    rx_assert_cell_abs (s, 0, "possible_saving", 80.42, 1e-9);
    /* Sums over its peer practices (P6 is none): Q = 1000 + 1000 + 2000 +
     * 800 = 4800, C = 20 + 72.5 + 36 + 40 = 168.5; ppu shown, not used. */
    rx_assert_cell (s, 0, "quantity", "4800");
    rx_assert_cell (s, 0, "net_cost", "168.5");
    ck_assert (rx_test_cell_double (s, 0, "price_per_unit") == 168.5 / 4800);
    rx_assert_cell (s, 0, "target_price_per_unit", "0.0186");
  }
  {
    /* PCNs, £50: U00001 = P1 + P2 = 1.4000000000000021 + 53.900000000000006
     * ≈ 55.3, listed; U00002 = P3 + P4 = 25.12, not. */
    g_autoptr(RxTestCsv) n = export_ppu (td, RX_ORG_PCN, NULL, NAN);
    ck_assert_int_eq (n->rows->len, 1);
    rx_assert_cell (n, 0, "org_code", "U00001");
    rx_assert_cell_abs (n, 0, "possible_saving", 55.3, 1e-9);
  }
  {
    g_autoptr(RxTestCsv) e = export_ppu (td, RX_ORG_ENGLAND, NULL, NAN);
    ck_assert_int_eq (e->rows->len, 0);
    g_autoptr(RxTestCsv) e0 = export_ppu (td, RX_ORG_ENGLAND, NULL, 0);
    ck_assert_int_eq (e0->rows->len, 1);
    rx_assert_cell (e0, 0, "org_code", "england");
    rx_assert_cell_abs (e0, 0, "possible_saving", 80.42, 1e-9);
  }
  {
    g_autoptr(RxTestCsv) i = export_ppu (td, RX_ORG_ICB, NULL, 0);
    ck_assert_int_eq (i->rows->len, 1);
    rx_assert_cell_abs (i, 0, "possible_saving", 80.42, 1e-9);
    g_autoptr(RxTestCsv) r = export_ppu (td, RX_ORG_REGION, NULL, 0);
    ck_assert_int_eq (r->rows->len, 1);
    rx_assert_cell (r, 0, "org_code", "Y63");
  }
}
END_TEST

/* ------------------------------------------------------------------ */
/* TC11 — brand swap                                                     */

START_TEST (test_tc11_swaps)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(RxTestCsv) w = NULL;

  load_tc10 (td);
  /* gp = 108.5 / 4300 over the peers' generic (P6 left out); P2's brand
   * at 0.12: monthly 60 − 500 × gp, annual 12 × monthly. */
  w = export_swaps (td, RX_ORG_PRACTICE, NAN);
  ck_assert_msg (w->rows->len == 1, "%s", w->text);
  rx_assert_cell (w, 0, "date", "2024-01-01");
  rx_assert_cell (w, 0, "org_code", "L00002");
  rx_assert_cell (w, 0, "org_name", "TC10 PRACTICE 2");
  rx_assert_cell (w, 0, "bnf_code", BRAND);
  rx_assert_cell (w, 0, "bnf_name", "Presentation " BRAND);
  rx_assert_cell (w, 0, "generic_code", GENERIC);
  rx_assert_cell (w, 0, "generic_name", "Presentation " GENERIC);
  rx_assert_cell (w, 0, "quantity", "500");
  rx_assert_cell (w, 0, "net_cost", "60");
  rx_assert_cell (w, 0, "generic_price_per_unit", "0.025232558139534882");
  rx_assert_cell (w, 0, "monthly_saving", "47.383720930232556");
  rx_assert_cell (w, 0, "annual_saving", "568.6046511627907");
  {
    /* Above practice: sums over its practices for each brand. */
    g_autoptr(RxTestCsv) s = export_swaps (td, RX_ORG_SUB_ICB, NAN);
    ck_assert_int_eq (s->rows->len, 1);
    rx_assert_cell (s, 0, "org_code", "16C");
    rx_assert_cell (s, 0, "monthly_saving", "47.383720930232556");
    rx_assert_cell (s, 0, "annual_saving", "568.6046511627907");
  }
  {
    g_autoptr(RxTestCsv) hi = export_swaps (td, RX_ORG_PRACTICE, 50);
    ck_assert_int_eq (hi->rows->len, 0);
  }
}
END_TEST

/* §6.4: no swap where brand prescribing is advised (ciclosporin …), nor
 * where the generic was not prescribed, nor at or below the generic price. */
START_TEST (test_swaps_not_suggested)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(GString) epraccur = g_string_new (NULL);
  g_autoptr(GString) jan = rx_test_epd_new ();
  g_autoptr(RxTestCsv) w = NULL;

  rx_test_epraccur_row (epraccur, "M00001", "M1", "16C", 'A', "", 4);
  rx_test_epraccur_row (epraccur, "M00002", "M2", "16C", 'A', "", 4);
  /* Ciclosporin: generic 0802020G0AAABAB cheap, brand dear: advised, no swap. */
  rx_test_epd_row (jan, 202401, "M00001", "16C00", "0802020G0AAABAB", 30000, 1, "10.00", "9.00000");
  rx_test_epd_row (jan, 202401, "M00002", "16C00", "0802020G0BBABAB", 30000, 1, "90.00", "80.00000");
  /* A brand whose generic nobody prescribed. */
  rx_test_epd_row (jan, 202401, "M00002", "16C00", "0205051R0BBAAAA", 28000, 1, "50.00", "45.00000");
  /* A brand cheaper than its generic. */
  rx_test_epd_row (jan, 202401, "M00001", "16C00", "0206020A0AAAAAA", 28000, 1, "5.00", "4.00000");
  rx_test_epd_row (jan, 202401, "M00002", "16C00", "0206020A0BBAAAA", 28000, 1, "4.00", "3.00000");
  /* An inhaler (0302): advised. */
  rx_test_epd_row (jan, 202401, "M00001", "16C00", "0302000N0AAAYAY", 1000, 1, "10.00", "9.00000");
  rx_test_epd_row (jan, 202401, "M00002", "16C00", "0302000N0BBAYAY", 1000, 1, "30.00", "28.00000");
  /* And one that is suggested: 1000 × (0.05 − 0.01) = 40. */
  rx_test_epd_row (jan, 202401, "M00001", "16C00", "0202010B0AAABAB", 100000, 10, "10.00", "9.00000");
  rx_test_epd_row (jan, 202401, "M00002", "16C00", "0202010B0BBABAB", 100000, 10, "50.00", "45.00000");
  rx_test_import (td, "epraccur.csv", epraccur);
  rx_test_import (td, "epd_202401.csv", jan);

  w = export_swaps (td, RX_ORG_PRACTICE, NAN);
  ck_assert_msg (w->rows->len == 1, "%s", w->text);
  rx_assert_cell (w, 0, "bnf_code", "0202010B0BBABAB");
  rx_assert_cell (w, 0, "generic_price_per_unit", "0.01");
  rx_assert_cell (w, 0, "monthly_saving", "40");
  rx_assert_cell (w, 0, "annual_saving", "480");
}
END_TEST

/* ------------------------------------------------------------------ */
/* §6.1 — substitution groups                                            */

START_TEST (test_groups)
{
  char g[16];

  ck_assert (rx_ppu_group_of (BRAND, g));
  ck_assert_str_eq (g, GENERIC);
  ck_assert (rx_ppu_group_of (GENERIC, g));
  ck_assert_str_eq (g, GENERIC);
  /* g = code[0:9] + "AA" + code[13:15] + code[13:15]. */
  ck_assert (rx_ppu_group_of ("0408010A0BBACAC", g));
  ck_assert_str_eq (g, "0408010A0AAACAC");
  ck_assert (rx_ppu_group_of ("0407010H0BCAQAM", g));
  ck_assert_str_eq (g, "0407010H0AAAMAM");
  /* "A0": no generic, no group … */
  ck_assert (!rx_ppu_group_of ("0205051R0BBAAA0", g));
  /* … except the wholly interchangeable strips and urine tests. */
  ck_assert (rx_ppu_group_of ("0601060D0BJAAA0", g));
  ck_assert_str_eq (g, "0601060D0AAA0A0");
  ck_assert (rx_ppu_group_of ("0601060U0BBAAA0", g));
  ck_assert_str_eq (g, "0601060U0AAA0A0");
  /* Only 15-character codes; no chapters 20–23. */
  ck_assert (!rx_ppu_group_of ("20030100373", g));
  ck_assert (!rx_ppu_group_of ("0212000B0AAAB", g));

  /* OP's exclusion list ('.' any character; a short pattern is a prefix). */
  ck_assert (rx_ppu_code_excluded ("0302000C0AAAABE", rx_ppu_default_exclusions));
  ck_assert (rx_ppu_code_excluded ("0302000C0BBCDBH", rx_ppu_default_exclusions));
  ck_assert (!rx_ppu_code_excluded ("0302000C0AAAABD", rx_ppu_default_exclusions));
  ck_assert (rx_ppu_code_excluded ("0904010H0BBAAAA", rx_ppu_default_exclusions));
  ck_assert (rx_ppu_code_excluded ("0913011C0AAAAAA", rx_ppu_default_exclusions));
  ck_assert (rx_ppu_code_excluded ("1201010F0AAAAAA", rx_ppu_default_exclusions));
  ck_assert (!rx_ppu_code_excluded ("1201010F0AAABAB", rx_ppu_default_exclusions));
  ck_assert (!rx_ppu_code_excluded (GENERIC, rx_ppu_default_exclusions));
  ck_assert (rx_ppu_code_excluded ("0206020C0BBAAAA", rx_ppu_default_brand_advised));
  ck_assert (rx_ppu_code_excluded ("0301011R0BBAAAA", rx_ppu_default_brand_advised));
  ck_assert (!rx_ppu_code_excluded (BRAND, rx_ppu_default_brand_advised));
}
END_TEST

/* Strips without a generic form one group; the threshold is "at or above";
 * an excluded chemical is in no group. */
START_TEST (test_strips_and_exclusions)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(GString) epraccur = g_string_new (NULL);
  g_autoptr(GString) jan = rx_test_epd_new ();
  g_autoptr(RxTestCsv) p = NULL;

  for (int i = 1; i <= 4; i++)
    {
      g_autofree char *code = g_strdup_printf ("N0000%d", i);
      rx_test_epraccur_row (epraccur, code, code, "16C", 'A', "", 4);
    }
  /* Strips, 100 each: ppu 0.2, 0.1, 0.1, 0.12 → T = 0.1 + 0.3 × 0 = 0.1;
   * N00001 saves 20 − 100 × 0.1 = 10, exactly the £10 threshold. */
  rx_test_epd_row (jan, 202401, "N00001", "16C00", "0601060D0BBAAA0", 50000, 2, "20.00", "19.00000");
  rx_test_epd_row (jan, 202401, "N00002", "16C00", "0601060D0BCAAA0", 50000, 2, "10.00", "9.00000");
  rx_test_epd_row (jan, 202401, "N00003", "16C00", "0601060D0BCAAA0", 50000, 2, "10.00", "9.00000");
  rx_test_epd_row (jan, 202401, "N00004", "16C00", "0601060D0BCAAA0", 50000, 2, "12.00", "11.00000");
  /* Excluded (0904010H0, all): prices that would save £100 are ignored. */
  rx_test_epd_row (jan, 202401, "N00001", "16C00", "0904010H0AAAAAA", 100000, 1, "100.00", "90.00000");
  rx_test_epd_row (jan, 202401, "N00002", "16C00", "0904010H0AAAAAA", 100000, 1, "1.00", "0.90000");
  rx_test_import (td, "epraccur.csv", epraccur);
  rx_test_import (td, "epd_202401.csv", jan);

  p = export_ppu (td, RX_ORG_PRACTICE, NULL, NAN);
  ck_assert_msg (p->rows->len == 1, "%s", p->text);
  rx_assert_cell (p, 0, "org_code", "N00001");
  rx_assert_cell (p, 0, "generic_code", "0601060D0AAA0A0");
  rx_assert_cell (p, 0, "bnf_code", "0601060D0BBAAA0");
  rx_assert_cell (p, 0, "price_per_unit", "0.2");
  rx_assert_cell (p, 0, "target_price_per_unit", "0.1");
  rx_assert_cell (p, 0, "possible_saving", "10");
  {
    g_autoptr(RxTestCsv) all = export_ppu (td, RX_ORG_PRACTICE, NULL, 0);
    /* N00004: 12 − 10 = 2 (hand; 100 × 0.1 rounds to 10). */
    ck_assert_int_eq (all->rows->len, 2);
    rx_assert_cell (all, 1, "org_code", "N00004");
    rx_assert_cell (all, 1, "possible_saving", "2");
    ck_assert_int_eq (rx_test_csv_find (all, "generic_code", "0904010H0AAAAAA", NULL, NULL), -1);
  }
}
END_TEST

/* Users extend the exclusion and brand-advised lists (preferences, read
 * when the month is computed). */
START_TEST (test_preference_lists)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();

  load_tc10 (td);
  ck_assert (rx_db_exec (td->db, "INSERT INTO preference (key, value) VALUES "
                                 "('brand-advised', '0212000B0')", NULL));
  rx_test_compute_all (td);
  {
    /* Atorvastatin brands advised: no swap, price-per-unit rows unchanged. */
    g_autoptr(RxTestCsv) w = export_swaps (td, RX_ORG_PRACTICE, NAN);
    ck_assert_int_eq (w->rows->len, 0);
    g_autoptr(RxTestCsv) p = export_ppu (td, RX_ORG_PRACTICE, NULL, NAN);
    ck_assert_int_eq (p->rows->len, 3);
  }
  ck_assert (rx_db_exec (td->db, "INSERT INTO preference (key, value) VALUES "
                                 "('ppu-exclusions', '0905000X0\n0212000B0....AB')", NULL));
  rx_test_compute_all (td);
  {
    /* Both atorvastatin codes end in AB: the group is gone. */
    g_autoptr(RxTestCsv) p = export_ppu (td, RX_ORG_PRACTICE, NULL, 0);
    ck_assert_int_eq (p->rows->len, 0);
    g_autoptr(RxTestCsv) s = export_ppu (td, RX_ORG_SUB_ICB, NULL, 0);
    ck_assert_int_eq (s->rows->len, 0);
  }
}
END_TEST


/* Formulation swaps (§6.1 step 4): a file joining two generics makes one
 * group named by the smaller code.  Tablets: P1 1,000 for £20 (0.02);
 * capsules: P2 1,000 for £50 (0.05).  Apart, each group has one practice
 * and T = its own price: no saving.  Joined: T = 0.02 + 0.1 × 0.03 =
 * 0.023, P2 saves 50 − 1,000 × 0.023 = 27 (to 1e-9). */
START_TEST (test_formulation_swaps)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(GString) epraccur = g_string_new (NULL);
  g_autoptr(GString) map = rx_test_org_map_new ();
  g_autoptr(GString) jan = rx_test_epd_new ();
  g_autoptr(RxTestCsv) apart = NULL;
  g_autoptr(RxTestCsv) joined = NULL;
  g_autofree char *swaps = g_build_filename (td->dir, "formulation-swaps.csv", NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  rx_test_epraccur_row (epraccur, "F00001", "SWAP ONE", "16C", 'A', "", 4);
  rx_test_epraccur_row (epraccur, "F00002", "SWAP TWO", "16C", 'A', "", 4);
  rx_test_org_map_row (map, "F00001", "SWAP ONE", "U00001", "16C", "QHM", "Y63");
  rx_test_org_map_row (map, "F00002", "SWAP TWO", "U00001", "16C", "QHM", "Y63");
  rx_test_epd_row (jan, 202401, "F00001", "16C00", "0212000B0AAABAB", 100000, 10, "20.00", "18.00000");
  rx_test_epd_row (jan, 202401, "F00002", "16C00", "0212000B0AAACAC", 100000, 10, "50.00", "45.00000");
  rx_test_import (td, "epraccur.csv", epraccur);
  rx_test_import (td, "map.csv", map);
  rx_test_import (td, "epd_202401.csv", jan);
  apart = export_ppu (td, RX_ORG_PRACTICE, NULL, 0);
  ck_assert_msg (apart->rows->len == 0, "%s", apart->text);

  ck_assert (g_file_set_contents (swaps, "Code,Alternative code,Really equivalent?\n"
                                          "0212000B0AAACAC,0212000B0AAABAB,Y\n"
                                          "0212000B0AAADAD,0212000B0AAABAB,N\n", -1, NULL));
  sql = g_strdup_printf ("INSERT INTO preference (key, value) VALUES ('formulation-swaps', '%s')", swaps);
  ck_assert (rx_db_exec (td->db, sql, NULL));
  ck_assert_msg (rx_compute_savings_months (td->db, NULL, NULL, &error), "%s",
                 error ? error->message : "");
  joined = export_ppu (td, RX_ORG_PRACTICE, NULL, 0);
  ck_assert_msg (joined->rows->len == 1, "%s", joined->text);
  rx_assert_cell (joined, 0, "org_code", "F00002");
  rx_assert_cell (joined, 0, "generic_code", "0212000B0AAABAB");
  rx_assert_cell (joined, 0, "bnf_code", "0212000B0AAACAC");
  ck_assert_double_eq_tol (g_ascii_strtod (rx_test_csv_get (joined, 0, "possible_saving"), NULL), 27, 1e-9);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The stored blob (rx-ppu-store.c)                                     */

START_TEST (test_blob_round_trip)
{
  /* Gaps, large and negative figures (credits) survive exactly. */
  const RxPpuEntry in[] = {
    { 0, 28000, 1400 }, { 1, 0, 0 }, { 7, -5000, -250 }, { 300, G_GINT64_CONSTANT (9000000000000), 123456789 },
    { 100000, 1, -1 },
  };
  RxPpuBlob blob = { 0 };
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (RxPpuEntry));
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (in); i++)
    rx_ppu_blob_append (&blob, &in[i]);
  ck_assert (rx_ppu_blob_decode (blob.data, blob.len, out, &error));
  ck_assert_uint_eq (out->len, G_N_ELEMENTS (in));
  for (guint i = 0; i < G_N_ELEMENTS (in); i++)
    {
      RxPpuEntry *e = &g_array_index (out, RxPpuEntry, i);
      ck_assert_uint_eq (e->member, in[i].member);
      ck_assert (e->quantity == in[i].quantity && e->nic == in[i].nic);
    }
  /* A truncated or foreign blob is an error, not a wrong figure. */
  ck_assert (!rx_ppu_blob_decode (blob.data, blob.len - 1, out, &error));
  ck_assert (strstr (error->message, "truncated") != NULL);
  g_clear_error (&error);
  blob.data[0] = 99;
  ck_assert (!rx_ppu_blob_decode (blob.data, blob.len, out, &error));
  g_free (blob.data);
}
END_TEST

static Suite *
ppu_suite (void)
{
  Suite *s = suite_create ("ppu");
  TCase *tc;

  tc = tcase_create ("tc10");
  tcase_add_test (tc, test_tc10_practices);
  tcase_add_test (tc, test_tc10_min_saving);
  tcase_add_test (tc, test_tc10_rollups);
  suite_add_tcase (s, tc);

  tc = tcase_create ("tc11");
  tcase_add_test (tc, test_tc11_swaps);
  tcase_add_test (tc, test_swaps_not_suggested);
  suite_add_tcase (s, tc);

  tc = tcase_create ("store");
  tcase_add_test (tc, test_blob_round_trip);
  suite_add_tcase (s, tc);

  tc = tcase_create ("groups");
  tcase_add_test (tc, test_groups);
  tcase_add_test (tc, test_strips_and_exclusions);
  tcase_add_test (tc, test_preference_lists);
  tcase_add_test (tc, test_formulation_swaps);
  suite_add_tcase (s, tc);

  return s;
}

RX_TEST_MAIN (ppu_suite)

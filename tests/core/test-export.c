// SPDX-License-Identifier: GPL-3.0-or-later
//
// The CSV exports of cli.md: headers, row order, filters, the conventions of
// "CSV written" (LF, no BOM, quoting only when needed, '.' decimals whatever
// the locale, integers without decimals, shortest round-trip doubles, empty
// NULL cells), and `export spending` sums.  Inputs are §9 TC1's files;
// expected figures are hand sums written beside each check.

#define G_LOG_DOMAIN "test-export"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <glib.h>

#include "rx-export.h"
#include "rx-measure.h"

#include "rx-test-data.h"

static char *
values_text (RxTestData     *td,
             const char     *measure,
             RxExportFilter *filter)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  ck_assert_msg (rx_export_values (td->db, measure, filter, out, &error), "export values: %s",
                 error != NULL ? error->message : "?");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static RxTestCsv *
spending (RxTestData *td,
          RxOrgType   type,
          const char *org,
          const char *prefix,
          RxBnfLevel  level,
          int         from,
          int         to)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  RxExportFilter filter;

  rx_export_filter_init (&filter, type);
  filter.org_type_set = TRUE;
  filter.org_code = org;
  filter.from = from;
  filter.to = to;
  ck_assert_msg (rx_export_spending (td->db, &filter, prefix, level, out, &error),
                 "export spending: %s", error != NULL ? error->message : "?");
  return rx_test_csv_parse (out->str);
}

static void
assert_spend (const RxTestCsv *csv,
              guint            row,
              const char      *org,
              const char      *date,
              const char      *bnf_code,
              const char      *bnf_name,
              const char      *items,
              const char      *quantity,
              const char      *actual_cost,
              const char      *nic)
{
  rx_assert_cell (csv, row, "org_code", org);
  rx_assert_cell (csv, row, "date", date);
  rx_assert_cell (csv, row, "bnf_code", bnf_code);
  rx_assert_cell (csv, row, "bnf_name", bnf_name);
  rx_assert_cell (csv, row, "items", items);
  rx_assert_cell (csv, row, "quantity", quantity);
  rx_assert_cell (csv, row, "actual_cost", actual_cost);
  rx_assert_cell (csv, row, "net_ingredient_cost", nic);
}

/* ------------------------------------------------------------------ */
/* export values, export deciles                                         */

/* The whole text of a small export: header, LF, integers without a
 * decimal part, shortest doubles, empty cells for NULL and for the savings
 * of a measure that is not cost based. */
START_TEST (test_values_text)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autofree char *text = NULL;
  RxExportFilter filter;

  rx_test_load_tc1 (td);
  rx_export_filter_init (&filter, RX_ORG_PCN);
  filter.org_type_set = TRUE;
  text = values_text (td, "trimethoprim", &filter);
  ck_assert_str_eq (text,
    "measure,org_type,org_code,org_name,date,numerator,denominator,calc_value,percentile,"
    "cost_saving_10,cost_saving_20,cost_saving_30,cost_saving_40,cost_saving_50,cost_saving_60,"
    "cost_saving_70,cost_saving_80,cost_saving_90\n"
    "trimethoprim,pcn,U00001,PCN U00001,2024-01-01,15,80,0.1875,0,,,,,,,,,\n"
    "trimethoprim,pcn,U00001,PCN U00001,2024-02-01,0,0,,,,,,,,,,,\n"
    "trimethoprim,pcn,U00002,PCN U00002,2024-01-01,30,60,0.5,100,,,,,,,,,\n"
    "trimethoprim,pcn,U00002,PCN U00002,2024-02-01,0,0,,,,,,,,,,,\n");
}
END_TEST

START_TEST (test_deciles_text)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  RxExportFilter filter;

  rx_test_load_tc1 (td);
  rx_export_filter_init (&filter, RX_ORG_PRACTICE);
  ck_assert (rx_export_deciles (td->db, "trimethoprim", &filter, out, &error));
  /* Rows by date; the all-NULL month has nine empty cells (TC1, TC3). */
  ck_assert_str_eq (out->str,
    "measure,org_type,date,p10,p20,p30,p40,p50,p60,p70,p80,p90\n"
    "trimethoprim,practice,2024-01-01,0.075,0.15,0.225,0.25,0.25,0.25,0.275,0.35,0.425\n"
    "trimethoprim,practice,2024-02-01,,,,,,,,,\n");

  /* From/to. */
  g_string_truncate (out, 0);
  filter.from = 202402;
  ck_assert (rx_export_deciles (td->db, "trimethoprim", &filter, out, &error));
  ck_assert_str_eq (out->str, "measure,org_type,date,p10,p20,p30,p40,p50,p60,p70,p80,p90\n"
                              "trimethoprim,practice,2024-02-01,,,,,,,,,\n");

  /* England is one organisation: no deciles. */
  g_string_truncate (out, 0);
  rx_export_filter_init (&filter, RX_ORG_ENGLAND);
  ck_assert (!rx_export_deciles (td->db, "trimethoprim", &filter, out, &error));
  ck_assert (g_error_matches (error, RX_EXPORT_ERROR, RX_EXPORT_ERROR_INVALID));
  g_clear_error (&error);

  /* An unknown measure. */
  rx_export_filter_init (&filter, RX_ORG_PRACTICE);
  ck_assert (!rx_export_deciles (td->db, "no_such_measure", &filter, out, &error));
  ck_assert (g_error_matches (error, RX_MEASURE_ERROR, RX_MEASURE_ERROR_NOT_FOUND));
  g_clear_error (&error);
  ck_assert (!rx_export_values (td->db, "no_such_measure", &filter, out, &error));
  ck_assert (g_error_matches (error, RX_MEASURE_ERROR, RX_MEASURE_ERROR_NOT_FOUND));
}
END_TEST

START_TEST (test_values_filters)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  RxExportFilter filter;

  rx_test_load_tc1 (td);

  /* --org with the command's default type: the org's own type is used
   * (U00001 is a PCN); codes are case-insensitive. */
  rx_export_filter_init (&filter, RX_ORG_PRACTICE);
  filter.org_code = "u00001";
  {
    g_autofree char *text = values_text (td, "trimethoprim", &filter);
    g_autoptr(RxTestCsv) v = rx_test_csv_parse (text);
    ck_assert_int_eq (v->rows->len, 2);
    rx_assert_cell (v, 0, "org_type", "pcn");
    rx_assert_cell (v, 0, "org_code", "U00001");
  }
  /* --org england, one month. */
  rx_export_filter_init (&filter, RX_ORG_PRACTICE);
  filter.org_code = "england";
  filter.from = filter.to = 202401;
  {
    g_autofree char *text = values_text (td, "trimethoprim", &filter);
    g_autoptr(RxTestCsv) v = rx_test_csv_parse (text);
    ck_assert_int_eq (v->rows->len, 1);
    rx_assert_cell (v, 0, "org_type", "england");
    rx_assert_cell (v, 0, "org_name", "England");
    rx_assert_cell (v, 0, "calc_value", "0.32142857142857145");
  }
  /* One practice, all months, by date. */
  rx_export_filter_init (&filter, RX_ORG_PRACTICE);
  filter.org_code = "A00004";
  {
    g_autofree char *text = values_text (td, "trimethoprim", &filter);
    g_autoptr(RxTestCsv) v = rx_test_csv_parse (text);
    ck_assert_int_eq (v->rows->len, 2);
    rx_assert_cell (v, 0, "date", "2024-01-01");
    rx_assert_cell (v, 0, "calc_value", "0.5");
    rx_assert_cell (v, 1, "date", "2024-02-01");
    rx_assert_cell (v, 1, "calc_value", "");
  }
  /* A type given and an org of another type: not found. */
  rx_export_filter_init (&filter, RX_ORG_SUB_ICB);
  filter.org_type_set = TRUE;
  filter.org_code = "U00001";
  ck_assert (!rx_export_values (td->db, "trimethoprim", &filter, out, &error));
  ck_assert (g_error_matches (error, RX_EXPORT_ERROR, RX_EXPORT_ERROR_NOT_FOUND));
  g_clear_error (&error);
  /* An unknown code. */
  rx_export_filter_init (&filter, RX_ORG_PRACTICE);
  filter.org_code = "Z99999";
  ck_assert (!rx_export_values (td->db, "trimethoprim", &filter, out, &error));
  ck_assert (g_error_matches (error, RX_EXPORT_ERROR, RX_EXPORT_ERROR_NOT_FOUND));
  g_clear_error (&error);
  /* A month range with nothing in it: the header only. */
  rx_export_filter_init (&filter, RX_ORG_PRACTICE);
  filter.from = 202301;
  filter.to = 202312;
  {
    g_autofree char *text = values_text (td, "trimethoprim", &filter);
    g_autoptr(RxTestCsv) v = rx_test_csv_parse (text);
    ck_assert_int_eq (v->rows->len, 0);
  }
  ck_assert_int_eq (rx_export_latest_month (td->db), 202402);
}
END_TEST

/* Fields are quoted only when they hold a comma, a quote or a newline. */
START_TEST (test_quoting)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(GString) epraccur = g_string_new (NULL);
  g_autoptr(GString) jan = rx_test_epd_new ();
  g_autofree char *text = NULL;
  RxExportFilter filter;

  /* epraccur quotes every field; "" is a quote. */
  rx_test_epraccur_row (epraccur, "Q00001", "SMITH, JONES & PARTNERS", "16C", 'A', "", 4);
  rx_test_epraccur_row (epraccur, "Q00002", "O\"\"BRIEN SURGERY", "16C", 'A', "", 4);
  rx_test_epraccur_row (epraccur, "Q00003", "PLAIN SURGERY", "16C", 'A', "", 4);
  for (int i = 1; i <= 3; i++)
    {
      g_autofree char *code = g_strdup_printf ("Q0000%d", i);
      rx_test_epd_row (jan, 202401, code, "16C00", RX_TEST_TRIMETHOPRIM, 6000, i, "1.00", "1.00000");
      rx_test_epd_row (jan, 202401, code, "16C00", RX_TEST_NITROFURANTOIN, 12000, 4 - i, "1.00", "1.00000");
    }
  rx_test_import (td, "epraccur.csv", epraccur);
  rx_test_import (td, "epd_202401.csv", jan);
  rx_export_filter_init (&filter, RX_ORG_PRACTICE);
  text = values_text (td, "trimethoprim", &filter);
  /* r: 1/4 = 0.25, 2/4 = 0.5, 3/4 = 0.75; percentiles 0, 50, 100. */
  ck_assert_msg (strstr (text, "\ntrimethoprim,practice,Q00001,\"SMITH, JONES & PARTNERS\",2024-01-01,"
                               "1,4,0.25,0,,,,,,,,,\n") != NULL, "%s", text);
  ck_assert_msg (strstr (text, "\ntrimethoprim,practice,Q00002,\"O\"\"BRIEN SURGERY\",2024-01-01,"
                               "2,4,0.5,50,,,,,,,,,\n") != NULL, "%s", text);
  ck_assert_msg (strstr (text, "\ntrimethoprim,practice,Q00003,PLAIN SURGERY,2024-01-01,"
                               "3,4,0.75,100,,,,,,,,,\n") != NULL, "%s", text);
  {
    g_autoptr(RxTestCsv) v = rx_test_csv_parse (text);
    rx_assert_cell (v, 1, "org_name", "O\"BRIEN SURGERY");
  }
}
END_TEST

/* ------------------------------------------------------------------ */
/* export spending                                                       */

START_TEST (test_spending_england)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(RxTestCsv) s = NULL;

  rx_test_load_tc1 (td);
  /* England (the default type) counts every cost centre, P6 (setting 1)
   * and the unidentified row too.  Trimethoprim, 2024-01:
   *   items 4 + 6 + 5 + 30 + 50 + 7 = 102
   *   quantity 24 + 84 + 30 + 180 + 300 + 42 = 660
   *   actual cost 1.5 + 5 + 1.9 + 11 + 19 + 2.6 = 41
   *   NIC 1.6 + 5.4 + 2 + 12 + 20 + 2.8 = 43.8
   * Nitrofurantoin: items 30 + 20 + 15 + 30 = 95, quantity 95 × 12 = 1140,
   * cost 85 + 56 + 42 + 85 = 268, NIC 90 + 60 + 45 + 90 = 285. */
  s = spending (td, RX_ORG_ENGLAND, NULL, "0501", RX_BNF_LEVEL_PRESENTATION, 0, 0);
  ck_assert_msg (s->rows->len == 2, "%s", s->text);
  assert_spend (s, 0, "england", "2024-01-01", RX_TEST_TRIMETHOPRIM, "Presentation " RX_TEST_TRIMETHOPRIM,
                "102", "660", "41", "43.8");
  assert_spend (s, 1, "england", "2024-01-01", RX_TEST_NITROFURANTOIN,
                "Presentation " RX_TEST_NITROFURANTOIN, "95", "1140", "268", "285");
  rx_assert_cell (s, 0, "org_type", "england");
  rx_assert_cell (s, 0, "org_name", "England");
  ck_assert_str_eq (s->header[0], "org_type");
  {
    g_autofree char *header = g_strjoinv (",", s->header);
    ck_assert_str_eq (header, "org_type,org_code,org_name,date,bnf_code,bnf_name,items,quantity,"
                              "actual_cost,net_ingredient_cost");
  }
}
END_TEST

START_TEST (test_spending_levels)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();

  rx_test_load_tc1 (td);
  {
    /* One practice at chemical level: P1's trimethoprim 4 + 6 items,
     * 24 + 84 = 108 units, £1.5 + £5 actual, £1.6 + £5.4 NIC. */
    g_autoptr(RxTestCsv) s = spending (td, RX_ORG_PRACTICE, "A00001", "05", RX_BNF_LEVEL_CHEMICAL, 0, 0);
    ck_assert_msg (s->rows->len == 2, "%s", s->text);
    assert_spend (s, 0, "A00001", "2024-01-01", "0501080W0", "Chemical 0501080W0", "10", "108", "6.5", "7");
    assert_spend (s, 1, "A00001", "2024-01-01", "0501130R0", "Chemical 0501130R0", "30", "360", "85", "90");
    rx_assert_cell (s, 0, "org_type", "practice");
    rx_assert_cell (s, 0, "org_name", "TC1 PRACTICE 1");
  }
  {
    /* The sub-ICB at chapter level, every month: its cost centres, P6
     * (setting 1) included, the unidentified row not.  Rows by bnf_code,
     * then date.
     *   02, 2024-01: P5 5 items × 28 = 140, £5.5, NIC £6
     *   02, 2024-02: P1–P6 one item each: 6, 168, £6.6, £7.2
     *   05, 2024-01: items 10 + 30 + 20 + 5 + 15 + 30 + 30 + 50 = 190;
     *     quantity 618 (trimethoprim) + 1140 = 1758; cost 38.4 + 268 = 306.4;
     *     NIC 41 + 285 = 326. */
    g_autoptr(RxTestCsv) s = spending (td, RX_ORG_SUB_ICB, NULL, NULL, RX_BNF_LEVEL_CHAPTER, 0, 0);
    ck_assert_msg (s->rows->len == 3, "%s", s->text);
    assert_spend (s, 0, "16C", "2024-01-01", "02", "Chapter 02", "5", "140", "5.5", "6");
    assert_spend (s, 1, "16C", "2024-02-01", "02", "Chapter 02", "6", "168", "6.6", "7.2");
    assert_spend (s, 2, "16C", "2024-01-01", "05", "Chapter 05", "190", "1758", "306.4", "326");
    rx_assert_cell (s, 0, "org_type", "sub-icb");
  }
  {
    /* From/to, product level, a prefix that is not a level boundary. */
    g_autoptr(RxTestCsv) s = spending (td, RX_ORG_ENGLAND, NULL, "0212", RX_BNF_LEVEL_PRODUCT, 202402, 202402);
    ck_assert_msg (s->rows->len == 1, "%s", s->text);
    assert_spend (s, 0, "england", "2024-02-01", "0212000B0AA", "", "6", "168", "6.6", "7.2");
  }
  {
    /* PCNs: P5 is in none; U00001 has P1–P3 and P6. 2024-02 chapter 02:
     * U00001 4 items, U00002 1. */
    g_autoptr(RxTestCsv) s = spending (td, RX_ORG_PCN, NULL, "02", RX_BNF_LEVEL_CHAPTER, 202402, 202402);
    ck_assert_msg (s->rows->len == 2, "%s", s->text);
    assert_spend (s, 0, "U00001", "2024-02-01", "02", "Chapter 02", "4", "112", "4.4", "4.8");
    assert_spend (s, 1, "U00002", "2024-02-01", "02", "Chapter 02", "1", "28", "1.1", "1.2");
  }
  {
    /* A prefix matching nothing: the header only. */
    g_autoptr(RxTestCsv) s = spending (td, RX_ORG_ENGLAND, NULL, "0999", RX_BNF_LEVEL_PRESENTATION, 0, 0);
    ck_assert_int_eq (s->rows->len, 0);
  }
}
END_TEST

/* ------------------------------------------------------------------ */
/* '.' decimals under a comma locale                                     */

static gboolean
set_comma_locale (const char *tmp)
{
  static const char * const names[] = {
    "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "nl_NL.UTF-8", "de_DE", NULL,
  };
  g_autofree char *localedef = g_find_program_in_path ("localedef");

  for (const char * const *n = names; *n != NULL; n++)
    if (setlocale (LC_ALL, *n) != NULL && g_str_equal (localeconv ()->decimal_point, ","))
      return TRUE;
  /* Build one into the test folder when the system has the sources. */
  if (localedef != NULL && g_file_test ("/usr/share/i18n/locales/de_DE", G_FILE_TEST_EXISTS))
    {
      g_autofree char *target = g_build_filename (tmp, "de_DE.UTF-8", NULL);
      const char *argv[] = { localedef, "-i", "de_DE", "-f", "UTF-8", target, NULL };
      int status = -1;

      if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, NULL, NULL, &status, NULL) &&
          g_file_test (target, G_FILE_TEST_IS_DIR))
        {
          g_setenv ("LOCPATH", tmp, TRUE);
          if (setlocale (LC_ALL, "de_DE.UTF-8") != NULL && g_str_equal (localeconv ()->decimal_point, ","))
            return TRUE;
        }
    }
  setlocale (LC_ALL, "C");
  return FALSE;
}

START_TEST (test_comma_locale)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autofree char *text = NULL;
  g_autofree char *loc = g_build_filename (td->dir, "locale", NULL);
  RxExportFilter filter;

  g_mkdir_with_parents (loc, 0700);
  if (!set_comma_locale (loc))
    {
      g_printerr ("test_comma_locale: no comma-decimal locale can be set; skipped\n");
      return;
    }
  /* Import and export under the comma locale: the readers and writers are
   * their own, base 10, '.' always. */
  rx_test_load_tc1 (td);
  rx_export_filter_init (&filter, RX_ORG_SUB_ICB);
  filter.from = filter.to = 202401;
  text = values_text (td, "trimethoprim", &filter);
  ck_assert_msg (strstr (text, ",16C,SUB-ICB 16C,2024-01-01,45,140,0.32142857142857145,0,") != NULL,
                 "%s", text);
  {
    g_autoptr(RxTestCsv) s = spending (td, RX_ORG_ENGLAND, NULL, "0501", RX_BNF_LEVEL_PRESENTATION, 0, 0);
    assert_spend (s, 0, "england", "2024-01-01", RX_TEST_TRIMETHOPRIM, "Presentation " RX_TEST_TRIMETHOPRIM,
                  "102", "660", "41", "43.8");
  }
  {
    g_autoptr(GString) out = g_string_new (NULL);
    rx_export_filter_init (&filter, RX_ORG_PRACTICE);
    ck_assert (rx_export_deciles (td->db, "trimethoprim", &filter, out, NULL));
    ck_assert_msg (strstr (out->str, ",0.075,0.15,0.225,0.25,0.25,0.25,0.275,0.35,0.425\n") != NULL,
                   "%s", out->str);
  }
  setlocale (LC_ALL, "C");
}
END_TEST

static Suite *
export_suite (void)
{
  Suite *s = suite_create ("export");
  TCase *tc;

  tc = tcase_create ("values");
  tcase_add_test (tc, test_values_text);
  tcase_add_test (tc, test_deciles_text);
  tcase_add_test (tc, test_values_filters);
  tcase_add_test (tc, test_quoting);
  suite_add_tcase (s, tc);

  tc = tcase_create ("spending");
  tcase_add_test (tc, test_spending_england);
  tcase_add_test (tc, test_spending_levels);
  suite_add_tcase (s, tc);

  tc = tcase_create ("locale");
  tcase_add_test (tc, test_comma_locale);
  suite_add_tcase (s, tc);

  return s;
}

RX_TEST_MAIN (export_suite)

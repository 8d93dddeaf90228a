// SPDX-License-Identifier: GPL-3.0-or-later
//
// Measure definitions (cli.md "Measure definitions", methodology.md §1–§2,
// §8): parsing and refusals, the bundled library against the document's
// table, user definitions in the database, and TC5's filter cases end to
// end through measure values.

#define G_LOG_DOMAIN "test-measure"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <glib.h>

#include "rx-bnf.h"
#include "rx-compute.h"
#include "rx-measure.h"

#include "rx-test-data.h"

/* methodology.md §8, row by row: id, category (the table's heading),
 * numerator and denominator types, L (1 true, 0 false, -1 null), $, and
 * whether N carries a quantity-per-item condition. */
static const struct
{
  const char   *id;
  const char   *category;
  RxMeasureType numerator, denominator;
  int           low_is_good;
  gboolean      cost_based;
  gboolean      numerator_qpi;
} library[] = {
  { "desogestrel", "financial", RX_MEASURE_QUANTITY, RX_MEASURE_QUANTITY, 1, TRUE, FALSE },
  { "keppra", "financial", RX_MEASURE_QUANTITY, RX_MEASURE_QUANTITY, 1, TRUE, FALSE },
  { "lyrica", "financial", RX_MEASURE_QUANTITY, RX_MEASURE_QUANTITY, 1, TRUE, FALSE },
  { "ppi_branded", "financial", RX_MEASURE_QUANTITY, RX_MEASURE_QUANTITY, 1, TRUE, FALSE },
  { "highcost_ed", "financial", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "lphomeopathy", "financial", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "lpsilkgarments", "financial", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "lptravelvacs", "financial", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "lpliothyronine", "financial", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "ciclosporin", "safety", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, FALSE },
  { "diltiazem", "safety", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, FALSE },
  { "methotrexate", "safety", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, FALSE },
  { "ktt13_nsaids_ibuprofen", "safety", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, FALSE },
  { "sulfadiazine", "safety", RX_MEASURE_ITEMS, RX_MEASURE_LIST_SIZE, 1, FALSE, FALSE },
  { "all_antibiotics", "antimicrobial", RX_MEASURE_ITEMS, RX_MEASURE_LIST_SIZE, 1, FALSE, FALSE },
  { "antibiotics_star_pu", "antimicrobial", RX_MEASURE_ITEMS, RX_MEASURE_STAR_PU_ANTIBIOTICS, 1, FALSE, FALSE },
  { "broad_spectrum", "antimicrobial", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, FALSE },
  { "broad_spectrum_list", "antimicrobial", RX_MEASURE_ITEMS, RX_MEASURE_LIST_SIZE, 1, FALSE, FALSE },
  { "fluoroquinolones_list", "antimicrobial", RX_MEASURE_ITEMS, RX_MEASURE_LIST_SIZE, 1, FALSE, FALSE },
  { "trimethoprim", "antimicrobial", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, FALSE },
  { "amox_500_15_caps", "antimicrobial", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, TRUE },
  { "doxy_100_6_qty", "antimicrobial", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, TRUE },
  { "trimethoprim_200_3_day", "antimicrobial", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, TRUE },
  { "nitrofurantoin_3_day", "antimicrobial", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, TRUE },
  { "pivmecillinam_3_day", "antimicrobial", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, TRUE },
  { "lpminocycline", "antimicrobial", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "quetiapine", "mental-health", RX_MEASURE_QUANTITY, RX_MEASURE_QUANTITY, 1, TRUE, FALSE },
  { "zuclopenthixol", "mental-health", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, FALSE },
  { "lpdosulepin", "mental-health", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "lptrimipramine", "mental-health", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "ktt8_antidepressant_first_choice", "mental-health", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 0, FALSE, FALSE },
  { "hypnotics_per_1000", "mental-health", RX_MEASURE_ITEMS, RX_MEASURE_LIST_SIZE, 1, FALSE, FALSE },
  { "saba", "respiratory", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, FALSE },
  { "ics_laba_share", "respiratory", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 0, FALSE, FALSE },
  { "doacs_nhse", "cardiovascular", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, TRUE, FALSE },
  { "other_lipid_modifying_drugs", "cardiovascular", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "dipyridamole", "cardiovascular", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, FALSE },
  { "nebivolol", "cardiovascular", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, FALSE },
  { "ace", "cardiovascular", RX_MEASURE_QUANTITY, RX_MEASURE_QUANTITY, 1, TRUE, FALSE },
  { "arb", "cardiovascular", RX_MEASURE_QUANTITY, RX_MEASURE_QUANTITY, 1, TRUE, FALSE },
  { "lpaliskiren", "cardiovascular", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "lpamiodarone", "cardiovascular", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "lpdronedarone", "cardiovascular", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "lpomega3", "cardiovascular", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "xlpdoxazosin", "cardiovascular", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, FALSE, FALSE },
  { "solublepara", "pain", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, FALSE },
  { "tramadol", "pain", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, FALSE },
  { "lpcoprox", "pain", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "lpoxycodone", "pain", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "lplidocaine", "pain", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "lprubefacients", "pain", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "gabapentinoids_per_1000", "pain", RX_MEASURE_ITEMS, RX_MEASURE_LIST_SIZE, 1, FALSE, FALSE },
  { "nhse_bgts", "diabetes", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, FALSE },
  { "insulin_detemir", "diabetes", RX_MEASURE_ITEMS, RX_MEASURE_LIST_SIZE, 1, FALSE, FALSE },
  { "ktt12_diabetes_insulin", "diabetes", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, FALSE },
  { "pioglitazone", "diabetes", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, FALSE },
  { "aafpercent", "nutrition", RX_MEASURE_QUANTITY, RX_MEASURE_QUANTITY, 1, FALSE, FALSE },
  { "glutenfree", "nutrition", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "probiotics", "nutrition", RX_MEASURE_COST, RX_MEASURE_LIST_SIZE, 1, TRUE, FALSE },
  { "vitb", "nutrition", RX_MEASURE_ITEMS, RX_MEASURE_ITEMS, 1, FALSE, FALSE },
  { "vitbper1000", "nutrition", RX_MEASURE_ITEMS, RX_MEASURE_LIST_SIZE, 1, FALSE, FALSE },
  { "seven_day_prescribing", "waste", RX_MEASURE_QUANTITY, RX_MEASURE_QUANTITY, 1, FALSE, TRUE },
  { "fungal", "other", RX_MEASURE_ITEMS, RX_MEASURE_LIST_SIZE, 1, FALSE, FALSE },
  { "nimodipine", "other", RX_MEASURE_QUANTITY, RX_MEASURE_LIST_SIZE, 1, FALSE, FALSE },
};

static const char * const all_categories[] = {
  "financial", "safety", "antimicrobial", "mental-health", "respiratory", "cardiovascular",
  "pain", "diabetes", "nutrition", "waste", "other",
};

START_TEST (test_bundled_library)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bundled = rx_measure_load_bundled (&error);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);

  ck_assert_msg (bundled != NULL, "%s", error != NULL ? error->message : "?");
  ck_assert_uint_ge (bundled->len, 50);
  /* "That is 64 measures." */
  ck_assert_uint_eq (bundled->len, G_N_ELEMENTS (library));
  for (guint i = 0; i < bundled->len; i++)
    {
      RxMeasure *m = g_ptr_array_index (bundled, i);
      g_autoptr(RxBnfFilter) n = NULL;
      g_autoptr(GError) local = NULL;

      ck_assert (m->bundled);
      ck_assert (rx_measure_id_is_valid (m->id));
      /* Sorted by id. */
      if (i > 0)
        ck_assert_str_lt (((RxMeasure *) g_ptr_array_index (bundled, i - 1))->id, m->id);
      g_hash_table_insert (by_id, m->id, m);
      g_hash_table_add (categories, m->category);
      ck_assert_msg (m->name != NULL && *m->name != '\0', "%s has no name", m->id);
      ck_assert_msg (m->description != NULL && m->why_it_matters != NULL, "%s lacks texts", m->id);
      /* Valid filters: the numerator matches something, and a BNF
       * denominator has a filter (list and unit denominators none). */
      n = rx_bnf_filter_new ((const char * const *) m->numerator_filter,
                             g_strv_length (m->numerator_filter), &local);
      ck_assert_msg (n != NULL, "%s numerator: %s", m->id, local != NULL ? local->message : "?");
      ck_assert_msg (!rx_bnf_filter_is_empty (n), "%s has an empty numerator", m->id);
      if (rx_measure_type_is_bnf (m->denominator_type))
        {
          g_autoptr(RxBnfFilter) d = NULL;
          ck_assert_msg (m->denominator_filter != NULL, "%s has no denominator filter", m->id);
          d = rx_bnf_filter_new ((const char * const *) m->denominator_filter,
                                 g_strv_length (m->denominator_filter), &local);
          ck_assert_msg (d != NULL && !rx_bnf_filter_is_empty (d), "%s denominator: %s", m->id,
                         local != NULL ? local->message : "empty");
        }
      /* §8: is_percentage is true exactly when D is a BNF type. */
      ck_assert_msg (m->is_percentage == rx_measure_type_is_bnf (m->denominator_type),
                     "%s: is_percentage %d with denominator %s", m->id, m->is_percentage,
                     rx_measure_type_to_string (m->denominator_type));
    }
  for (gsize c = 0; c < G_N_ELEMENTS (all_categories); c++)
    ck_assert_msg (g_hash_table_contains (categories, all_categories[c]), "no %s measure",
                   all_categories[c]);
  ck_assert_uint_eq (g_hash_table_size (categories), G_N_ELEMENTS (all_categories));

  for (gsize i = 0; i < G_N_ELEMENTS (library); i++)
    {
      RxMeasure *m = g_hash_table_lookup (by_id, library[i].id);

      ck_assert_msg (m != NULL, "§8 lists %s but it is not bundled", library[i].id);
      ck_assert_msg (g_str_equal (m->category, library[i].category), "%s: category %s, want %s",
                     m->id, m->category, library[i].category);
      ck_assert_msg (m->numerator_type == library[i].numerator, "%s: numerator %s", m->id,
                     rx_measure_type_to_string (m->numerator_type));
      ck_assert_msg (m->denominator_type == library[i].denominator, "%s: denominator %s", m->id,
                     rx_measure_type_to_string (m->denominator_type));
      ck_assert_msg (m->low_is_good == library[i].low_is_good, "%s: low_is_good %d", m->id,
                     m->low_is_good);
      ck_assert_msg (m->is_cost_based == library[i].cost_based, "%s: is_cost_based %d", m->id,
                     m->is_cost_based);
      ck_assert_msg ((!rx_qpi_condition_is_empty (&m->numerator_qpi)) == library[i].numerator_qpi,
                     "%s: numerator quantity-per-item condition", m->id);
      ck_assert_msg (rx_qpi_condition_is_empty (&m->denominator_qpi), "%s: denominator condition", m->id);
    }
}
END_TEST

/* The definitions §9's cases use, against §8. */
START_TEST (test_bundled_definitions)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bundled = rx_measure_load_bundled (&error);
  RxMeasure *amox = NULL, *trim3 = NULL, *seven = NULL, *deso = NULL, *trim = NULL;

  ck_assert (bundled != NULL);
  for (guint i = 0; i < bundled->len; i++)
    {
      RxMeasure *m = g_ptr_array_index (bundled, i);
      if (g_str_equal (m->id, "amox_500_15_caps")) amox = m;
      if (g_str_equal (m->id, "trimethoprim_200_3_day")) trim3 = m;
      if (g_str_equal (m->id, "seven_day_prescribing")) seven = m;
      if (g_str_equal (m->id, "desogestrel")) deso = m;
      if (g_str_equal (m->id, "trimethoprim")) trim = m;
    }
  ck_assert (amox != NULL && trim3 != NULL && seven != NULL && deso != NULL && trim != NULL);

  /* amox_500_15_caps: qpi {"gt": 15} */
  ck_assert (amox->numerator_qpi.has_gt && amox->numerator_qpi.gt == 15);
  ck_assert (!amox->numerator_qpi.has_ge && !amox->numerator_qpi.has_lt && !amox->numerator_qpi.has_le);
  ck_assert (!rx_qpi_condition_holds (&amox->numerator_qpi, 15000));
  ck_assert (rx_qpi_condition_holds (&amox->numerator_qpi, 15001));
  /* trimethoprim_200_3_day: {"gt": 6} */
  ck_assert (trim3->numerator_qpi.has_gt && trim3->numerator_qpi.gt == 6);
  ck_assert (!rx_qpi_condition_holds (&trim3->numerator_qpi, 6000));
  ck_assert (rx_qpi_condition_holds (&trim3->numerator_qpi, 14000));
  /* seven_day_prescribing: {"ge": 7, "le": 7} counts 7, not 6.999 or 7.001. */
  ck_assert (rx_qpi_condition_holds (&seven->numerator_qpi, 7000));
  ck_assert (!rx_qpi_condition_holds (&seven->numerator_qpi, 6999));
  ck_assert (!rx_qpi_condition_holds (&seven->numerator_qpi, 7001));
  /* desogestrel: qty 0703021Q0B over qty 0703021Q0, cost based (formula B). */
  ck_assert (deso->is_cost_based && deso->is_percentage);
  {
    g_autoptr(RxBnfFilter) n = rx_bnf_filter_new ((const char * const *) deso->numerator_filter,
                                                  g_strv_length (deso->numerator_filter), NULL);
    g_autoptr(RxBnfFilter) d = rx_bnf_filter_new ((const char * const *) deso->denominator_filter,
                                                  g_strv_length (deso->denominator_filter), NULL);
    ck_assert (rx_bnf_filter_matches (n, "0703021Q0BBAAAA"));
    ck_assert (!rx_bnf_filter_matches (n, "0703021Q0AAAAAA"));
    ck_assert (rx_bnf_filter_matches (d, "0703021Q0BBAAAA"));
    ck_assert (rx_bnf_filter_matches (d, "0703021Q0AAAAAA"));
  }
  /* trimethoprim: items 0501080W0 over items 0501080W0, 0501130R0. */
  ck_assert_uint_eq (g_strv_length (trim->denominator_filter), 2);
  ck_assert (!trim->is_cost_based && trim->low_is_good == 1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Parsing                                                               */

#define BASE_FIELDS                                                                       \
  "\"name\": \"x\", \"numerator_type\": \"bnf_items\", \"numerator_bnf_codes_filter\": [\"05\"]," \
  " \"denominator_type\": \"list_size\""

static void
assert_refused (const char *json,
                const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RxMeasure) m = rx_measure_parse ("refused", json, -1, &error);

  ck_assert_msg (m == NULL, "accepted: %s", json);
  ck_assert_msg (g_error_matches (error, RX_MEASURE_ERROR, RX_MEASURE_ERROR_INVALID),
                 "%s: wrong error %s", json, error != NULL ? error->message : "none");
  ck_assert_msg (strstr (error->message, field) != NULL, "'%s' does not name %s", error->message, field);
}

/* cli.md: a field this program cannot compute is refused naming it. */
START_TEST (test_refusals)
{
  static const char * const fields[] = {
    "numerator_bnf_codes_query", "denominator_bnf_codes_query", "numerator_columns",
    "denominator_columns", "numerator_from", "denominator_from", "numerator_where",
    "denominator_where",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *json = g_strdup_printf ("{" BASE_FIELDS ", \"%s\": \"SELECT 1\"}", fields[i]);
      assert_refused (json, fields[i]);
    }
  /* A custom type, an unknown type, a denominator type as numerator. */
  assert_refused ("{\"name\": \"x\", \"numerator_type\": \"custom\", \"numerator_bnf_codes_filter\": [\"05\"],"
                  " \"denominator_type\": \"list_size\"}", "numerator_type");
  assert_refused ("{\"name\": \"x\", \"numerator_type\": \"bnf_items\", \"numerator_bnf_codes_filter\": [\"05\"],"
                  " \"denominator_type\": \"custom\"}", "denominator_type");
  assert_refused ("{\"name\": \"x\", \"numerator_type\": \"bnf_items\", \"numerator_bnf_codes_filter\": [\"05\"],"
                  " \"denominator_type\": \"star_pu_statins\"}", "denominator_type");
  assert_refused ("{\"name\": \"x\", \"numerator_type\": \"list_size\", \"numerator_bnf_codes_filter\": [\"05\"],"
                  " \"denominator_type\": \"list_size\"}", "numerator_type");
  assert_refused ("{\"name\": \"x\", \"numerator_bnf_codes_filter\": [\"05\"],"
                  " \"denominator_type\": \"list_size\"}", "numerator_type");
  /* A BNF denominator needs its filter; a filter must be strings of codes. */
  assert_refused ("{\"name\": \"x\", \"numerator_type\": \"bnf_items\", \"numerator_bnf_codes_filter\": [\"05\"],"
                  " \"denominator_type\": \"bnf_items\"}", "denominator_bnf_codes_filter");
  assert_refused ("{\"name\": \"x\", \"numerator_type\": \"bnf_items\", \"denominator_type\": \"list_size\"}",
                  "numerator_bnf_codes_filter");
  assert_refused ("{\"name\": \"x\", \"numerator_type\": \"bnf_items\", \"numerator_bnf_codes_filter\": [5],"
                  " \"denominator_type\": \"list_size\"}", "numerator_bnf_codes_filter");
  assert_refused ("{\"name\": \"x\", \"numerator_type\": \"bnf_items\", \"numerator_bnf_codes_filter\": [\"05*01\"],"
                  " \"denominator_type\": \"list_size\"}", "numerator_bnf_codes_filter");
  assert_refused ("{\"name\": \"x\", \"numerator_type\": \"bnf_items\", \"numerator_bnf_codes_filter\": [\"~\"],"
                  " \"denominator_type\": \"list_size\"}", "numerator_bnf_codes_filter");
  /* Quantity-per-item conditions. */
  assert_refused ("{" BASE_FIELDS ", \"numerator_quantity_per_item\": {\"eq\": 7}}", "numerator_quantity_per_item");
  assert_refused ("{" BASE_FIELDS ", \"numerator_quantity_per_item\": {\"gt\": \"7\"}}", "numerator_quantity_per_item");
  assert_refused ("{" BASE_FIELDS ", \"numerator_quantity_per_item\": 7}", "numerator_quantity_per_item");
  assert_refused ("{" BASE_FIELDS ", \"numerator_quantity_per_item\": {}}", "numerator_quantity_per_item");
  assert_refused ("{" BASE_FIELDS ", \"denominator_quantity_per_item\": {\"gt\": 7}}", "denominator_quantity_per_item");
  /* Other fields. */
  assert_refused ("{\"numerator_type\": \"bnf_items\", \"numerator_bnf_codes_filter\": [\"05\"],"
                  " \"denominator_type\": \"list_size\"}", "name");
  assert_refused ("{" BASE_FIELDS ", \"category\": \"vaccines\"}", "category");
  assert_refused ("{" BASE_FIELDS ", \"is_cost_based\": \"yes\"}", "is_cost_based");
  assert_refused ("{" BASE_FIELDS ", \"is_percentage\": 1}", "is_percentage");
  assert_refused ("{" BASE_FIELDS ", \"low_is_good\": \"true\"}", "low_is_good");
  /* Malformed members are refusals, never criticals. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  assert_refused ("{\"name\": \"x\", \"numerator_type\": 5, \"numerator_bnf_codes_filter\": [\"05\"],"
                  " \"denominator_type\": \"list_size\"}", "numerator_type");
  assert_refused ("{\"name\": \"x\", \"numerator_type\": [\"bnf_items\"], \"numerator_bnf_codes_filter\": [\"05\"],"
                  " \"denominator_type\": \"list_size\"}", "numerator_type");
  assert_refused ("{\"name\": \"x\", \"numerator_type\": \"bnf_items\", \"numerator_bnf_codes_filter\": \"05\","
                  " \"denominator_type\": \"list_size\"}", "numerator_bnf_codes_filter");
  assert_refused ("{\"name\": \"x\", \"numerator_type\": \"bnf_items\", \"numerator_bnf_codes_filter\": [[\"05\"]],"
                  " \"denominator_type\": \"list_size\"}", "numerator_bnf_codes_filter");
  assert_refused ("{" BASE_FIELDS ", \"numerator_quantity_per_item\": {\"gt\": [7]}}", "numerator_quantity_per_item");
  assert_refused ("{" BASE_FIELDS ", \"numerator_quantity_per_item\": {\"gt\": null}}", "numerator_quantity_per_item");
  assert_refused ("{" BASE_FIELDS ", \"numerator_is_list_of_bnf_codes\": {}, \"tags\": [[1], {}, 2]}",
                  "numerator_is_list_of_bnf_codes");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RxMeasure) m = rx_measure_parse ("odd_tags", "{" BASE_FIELDS ", \"tags\": [[1], {}, 2, null, \"pain\"],"
                                               " \"description\": [1, {}, \"text\"], \"title\": 7}", -1, &error);
    ck_assert_msg (m != NULL, "%s", error != NULL ? error->message : "?");
    ck_assert_str_eq (m->category, "pain");
    ck_assert_str_eq (m->description, "text");
    ck_assert (m->title == NULL);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RxMeasure) m = rx_measure_parse ("name_number", "{\"name\": 5, \"numerator_type\": \"bnf_items\","
                                               " \"numerator_bnf_codes_filter\": [\"05\"], \"denominator_type\": \"list_size\"}",
                                               -1, &error);
    ck_assert (m == NULL);
    ck_assert (g_error_matches (error, RX_MEASURE_ERROR, RX_MEASURE_ERROR_INVALID));
  }
  assert_refused ("[1, 2]", "object");
  assert_refused ("{\"name\": ", "JSON");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RxMeasure) m = rx_measure_parse ("Bad-Id", "{" BASE_FIELDS "}", -1, &error);
    ck_assert (m == NULL);
    ck_assert (g_error_matches (error, RX_MEASURE_ERROR, RX_MEASURE_ERROR_INVALID));
  }
  ck_assert (!rx_measure_id_is_valid (""));
  ck_assert (!rx_measure_id_is_valid ("a.b"));
  ck_assert (rx_measure_id_is_valid ("ktt8_antidepressant_first_choice"));
}
END_TEST

START_TEST (test_parse_fields)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RxMeasure) m = rx_measure_parse ("op_style",
    "{\"name\": \"Short\", \"title\": \"Long title\","
    " \"description\": [\"First part.\", \"Second part.\"], \"why_it_matters\": \"Because.\","
    " \"tags\": [\"core\", \"antimicrobial\"], \"numerator_type\": \"bnf_quantity\","
    " \"numerator_bnf_codes_filter\": [\"0501 # antibacterials\", \"~050109\", \"  # note\"],"
    " \"numerator_quantity_per_item\": {\"ge\": 7, \"le\": 7},"
    " \"numerator_is_list_of_bnf_codes\": true,"
    " \"denominator_type\": \"bnf_quantity\", \"denominator_bnf_codes_filter\": [\"05\"],"
    " \"denominator_quantity_per_item\": {\"gt\": 1.5, \"lt\": 100},"
    " \"is_percentage\": true, \"is_cost_based\": false, \"low_is_good\": null,"
    " \"url\": null, \"date_reviewed\": \"2024-01-01\", \"authored_by\": \"someone\","
    " \"include_in_alerts\": true, \"radar_exclude\": false}", -1, &error);

  ck_assert_msg (m != NULL, "%s", error != NULL ? error->message : "?");
  ck_assert_str_eq (m->id, "op_style");
  ck_assert_str_eq (m->name, "Short");
  ck_assert_str_eq (m->title, "Long title");
  /* An array of strings is joined with spaces. */
  ck_assert_str_eq (m->description, "First part. Second part.");
  ck_assert_str_eq (m->why_it_matters, "Because.");
  /* No category: taken from the tags. */
  ck_assert_str_eq (m->category, "antimicrobial");
  ck_assert_int_eq (m->low_is_good, -1);
  ck_assert (m->is_percentage && !m->is_cost_based && !m->bundled);
  ck_assert_int_eq (m->numerator_type, RX_MEASURE_QUANTITY);
  ck_assert_int_eq (m->denominator_type, RX_MEASURE_QUANTITY);
  ck_assert_uint_eq (g_strv_length (m->numerator_filter), 3);
  ck_assert (m->numerator_qpi.has_ge && m->numerator_qpi.has_le && m->numerator_qpi.ge == 7);
  ck_assert (rx_qpi_condition_holds (&m->denominator_qpi, 1501));
  ck_assert (!rx_qpi_condition_holds (&m->denominator_qpi, 1500));
  ck_assert (rx_qpi_condition_holds (&m->denominator_qpi, 99999));
  ck_assert (!rx_qpi_condition_holds (&m->denominator_qpi, 100000));
  /* The definition is kept as given. */
  ck_assert (strstr (m->json, "\"authored_by\": \"someone\"") != NULL);

  {
    g_autoptr(RxMeasure) other = rx_measure_parse ("no_tags", "{" BASE_FIELDS ", \"low_is_good\": false}", -1, &error);
    ck_assert (other != NULL);
    ck_assert_str_eq (other->category, "other");
    ck_assert_int_eq (other->low_is_good, 0);
    ck_assert_int_eq (other->denominator_type, RX_MEASURE_LIST_SIZE);
    ck_assert (other->denominator_filter == NULL);
    ck_assert (!other->is_percentage && !other->is_cost_based);
  }
  for (int t = RX_MEASURE_LIST_SIZE; t <= RX_MEASURE_ASTRO_PU_COST; t++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"name\": \"x\", \"numerator_type\": \"bnf_cost\", \"numerator_bnf_codes_filter\": [\"05\"],"
        " \"denominator_type\": \"%s\", \"category\": \"waste\"}", rx_measure_type_to_string (t));
      g_autoptr(RxMeasure) u = rx_measure_parse ("units", json, -1, &error);
      ck_assert_msg (u != NULL, "%s", json);
      ck_assert_int_eq (u->denominator_type, t);
      ck_assert_str_eq (u->category, "waste");
    }
}
END_TEST

START_TEST (test_load_file)
{
  g_autofree char *dir = rx_test_temp_dir ();
  g_autofree char *good = g_build_filename (dir, "my_measure.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "my_measure.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RxMeasure) m = NULL;

  ck_assert (g_file_set_contents (good, "{" BASE_FIELDS "}", -1, NULL));
  ck_assert (g_file_set_contents (bad, "{" BASE_FIELDS "}", -1, NULL));
  /* The file stem is the id. */
  m = rx_measure_load_file (good, &error);
  ck_assert_msg (m != NULL, "%s", error != NULL ? error->message : "?");
  ck_assert_str_eq (m->id, "my_measure");
  ck_assert (rx_measure_load_file (bad, &error) == NULL);
  ck_assert (g_error_matches (error, RX_MEASURE_ERROR, RX_MEASURE_ERROR_INVALID));
  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The library in the database                                           */

START_TEST (test_user_definitions)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(RxMeasure) mine = rx_measure_parse ("trimethoprim",
    "{\"name\": \"My trimethoprim\", \"numerator_type\": \"bnf_items\","
    " \"numerator_bnf_codes_filter\": [\"0501130R0\"], \"denominator_type\": \"bnf_items\","
    " \"denominator_bnf_codes_filter\": [\"0501080W0\", \"0501130R0\"], \"is_percentage\": true}", -1, &error);
  g_autoptr(RxMeasure) extra = rx_measure_parse ("extra", "{" BASE_FIELDS "}", -1, &error);

  ck_assert (rx_measure_sync_bundled (td->db, &changed, &error));
  ck_assert_uint_eq (changed->len, G_N_ELEMENTS (library));
  g_clear_pointer (&changed, g_ptr_array_unref);
  /* A second sync changes nothing. */
  ck_assert (rx_measure_sync_bundled (td->db, &changed, &error));
  ck_assert_uint_eq (changed->len, 0);
  g_clear_pointer (&changed, g_ptr_array_unref);

  /* An id that exists is refused unless replacing. */
  ck_assert (!rx_measure_store_user (td->db, mine, FALSE, &error));
  ck_assert (g_error_matches (error, RX_MEASURE_ERROR, RX_MEASURE_ERROR_EXISTS));
  g_clear_error (&error);
  ck_assert (rx_measure_store_user (td->db, mine, TRUE, &error));
  ck_assert (mine->db_id > 0);
  {
    g_autoptr(RxMeasure) got = rx_measure_get (td->db, "trimethoprim", &error);
    ck_assert (got != NULL);
    ck_assert (!got->bundled);
    ck_assert_str_eq (got->name, "My trimethoprim");
  }
  /* The bundled library leaves a user definition alone. */
  ck_assert (rx_measure_sync_bundled (td->db, &changed, &error));
  ck_assert_uint_eq (changed->len, 0);
  g_clear_pointer (&changed, g_ptr_array_unref);
  {
    g_autoptr(RxMeasure) got = rx_measure_get (td->db, "trimethoprim", &error);
    ck_assert_str_eq (got->name, "My trimethoprim");
  }
  ck_assert (rx_measure_store_user (td->db, extra, FALSE, &error));
  {
    g_autoptr(GPtrArray) all = rx_measure_list (td->db, &error);
    ck_assert_uint_eq (all->len, G_N_ELEMENTS (library) + 1);
  }

  /* Removing the user definition brings the bundled one back. */
  ck_assert (rx_measure_remove_user (td->db, "trimethoprim", &error));
  ck_assert (rx_measure_sync_bundled (td->db, &changed, &error));
  ck_assert_uint_eq (changed->len, 1);
  {
    g_autoptr(RxMeasure) got = rx_measure_get (td->db, "trimethoprim", &error);
    ck_assert (got != NULL && got->bundled);
    ck_assert_str_eq (got->name, "Trimethoprim vs nitrofurantoin");
  }
  /* Only user definitions can be removed. */
  ck_assert (!rx_measure_remove_user (td->db, "trimethoprim", &error));
  ck_assert (g_error_matches (error, RX_MEASURE_ERROR, RX_MEASURE_ERROR_NOT_FOUND));
  g_clear_error (&error);
  ck_assert (rx_measure_get (td->db, "no_such_measure", &error) == NULL);
  ck_assert (g_error_matches (error, RX_MEASURE_ERROR, RX_MEASURE_ERROR_NOT_FOUND));
}
END_TEST

/* A user definition replacing a bundled one is what gets computed. */
START_TEST (test_user_replaces_bundled_values)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changed = NULL;

  rx_test_load_tc1 (td);
  /* Nitrofurantoin share instead: P1 30/40 = 0.75, P2 20/20 = 1. */
  rx_test_add_measure (td, "trimethoprim",
    "{\"name\": \"Nitrofurantoin share\", \"numerator_type\": \"bnf_items\","
    " \"numerator_bnf_codes_filter\": [\"0501130R0\"], \"denominator_type\": \"bnf_items\","
    " \"denominator_bnf_codes_filter\": [\"0501080W0\", \"0501130R0\"], \"is_percentage\": true}");
  {
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "trimethoprim", RX_ORG_PRACTICE, 202401, 202401);
    int row = rx_test_value_row (v, "A00001", "2024-01-01");
    rx_assert_cell (v, row, "numerator", "30");
    rx_assert_cell (v, row, "calc_value", "0.75");
    row = rx_test_value_row (v, "A00002", "2024-01-01");
    rx_assert_cell (v, row, "calc_value", "1");
  }
  ck_assert (rx_measure_remove_user (td->db, "trimethoprim", &error));
  ck_assert (rx_measure_sync_bundled (td->db, &changed, &error));
  ck_assert (rx_compute_months (td->db, NULL, changed, NULL, NULL, NULL, &error));
  {
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "trimethoprim", RX_ORG_PRACTICE, 202401, 202401);
    int row = rx_test_value_row (v, "A00001", "2024-01-01");
    rx_assert_cell (v, row, "numerator", "10");
    rx_assert_cell (v, row, "calc_value", "0.25");
  }
}
END_TEST

/* ------------------------------------------------------------------ */
/* TC5 — filters, through measure values                                 */

/* The eight codes of TC5, each prescribed by one practice in 2^i items:
 * a numerator's N is the sum of the bits of the codes it matches, over a
 * denominator of everything in chapter 05 (D = 255). */
static const char * const tc5_codes[8] = {
  "0501013B0AAABAB", /* 1 */
  "0501013B0BBABAB", /* 2 */
  "0501013B0AAAAAA", /* 4 */
  "0501013K0AAAJAJ", /* 8 */
  "0501090K0AAAAAA", /* 16 */
  "0501130H0AAAAAA", /* 32 */
  "0501130R0AAAAAA", /* 64 */
  "0502010A0AAAAAA", /* 128 */
};

static void
assert_tc5 (RxTestData *td,
            const char *id,
            const char *patterns,
            const char *want_n)
{
  g_autofree char *json = g_strdup_printf (
    "{\"name\": \"%s\", \"numerator_type\": \"bnf_items\", \"numerator_bnf_codes_filter\": %s,"
    " \"denominator_type\": \"bnf_items\", \"denominator_bnf_codes_filter\": [\"05\"],"
    " \"is_percentage\": true}", id, patterns);
  g_autoptr(RxTestCsv) v = NULL;
  int row;

  rx_test_add_measure (td, id, json);
  v = rx_test_export_values (td, id, RX_ORG_PRACTICE, 0, 0);
  row = rx_test_value_row (v, "K00001", "2024-01-01");
  ck_assert_msg (g_str_equal (rx_test_csv_get (v, row, "numerator"), want_n), "%s: N = %s, want %s",
                 patterns, rx_test_csv_get (v, row, "numerator"), want_n);
  rx_assert_cell (v, row, "denominator", "255");
}

START_TEST (test_tc5_filters)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(GString) epraccur = g_string_new (NULL);
  g_autoptr(GString) jan = rx_test_epd_new ();

  rx_test_epraccur_row (epraccur, "K00001", "TC5 PRACTICE", "16C", 'A', "", 4);
  for (int i = 0; i < 8; i++)
    rx_test_epd_row (jan, 202401, "K00001", "16C00", tc5_codes[i], 1000, 1 << i, "1.00", "1.00000");
  rx_test_import (td, "epraccur.csv", epraccur);
  rx_test_import (td, "epd_202401.csv", jan);

  /* → 0501013B0AAABAB only. */
  assert_tc5 (td, "tc5_like_exclusion", "[\"0501013B0%AB # 500 mg\", \"~0501013B0BB\"]", "1");
  /* → the five 0501… codes other than 0501090K0AAAAAA and 0501130H0AAAAAA:
   * 1 + 2 + 4 + 8 + 64 = 79. */
  assert_tc5 (td, "tc5_prefixes", "[\"0501\", \"~050109\", \"~0501130H0\", \"  # note\"]", "79");
  /* Prefix and exact code → 0501013B0AAABAB. */
  assert_tc5 (td, "tc5_prefix14", "[\"0501013B0AAABA\"]", "1");
  assert_tc5 (td, "tc5_exact", "[\"0501013B0AAABAB\"]", "1");
  /* Case-sensitive → none. */
  assert_tc5 (td, "tc5_case", "[\"0501013b0\"]", "0");
  /* → the three 0501013B0… codes: 1 + 2 + 4. */
  assert_tc5 (td, "tc5_like_all", "[\"0501013B0%\"]", "7");
  /* → none. */
  assert_tc5 (td, "tc5_underscore", "[\"0501013B0_AB\"]", "0");
  /* A LIKE pattern anchors its end: 0501013B0%AB must end in AB → 1 + 2. */
  assert_tc5 (td, "tc5_like_end", "[\"0501013B0%AB\"]", "3");
  /* cli.md's example: '_' in a prefix, any one character: 0501013_0 → the
   * B0 and K0 chemicals, 1 + 2 + 4 + 8. */
  assert_tc5 (td, "tc5_underscore_prefix", "[\"0501013_0\"]", "15");
  /* Exclusions win over inclusions, whatever their order. */
  assert_tc5 (td, "tc5_exclusion_first", "[\"~0501013\", \"05\"]", "240");
  /* §2.5: an empty numerator (only comments) is N = 0 everywhere. */
  assert_tc5 (td, "tc5_empty", "[\"# nothing\", \"\"]", "0");
}
END_TEST

static Suite *
measure_suite (void)
{
  Suite *s = suite_create ("measure");
  TCase *tc;

  tc = tcase_create ("library");
  tcase_add_test (tc, test_bundled_library);
  tcase_add_test (tc, test_bundled_definitions);
  suite_add_tcase (s, tc);

  tc = tcase_create ("parse");
  tcase_add_test (tc, test_refusals);
  tcase_add_test (tc, test_parse_fields);
  tcase_add_test (tc, test_load_file);
  suite_add_tcase (s, tc);

  tc = tcase_create ("database");
  tcase_add_test (tc, test_user_definitions);
  tcase_add_test (tc, test_user_replaces_bundled_values);
  suite_add_tcase (s, tc);

  tc = tcase_create ("tc5");
  tcase_add_test (tc, test_tc5_filters);
  suite_add_tcase (s, tc);

  return s;
}

RX_TEST_MAIN (measure_suite)

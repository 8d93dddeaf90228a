// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>

#include "rx-csv.h"
#include "rx-source.h"
#include "rx-test.h"

/* Detection (data-formats.md §3) of every kind, from the fixtures as
 * published, and every refusal with the message a user acts on. */

/* Records 1–2 (blank rows skipped, as the importer does), copied so that
 * both stay valid. */
typedef struct
{
  RxCsvRecord  rec[2];
  guint        n;
  GPtrArray   *strings;
} Head;

static void
head_free (Head *head)
{
  for (guint i = 0; i < head->n; i++)
    {
      g_free (head->rec[i].fields);
      g_free (head->rec[i].lengths);
    }
  g_ptr_array_unref (head->strings);
  g_free (head);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Head, head_free)

static Head *
read_head (RxCsvReader *reader)
{
  Head *head = g_new0 (Head, 1);
  g_autoptr(GError) error = NULL;
  RxCsvRecord *rec;

  head->strings = g_ptr_array_new_with_free_func (g_free);
  while (head->n < 2 && rx_csv_reader_next (reader, &rec, &error))
    {
      RxCsvRecord *copy = &head->rec[head->n];

      if (rx_csv_record_is_blank (rec))
        continue;
      copy->n_fields = rec->n_fields;
      copy->line = rec->line;
      copy->fields = g_new0 (const char *, rec->n_fields + 1);
      copy->lengths = g_new0 (guint, rec->n_fields + 1);
      for (guint i = 0; i < rec->n_fields; i++)
        {
          char *s = g_strndup (rec->fields[i], rec->lengths[i]);
          g_ptr_array_add (head->strings, s);
          copy->fields[i] = s;
          copy->lengths[i] = rec->lengths[i];
        }
      head->n++;
    }
  ck_assert_msg (error == NULL, "%s", error ? error->message : "");
  ck_assert_uint_ge (head->n, 1);
  return head;
}

static Head *
head_of_fixture (const char *name)
{
  g_autofree char *path = rx_test_fixture (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(RxCsvReader) reader = rx_csv_reader_new_for_path (path, &error);

  ck_assert_msg (reader != NULL, "%s: %s", name, error ? error->message : "");
  return read_head (reader);
}

static Head *
head_of_text (const char *text)
{
  g_autoptr(RxCsvReader) reader = rx_csv_reader_new_for_memory (text, strlen (text), "mem.csv");

  return read_head (reader);
}

static RxKind
detect_head (Head    *head,
             GError **error)
{
  return rx_source_detect (&head->rec[0], head->n > 1 ? &head->rec[1] : NULL, error);
}

#define ASSERT_FIXTURE_KIND(name, kind)                                       \
  G_STMT_START {                                                              \
    g_autoptr(Head) h_ = head_of_fixture (name);                              \
    g_autoptr(GError) e_ = NULL;                                              \
    RxKind k_ = detect_head (h_, &e_);                                        \
    ck_assert_msg (k_ == (kind), "%s: detected %d (%s), expected %d", name,   \
                   k_, e_ ? e_->message : "", kind);                          \
    ck_assert_ptr_null (e_);                                                  \
  } G_STMT_END

/* A refusal: RX_KIND_UNKNOWN, RX_SOURCE_ERROR_UNKNOWN_KIND, and the message
 * holds @needle. */
#define ASSERT_REFUSED(head, needle)                                          \
  G_STMT_START {                                                              \
    g_autoptr(GError) e_ = NULL;                                              \
    RxKind k_ = detect_head (head, &e_);                                      \
    ck_assert_int_eq (k_, RX_KIND_UNKNOWN);                                   \
    ck_assert (g_error_matches (e_, RX_SOURCE_ERROR, RX_SOURCE_ERROR_UNKNOWN_KIND)); \
    ck_assert_msg (strstr (e_->message, needle) != NULL, "'%s' lacks '%s'",   \
                   e_->message, needle);                                      \
  } G_STMT_END

START_TEST (test_norm)
{
  static const struct { const char *in, *out; } cases[] = {
    { " SHA", "SHA" },
    { "ACT COST   ", "ACT_COST" },
    { "Practice Code", "PRACTICE_CODE" },
    { "\xef\xbb\xbfYEAR_MONTH", "YEAR_MONTH" },
    { "BNF NAME                                    ", "BNF_NAME" },
    { "\tbnf__presentation. code\r\n", "BNF_PRESENTATION_CODE" },
    { "CHEM SUB ", "CHEM_SUB" },
    { "MALE_0-4", "MALE_0-4" },
    { "   ", "" },
    { "", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = rx_source_norm (cases[i].in, strlen (cases[i].in));
      ck_assert_str_eq (got, cases[i].out);
    }
}
END_TEST

START_TEST (test_kind_names)
{
  static const char * const names[] = { "epd", "pdpi", "pdpi-addr", "pdpi-chem", "org-map",
                                        "epraccur", "list-size", "bnf-codes" };
  RxKind kind;

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      ck_assert (rx_kind_from_string (names[i], &kind));
      ck_assert_str_eq (rx_kind_to_string (kind), names[i]);
    }
  ck_assert (!rx_kind_from_string ("EPD", &kind));
  ck_assert (!rx_kind_from_string ("unknown", &kind));
  ck_assert (!rx_kind_from_string ("", &kind));
  ck_assert_str_eq (rx_kind_to_string (RX_KIND_LIST_SIZE_QUINARY), "list-size");
  ck_assert_str_eq (rx_kind_to_string (RX_KIND_LIST_SIZE_ALL), "list-size");
}
END_TEST

START_TEST (test_prescribing_layouts)
{
  ASSERT_FIXTURE_KIND ("epd-v2-area-team.csv", RX_KIND_EPD);
  ASSERT_FIXTURE_KIND ("epd-v2-stp.csv", RX_KIND_EPD);
  ASSERT_FIXTURE_KIND ("epd-v2-icb.csv", RX_KIND_EPD);
  ASSERT_FIXTURE_KIND ("epd-snomed-legacy.csv", RX_KIND_EPD);
  ASSERT_FIXTURE_KIND ("epd-snomed-current.csv", RX_KIND_EPD);
  ASSERT_FIXTURE_KIND ("pdpi-201410.csv", RX_KIND_PDPI);
  ASSERT_FIXTURE_KIND ("pdpi-201212.csv", RX_KIND_PDPI);
  /* Magic bytes, not names, decide the container; the header the kind. */
  ASSERT_FIXTURE_KIND ("epd-v2-icb.csv.gz", RX_KIND_EPD);
  ASSERT_FIXTURE_KIND ("epd-zip64.zip", RX_KIND_EPD);
}
END_TEST

START_TEST (test_reference_kinds)
{
  ASSERT_FIXTURE_KIND ("pdpi-addr.csv", RX_KIND_PDPI_ADDR);
  ASSERT_FIXTURE_KIND ("pdpi-chem.csv", RX_KIND_PDPI_CHEM);
  ASSERT_FIXTURE_KIND ("org-map-2018a.csv", RX_KIND_ORG_MAP);
  ASSERT_FIXTURE_KIND ("org-map-2018b-jan-18.csv", RX_KIND_ORG_MAP);
  ASSERT_FIXTURE_KIND ("org-map-2022.csv", RX_KIND_ORG_MAP);
  ASSERT_FIXTURE_KIND ("org-map-2026.csv", RX_KIND_ORG_MAP);
  ASSERT_FIXTURE_KIND ("epraccur.csv", RX_KIND_EPRACCUR);
  ASSERT_FIXTURE_KIND ("epraccur.zip", RX_KIND_EPRACCUR);
  ASSERT_FIXTURE_KIND ("list-size-quinary.csv", RX_KIND_LIST_SIZE_QUINARY);
  ASSERT_FIXTURE_KIND ("list-size-all-ccg.csv", RX_KIND_LIST_SIZE_ALL);
  ASSERT_FIXTURE_KIND ("list-size-all-subicb.csv", RX_KIND_LIST_SIZE_ALL);
  ASSERT_FIXTURE_KIND ("bnf-codes-legacy-20240502.csv", RX_KIND_BNF_CODES);
  ASSERT_FIXTURE_KIND ("bnf-codes-current-202503.csv", RX_KIND_BNF_CODES);
}
END_TEST

START_TEST (test_trap_fixtures)
{
  static const char * const epd[] = {
    "trap-bom.csv", "trap-crlf.csv", "trap-no-final-newline.csv", "trap-quoted.csv",
    "trap-trailing-empty.csv", "trap-blank-rows.csv", "trap-items.csv", "trap-duplicates.csv",
    "trap-unidentified.csv", "trap-snomed.csv", "trap-bad-rows.csv",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (epd); i++)
    ASSERT_FIXTURE_KIND (epd[i], RX_KIND_EPD);
  ASSERT_FIXTURE_KIND ("trap-latin1.csv", RX_KIND_PDPI_ADDR);
  ASSERT_FIXTURE_KIND ("trap-utf8.csv", RX_KIND_PDPI_ADDR);
}
END_TEST

START_TEST (test_synonyms)
{
  g_autoptr(Head) loc = head_of_text (
    "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,SUB_ICB_LOC_CODE,SUB_ICB_LOC_NAME\n"
    "GP_PRAC_PAT_LIST,2026-04-01,A81001,THE DENSHAM SURGERY,16C,NHS X\n");
  g_autoptr(Head) pcn_only = head_of_text ("Practice Code,PCN Code\nA81001,U89141\n");
  g_autoptr(Head) bnf_present = head_of_text (
    "year_month,practice_code,items,bnf_presentation_code,nic\n"
    "202401,A81001,1,0202010B0AAABAB,1\n");
  g_autoptr(Head) old_pdpi = head_of_text (
    "SHA, PCT, PRACTICE, BNF CODE, BNF NAME, ITEMS, NIC, ACT COST, QUANTITY, PERIOD\n"
    "Q30,5ND,A81001,0202010B0AAABAB,X,1,1,1,1,201212\n");
  g_autoptr(Head) addr9 = head_of_text (
    "201403,A81001,NAME,A1,A2,A3,A4,TS18 1HU,\n201403,A81002,NAME,A1,A2,A3,A4,TS18 2AW,\n");
  g_autoptr(Head) epraccur_one = head_of_text (
    "\"A81001\",\"X\",\"Y63\",\"QHM\",\"\",\"\",\"\",\"\",\"\",\"TS18 1HU\",\"19740401\",\"\","
    "\"P\",\"B\",\"16C\",\"20200401\",\"\",\"\",\"\",\"\",\"\",\"0\",\"\",\"16C\",\"\",\"4\",\"\"");
  g_autoptr(GError) error = NULL;

  ck_assert_int_eq (detect_head (loc, NULL), RX_KIND_ORG_MAP);
  ck_assert_int_eq (detect_head (pcn_only, NULL), RX_KIND_ORG_MAP);
  ck_assert_int_eq (detect_head (bnf_present, NULL), RX_KIND_EPD);
  ck_assert_int_eq (detect_head (old_pdpi, NULL), RX_KIND_PDPI);
  ck_assert_int_eq (detect_head (addr9, NULL), RX_KIND_PDPI_ADDR);
  /* A one-record epraccur (no final newline) is still epraccur. */
  ck_assert_int_eq (detect_head (epraccur_one, &error), RX_KIND_EPRACCUR);
}
END_TEST

START_TEST (test_refusals)
{
  g_autoptr(Head) dpi = head_of_fixture ("dpi.csv");
  g_autoptr(Head) eccg = head_of_fixture ("eccg.csv");
  g_autoptr(Head) eauth = head_of_text (
    "\"Y54\",\"NORTH OF ENGLAND COMMISSIONING REGION\",\"Y54\",\"\",\"\",\"\",\"\",\"\",\"\","
    "\"\",\"20130401\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
    "\"\",\"\",\"\",\"\"\n");
  g_autoptr(Head) wide_total = head_of_text ("PRACTICE_CODE,TOTAL_ALL,TOTAL_MALE\n"
                                             "A81001,5000,2400\n");
  g_autoptr(Head) wide_band = head_of_text ("PRACTICE_CODE,MALE_0-4,FEMALE_0-4\nA81001,100,90\n");
  g_autoptr(Head) wide_year = head_of_text ("PRACTICE_CODE,Male_0_1,Female_0_1\nA81001,10,9\n");
  g_autoptr(Head) lsoa = head_of_text (
    "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,LSOA_CODE,SEX,NUMBER_OF_PATIENTS\n"
    "GP_PRAC_PAT_LIST,01JAN2021,A81001,E01012345,ALL,12\n");
  g_autoptr(Head) single_age = head_of_text (
    "PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\n"
    "GP_PRAC_PAT_LIST,01JAN2021,GP,00L,E38000130,A84002,NE65 7UW,MALE,0,31\n");

  ASSERT_REFUSED (dpi, "no month column; import the EPD file for that month");
  ASSERT_REFUSED (eccg, "import gp-reg-pat-prac-map.csv for sub-ICBs, ICBs and regions");
  ASSERT_REFUSED (eauth, "import gp-reg-pat-prac-map.csv for sub-ICBs, ICBs and regions");
  ASSERT_REFUSED (wide_total, "use gp-reg-pat-prac-all.csv or gp-reg-pat-prac-quin-age.csv "
                              "(April 2017 on)");
  ASSERT_REFUSED (wide_band, "(April 2017 on)");
  ASSERT_REFUSED (wide_year, "(April 2017 on)");
  ASSERT_REFUSED (lsoa, "(April 2017 on)");
  ASSERT_REFUSED (single_age, "(April 2017 on)");
}
END_TEST

START_TEST (test_unknown_kind)
{
  g_autoptr(Head) text = head_of_text (
    "hello,world,this is not a file anybody publishes,and it goes on for quite a while "
    "longer than eighty characters\n1,2,3,4\n");
  g_autoptr(Head) latin1 = head_of_text ("caf\xe9,x\n1,2\n");
  g_autoptr(GError) error = NULL;

  ASSERT_REFUSED (text, "unknown file kind");
  ck_assert_int_eq (detect_head (text, &error), RX_KIND_UNKNOWN);
  /* Record 1 quoted, cut at 80 characters. */
  ck_assert (strstr (error->message,
                     "\"hello,world,this is not a file anybody publishes,and it goes on for "
                     "quite a whil\"") != NULL);
  g_clear_error (&error);
  /* The quote is valid UTF-8 even when the file is not. */
  ck_assert_int_eq (detect_head (latin1, &error), RX_KIND_UNKNOWN);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
}
END_TEST

/* --kind skips detection, but the kind's columns (or shape) must be there:
 * the missing one is named. */
START_TEST (test_check_kind)
{
  g_autoptr(Head) icb = head_of_fixture ("epd-v2-icb.csv");
  g_autoptr(Head) no_nic = head_of_text (
    "YEAR_MONTH,PRACTICE_CODE,BNF_CODE,ITEMS,ACTUAL_COST,QUANTITY\n"
    "202401,A81001,0202010B0AAABAB,1,1,1\n");
  g_autoptr(Head) quinary = head_of_fixture ("list-size-quinary.csv");
  g_autoptr(Head) all_ages = head_of_fixture ("list-size-all-ccg.csv");
  g_autoptr(Head) map = head_of_fixture ("org-map-2022.csv");
  g_autoptr(Head) addr = head_of_fixture ("pdpi-addr.csv");
  g_autoptr(Head) epraccur = head_of_fixture ("epraccur.csv");
  RxKind resolved;
  g_autoptr(GError) error = NULL;

  ck_assert (rx_source_check_kind (RX_KIND_EPD, &icb->rec[0], &icb->rec[1], &resolved, &error));
  ck_assert_int_eq (resolved, RX_KIND_EPD);

  ck_assert (!rx_source_check_kind (RX_KIND_EPD, &no_nic->rec[0], NULL, &resolved, &error));
  ck_assert (g_error_matches (error, RX_SOURCE_ERROR, RX_SOURCE_ERROR_MISSING_COLUMN));
  ck_assert_str_eq (error->message, "the header has no NIC column");
  g_clear_error (&error);

  ck_assert (!rx_source_check_kind (RX_KIND_PDPI, &icb->rec[0], NULL, &resolved, &error));
  ck_assert_str_eq (error->message, "the header has no SHA column");
  g_clear_error (&error);

  ck_assert (!rx_source_check_kind (RX_KIND_BNF_CODES, &map->rec[0], NULL, &resolved, &error));
  ck_assert_str_eq (error->message, "the header has no BNF_CHAPTER_CODE column");
  g_clear_error (&error);

  ck_assert (!rx_source_check_kind (RX_KIND_ORG_MAP, &addr->rec[0], NULL, &resolved, &error));
  ck_assert_str_eq (error->message, "the header has no PRACTICE_CODE or CODE column");
  g_clear_error (&error);

  /* list-size resolves to the form the header says. */
  ck_assert (rx_source_check_kind (RX_KIND_LIST_SIZE, &quinary->rec[0], NULL, &resolved, &error));
  ck_assert_int_eq (resolved, RX_KIND_LIST_SIZE_QUINARY);
  ck_assert (rx_source_check_kind (RX_KIND_LIST_SIZE, &all_ages->rec[0], NULL, &resolved, &error));
  ck_assert_int_eq (resolved, RX_KIND_LIST_SIZE_ALL);
  ck_assert (!rx_source_check_kind (RX_KIND_LIST_SIZE, &map->rec[0], NULL, &resolved, &error));
  ck_assert_str_eq (error->message, "the header has no CODE column");
  g_clear_error (&error);

  /* Headerless kinds by shape. */
  ck_assert (rx_source_check_kind (RX_KIND_EPRACCUR, &epraccur->rec[0], NULL, &resolved, &error));
  ck_assert (rx_source_check_kind (RX_KIND_PDPI_ADDR, &addr->rec[0], NULL, &resolved, &error));
  ck_assert (!rx_source_check_kind (RX_KIND_EPRACCUR, &addr->rec[0], NULL, &resolved, &error));
  ck_assert (strstr (error->message, "27 fields") != NULL);
  g_clear_error (&error);
  ck_assert (!rx_source_check_kind (RX_KIND_PDPI_ADDR, &epraccur->rec[0], NULL, &resolved, &error));
  ck_assert (strstr (error->message, "8 fields") != NULL);
  g_clear_error (&error);
}
END_TEST

START_TEST (test_header)
{
  g_autoptr(Head) pdpi = head_of_fixture ("pdpi-201410.csv");
  g_autoptr(RxHeader) h = rx_header_new (&pdpi->rec[0]);
  static const char * const present[] = { "NOPE", "ACTUAL_COST", "ACT_COST", NULL };
  static const char * const absent[] = { "NOPE", "NADA", NULL };

  /* The trailing comma makes an eleventh, empty name. */
  ck_assert_uint_eq (h->n, 11);
  ck_assert_str_eq (h->names[0], "SHA");
  ck_assert_str_eq (h->names[4], "BNF_NAME");
  ck_assert_str_eq (h->names[7], "ACT_COST");
  ck_assert_str_eq (h->names[10], "");
  ck_assert_int_eq (rx_header_find (h, "PERIOD"), 9);
  ck_assert_int_eq (rx_header_find_any (h, present), 7);
  ck_assert_int_eq (rx_header_find_any (h, absent), -1);
}
END_TEST

static Suite *
source_suite (void)
{
  Suite *s = suite_create ("source");
  TCase *tc = tcase_create ("detect");

  tcase_add_test (tc, test_norm);
  tcase_add_test (tc, test_kind_names);
  tcase_add_test (tc, test_prescribing_layouts);
  tcase_add_test (tc, test_reference_kinds);
  tcase_add_test (tc, test_trap_fixtures);
  tcase_add_test (tc, test_synonyms);
  tcase_add_test (tc, test_refusals);
  tcase_add_test (tc, test_unknown_kind);
  tcase_add_test (tc, test_check_kind);
  tcase_add_test (tc, test_header);
  suite_add_tcase (s, tc);
  return s;
}

RX_TEST_MAIN (source_suite)

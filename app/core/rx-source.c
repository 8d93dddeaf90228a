// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-source"

#include "config.h"

#include <string.h>

#include <glib.h>

#include "rx-source.h"

/* Detection of a published file's kind from its first records, by the rules
 * of data-formats.md §3, first match wins. */

G_DEFINE_QUARK (rx-source-error-quark, rx_source_error)

static const char * const kind_names[] = {
  [RX_KIND_UNKNOWN] = "unknown",
  [RX_KIND_EPD] = "epd",
  [RX_KIND_PDPI] = "pdpi",
  [RX_KIND_PDPI_ADDR] = "pdpi-addr",
  [RX_KIND_PDPI_CHEM] = "pdpi-chem",
  [RX_KIND_ORG_MAP] = "org-map",
  [RX_KIND_EPRACCUR] = "epraccur",
  [RX_KIND_LIST_SIZE_QUINARY] = "list-size",
  [RX_KIND_LIST_SIZE_ALL] = "list-size",
  [RX_KIND_BNF_CODES] = "bnf-codes",
  [RX_KIND_LIST_SIZE] = "list-size",
};

const char *
rx_kind_to_string (RxKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), "unknown");
  return kind_names[kind];
}

gboolean
rx_kind_from_string (const char *text,
                     RxKind     *kind)
{
  static const RxKind accepted[] = {
    RX_KIND_EPD, RX_KIND_PDPI, RX_KIND_PDPI_ADDR, RX_KIND_PDPI_CHEM, RX_KIND_ORG_MAP,
    RX_KIND_EPRACCUR, RX_KIND_LIST_SIZE, RX_KIND_BNF_CODES,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (accepted); i++)
    if (g_strcmp0 (text, kind_names[accepted[i]]) == 0)
      {
        *kind = accepted[i];
        return TRUE;
      }
  return FALSE;
}

/**
 * rx_source_norm:
 *
 * norm() of data-formats.md §1.3: strip a BOM, trim spaces and tabs, ASCII
 * upper case, every run of space, `_`, `.`, CR or LF becomes one `_`.
 */
char *
rx_source_norm (const char *field,
                gsize       len)
{
  GString *out = g_string_sized_new (len);
  gsize i = 0;
  gboolean pending = FALSE;

  if (len >= 3 && memcmp (field, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  for (; i < len; i++)
    {
      char c = field[i];

      if (c == ' ' || c == '_' || c == '.' || c == '\r' || c == '\n' || c == '\t')
        {
          pending = TRUE;
          continue;
        }
      if (pending && out->len > 0)
        g_string_append_c (out, '_');
      pending = FALSE;
      g_string_append_c (out, g_ascii_toupper (c));
    }
  return g_string_free (out, FALSE);
}

RxHeader *
rx_header_new (const RxCsvRecord *record)
{
  RxHeader *header = g_new0 (RxHeader, 1);

  header->n = record->n_fields;
  header->names = g_new0 (char *, record->n_fields + 1);
  for (guint i = 0; i < record->n_fields; i++)
    header->names[i] = rx_source_norm (record->fields[i], record->lengths[i]);
  return header;
}

void
rx_header_free (RxHeader *header)
{
  if (header == NULL)
    return;
  g_strfreev (header->names);
  g_free (header);
}

int
rx_header_find (const RxHeader *header,
                const char     *name)
{
  for (guint i = 0; i < header->n; i++)
    if (g_str_equal (header->names[i], name))
      return i;
  return -1;
}

/* The first of @names present (column synonyms, §4), or -1. */
int
rx_header_find_any (const RxHeader     *header,
                    const char * const *names)
{
  for (; *names != NULL; names++)
    {
      int i = rx_header_find (header, *names);
      if (i >= 0)
        return i;
    }
  return -1;
}

static gboolean
has (const RxHeader *h,
     const char     *name)
{
  return rx_header_find (h, name) >= 0;
}

static char *
field_text (const RxCsvRecord *record,
            guint              i)
{
  if (record == NULL || i >= record->n_fields)
    return g_strdup ("");
  return g_strstrip (g_strndup (record->fields[i], record->lengths[i]));
}

static gboolean
field_matches (const RxCsvRecord *record,
               guint              i,
               const char        *pattern)
{
  g_autofree char *text = field_text (record, i);

  return g_regex_match_simple (pattern, text, 0, 0);
}

/* Records with trailing empty fields count as shorter (trap 10). */
static guint
effective_fields (const RxCsvRecord *record)
{
  guint n = record->n_fields;

  while (n > 0 && rx_csv_field_is_blank (record->fields[n - 1], record->lengths[n - 1]))
    n--;
  return n;
}

static gboolean
looks_like_epraccur (const RxCsvRecord *r)
{
  return r != NULL && (r->n_fields == 27 || effective_fields (r) <= 27) && r->n_fields >= 26 &&
         field_matches (r, 0, "^[A-Z0-9]{6}$") && field_matches (r, 10, "^[0-9]{8}$") &&
         field_matches (r, 12, "^[ABCDP]$");
}

static gboolean
looks_like_addr (const RxCsvRecord *r)
{
  guint n;

  if (r == NULL)
    return FALSE;
  n = r->n_fields;
  if (!(n == 8 || (n == 9 && rx_csv_field_is_blank (r->fields[8], r->lengths[8]))))
    return FALSE;
  return field_matches (r, 0, "^(20[0-9]{2})(0[1-9]|1[0-2])$") &&
         field_matches (r, 1, "^[A-Z0-9]{6}$");
}

static gboolean
has_wide_list_size (const RxHeader *h)
{
  if (has (h, "TOTAL_ALL"))
    return TRUE;
  for (guint i = 0; i < h->n; i++)
    if (g_regex_match_simple ("^(MALE|FEMALE)_[0-9]+(-|_)[0-9]+", h->names[i], 0, 0))
      return TRUE;
  return FALSE;
}

static gboolean
refuse (GError    **error,
        const char *message)
{
  g_set_error_literal (error, RX_SOURCE_ERROR, RX_SOURCE_ERROR_UNKNOWN_KIND, message);
  return FALSE;
}

/**
 * rx_source_detect:
 * @first: record 1
 * @second: (nullable): record 2, for the kinds without a header
 *
 * Returns: the kind, or %RX_KIND_UNKNOWN with @error saying what was
 * expected.
 */
RxKind
rx_source_detect (const RxCsvRecord *first,
                  const RxCsvRecord *second,
                  GError           **error)
{
  g_autoptr(RxHeader) h = rx_header_new (first);
  gboolean sub_icb_col = has (h, "SUB_ICB_LOCATION_CODE") || has (h, "SUB_ICB_LOC_CODE") ||
                         has (h, "CCG_CODE");

  /* 1, 2: EPD and the monthless "Detailed Prescribing Information". */
  if (has (h, "PRACTICE_CODE") && has (h, "ITEMS") &&
      (has (h, "BNF_CODE") || has (h, "BNF_PRESENTATION_CODE")))
    {
      if (has (h, "YEAR_MONTH"))
        return RX_KIND_EPD;
      if (has (h, "BNF_CODE"))
        {
          refuse (error, "no month column; import the EPD file for that month");
          return RX_KIND_UNKNOWN;
        }
    }
  /* 3, 4: legacy PDPI and CHEM. */
  if (h->n >= 3 && g_str_equal (h->names[0], "SHA") && g_str_equal (h->names[1], "PCT") &&
      g_str_equal (h->names[2], "PRACTICE") && has (h, "BNF_CODE"))
    return RX_KIND_PDPI;
  if (h->n >= 2 && g_str_equal (h->names[0], "CHEM_SUB") && g_str_equal (h->names[1], "NAME"))
    return RX_KIND_PDPI_CHEM;
  /* 5–8: list sizes. */
  if (has_wide_list_size (h))
    {
      refuse (error, "use gp-reg-pat-prac-all.csv or gp-reg-pat-prac-quin-age.csv (April 2017 on)");
      return RX_KIND_UNKNOWN;
    }
  if (has (h, "NUMBER_OF_PATIENTS") && has (h, "ORG_CODE") && has (h, "SEX") &&
      has (h, "AGE_GROUP_5"))
    return RX_KIND_LIST_SIZE_QUINARY;
  if (has (h, "NUMBER_OF_PATIENTS") && has (h, "CODE") && has (h, "SEX") && has (h, "AGE"))
    {
      int age = rx_header_find (h, "AGE");
      g_autofree char *value = field_text (second, age);

      if (second == NULL || g_ascii_strcasecmp (value, "ALL") == 0)
        return RX_KIND_LIST_SIZE_ALL;
    }
  if (has (h, "NUMBER_OF_PATIENTS"))
    {
      refuse (error, "use gp-reg-pat-prac-all.csv or gp-reg-pat-prac-quin-age.csv (April 2017 on)");
      return RX_KIND_UNKNOWN;
    }
  /* 9, 10: the organisation map and the BNF code file. */
  if ((has (h, "PRACTICE_CODE") || has (h, "CODE")) && (has (h, "PCN_CODE") || sub_icb_col) &&
      !has (h, "ITEMS"))
    return RX_KIND_ORG_MAP;
  if (has (h, "BNF_CHAPTER_CODE") && has (h, "BNF_PRESENTATION_CODE") && !has (h, "PRACTICE_CODE"))
    return RX_KIND_BNF_CODES;
  /* 11–13: headerless kinds, by the shape of records 1–2. */
  if (looks_like_epraccur (first) && (second == NULL || looks_like_epraccur (second)))
    return RX_KIND_EPRACCUR;
  if (first->n_fields == 27 || effective_fields (first) == 27)
    {
      refuse (error, "import gp-reg-pat-prac-map.csv for sub-ICBs, ICBs and regions");
      return RX_KIND_UNKNOWN;
    }
  if (looks_like_addr (first) && (second == NULL || looks_like_addr (second)))
    return RX_KIND_PDPI_ADDR;

  {
    g_autoptr(GString) text = g_string_new (NULL);
    g_autofree char *quoted = NULL;

    for (guint i = 0; i < first->n_fields && text->len < 80; i++)
      {
        if (i > 0)
          g_string_append_c (text, ',');
        g_string_append_len (text, first->fields[i], first->lengths[i]);
      }
    if (text->len > 80)
      g_string_truncate (text, 80);
    quoted = g_utf8_make_valid (text->str, text->len);
    g_set_error (error, RX_SOURCE_ERROR, RX_SOURCE_ERROR_UNKNOWN_KIND,
                 "unknown file kind: expected an EPD or PDPI prescribing file, an organisation "
                 "map, epraccur, a list-size file or the BNF code file; record 1 is \"%s\"",
                 quoted);
  }
  return RX_KIND_UNKNOWN;
}

static gboolean
require_columns (const RxHeader     *h,
                 const char * const *required,
                 GError            **error)
{
  for (; *required != NULL; required++)
    {
      g_auto(GStrv) alternatives = g_strsplit (*required, "|", -1);
      gboolean found = FALSE;

      for (char **a = alternatives; *a != NULL && !found; a++)
        found = has (h, *a);
      if (!found)
        {
          g_autofree char *names = g_strjoinv (" or ", alternatives);
          g_set_error (error, RX_SOURCE_ERROR, RX_SOURCE_ERROR_MISSING_COLUMN,
                       "the header has no %s column", names);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * rx_source_check_kind:
 *
 * For --kind: detection is skipped, but the kind's required columns (or
 * shape) must be there, and missing ones are named.
 */
gboolean
rx_source_check_kind (RxKind             kind,
                      const RxCsvRecord *first,
                      const RxCsvRecord *second,
                      RxKind            *resolved,
                      GError           **error)
{
  g_autoptr(RxHeader) h = rx_header_new (first);
  static const char * const epd[] = {
    "YEAR_MONTH", "PRACTICE_CODE", "BNF_PRESENTATION_CODE|BNF_CODE", "ITEMS", "NIC",
    "ACTUAL_COST|ACT_COST", "QUANTITY|TOTAL_QUANTITY", NULL };
  static const char * const pdpi[] = {
    "SHA", "PCT", "PRACTICE", "BNF_CODE", "ITEMS", "NIC", "ACT_COST|ACTUAL_COST", "QUANTITY",
    "PERIOD", NULL };
  static const char * const org_map[] = { "PRACTICE_CODE|CODE", NULL };
  static const char * const bnf[] = { "BNF_CHAPTER_CODE", "BNF_PRESENTATION_CODE", NULL };
  static const char * const quinary[] = {
    "ORG_CODE", "SEX", "AGE_GROUP_5", "NUMBER_OF_PATIENTS", "EXTRACT_DATE", NULL };
  static const char * const all_ages[] = {
    "CODE", "SEX", "AGE", "NUMBER_OF_PATIENTS", "EXTRACT_DATE", NULL };

  *resolved = kind;
  switch (kind)
    {
    case RX_KIND_EPD:
      return require_columns (h, epd, error);
    case RX_KIND_PDPI:
      return require_columns (h, pdpi, error);
    case RX_KIND_ORG_MAP:
      return require_columns (h, org_map, error);
    case RX_KIND_BNF_CODES:
      return require_columns (h, bnf, error);
    case RX_KIND_LIST_SIZE:
    case RX_KIND_LIST_SIZE_QUINARY:
    case RX_KIND_LIST_SIZE_ALL:
      if (has (h, "AGE_GROUP_5"))
        {
          *resolved = RX_KIND_LIST_SIZE_QUINARY;
          return require_columns (h, quinary, error);
        }
      *resolved = RX_KIND_LIST_SIZE_ALL;
      return require_columns (h, all_ages, error);
    case RX_KIND_PDPI_CHEM:
      if (first->n_fields < 2)
        return refuse (error, "a CHEM file has at least two fields: code and name");
      return TRUE;
    case RX_KIND_EPRACCUR:
      if (!looks_like_epraccur (first))
        return refuse (error, "an epraccur record has 27 fields: code, name, …, open date "
                              "(field 11, YYYYMMDD), status (field 13)");
      return TRUE;
    case RX_KIND_PDPI_ADDR:
      if (!looks_like_addr (first))
        return refuse (error, "an ADDR record has 8 fields: period, practice code, name, "
                              "four address lines and the postcode");
      return TRUE;
    default:
      return refuse (error, "unknown kind");
    }
}

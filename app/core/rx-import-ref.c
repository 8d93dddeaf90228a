// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-import"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "rx-bnf.h"
#include "rx-format.h"
#include "rx-import-private.h"

/* The reference kinds: organisation map, epraccur, legacy ADDR and CHEM,
 * list sizes and the BNF code file (data-formats.md §2.3–2.8). */

static gboolean
parse_code (const RxCsvRecord *rec,
            int                column,
            char              *out)
{
  if (column < 0 || (guint) column >= rec->n_fields)
    return FALSE;
  return rx_parse_ods_code (rec->fields[column], rec->lengths[column], out, RX_ODS_CODE_BUF_SIZE);
}

static int
date_to_int (int y, int m, int d)
{
  return y * 10000 + m * 100 + d;
}

/* A month from a file name: "-jan-18", "_2024_03", "202403", and the
 * "20240502_…" date the NHSBSA report zips start with. */
static int
month_from_file_name (const char *name)
{
  static const char *months[] = { "jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec" };
  g_autofree char *lower = g_ascii_strdown (name, -1);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) named = g_regex_new ("(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[-_ ]?(20)?([0-9]{2})(?![0-9])", 0, 0, NULL);
  g_autoptr(GRegex) digits = g_regex_new ("(?<![0-9])(20[0-9]{2})[-_]?(0[1-9]|1[0-2])"
                                          "([0-3][0-9])?(?![0-9])", 0, 0, NULL);

  if (g_regex_match (named, lower, 0, &match))
    {
      g_autofree char *mon = g_match_info_fetch (match, 1);
      g_autofree char *yy = g_match_info_fetch (match, 3);
      for (int i = 0; i < 12; i++)
        if (g_str_equal (mon, months[i]))
          return (2000 + atoi (yy)) * 100 + i + 1;
    }
  g_clear_pointer (&match, g_match_info_unref);
  if (g_regex_match (digits, lower, 0, &match))
    {
      g_autofree char *y = g_match_info_fetch (match, 1);
      g_autofree char *m = g_match_info_fetch (match, 2);
      return atoi (y) * 100 + atoi (m);
    }
  return 0;
}

static int
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return date_to_int (g_date_time_get_year (now), g_date_time_get_month (now),
                      g_date_time_get_day_of_month (now));
}

/* The date of a reference file: its own date column, else the file name's
 * month, else today (warned). */
static int
file_date (RxImportContext   *ctx,
           const RxCsvRecord *rec,
           int                column)
{
  int y, m, d, month;

  if (column >= 0 && (guint) column < rec->n_fields &&
      rx_parse_date (rec->fields[column], rec->lengths[column], &y, &m, &d))
    return date_to_int (y, m, d);
  month = month_from_file_name (ctx->name);
  if (month != 0)
    return month * 100 + 1;
  rx_import_warn_once (ctx, "date", "no date in the file or its name; dated today");
  return today ();
}

static gboolean
is_region (const char *code)
{
  return strlen (code) == 3 && code[0] == 'Y' && g_ascii_isdigit (code[1]) && g_ascii_isdigit (code[2]);
}

/* ------------------------------------------------------------------ */

typedef struct
{
  int practice, name, postcode, pcn, pcn_name, sub, sub_name, icb, icb_name, region, region_name;
  int date;
} MapColumns;

static gboolean
map_row (RxImportContext   *ctx,
         const MapColumns  *c,
         const RxCsvRecord *rec,
         int                date,
         GError           **error)
{
  char code[RX_ODS_CODE_BUF_SIZE], parent[RX_ODS_CODE_BUF_SIZE];
  g_autofree char *name = rx_import_field (rec, c->name);
  g_autofree char *postcode = rx_import_field (rec, c->postcode);
  guint32 id, sub = 0, icb = 0;

  if (!parse_code (rec, c->practice, code))
    {
      rx_import_reject (ctx, rec->line, "practice code is not an ODS code");
      return TRUE;
    }
  id = rx_orgs_ensure (ctx->orgs, RX_ORG_PRACTICE, code, FALSE, error);
  if (id == 0 || !rx_orgs_set_name (ctx->orgs, id, name, RX_RANK_ORG_MAP, date, error) ||
      !rx_orgs_set_address (ctx->orgs, id, NULL, postcode, RX_RANK_ORG_MAP, date, error) ||
      !rx_orgs_mark_listed_gp (ctx->orgs, id, error))
    return FALSE;

  if (parse_code (rec, c->pcn, parent))
    {
      g_autofree char *pname = rx_import_field (rec, c->pcn_name);
      guint32 pcn = rx_orgs_ensure (ctx->orgs, RX_ORG_PCN, parent, FALSE, error);
      if (pcn == 0 || !rx_orgs_set_name (ctx->orgs, pcn, pname, RX_RANK_ORG_MAP, date, error) ||
          !rx_orgs_link (ctx->orgs, id, RX_ORG_PCN, pcn, RX_RANK_ORG_MAP, date, error))
        return FALSE;
    }
  if (parse_code (rec, c->sub, parent))
    {
      g_autofree char *sname = rx_import_field (rec, c->sub_name);
      sub = rx_orgs_ensure (ctx->orgs, RX_ORG_SUB_ICB, parent, FALSE, error);
      if (sub == 0 || !rx_orgs_set_name (ctx->orgs, sub, sname, RX_RANK_ORG_MAP, date, error) ||
          !rx_orgs_link (ctx->orgs, id, RX_ORG_SUB_ICB, sub, RX_RANK_ORG_MAP, date, error))
        return FALSE;
    }
  if (sub != 0 && parse_code (rec, c->icb, parent))
    {
      g_autofree char *iname = rx_import_field (rec, c->icb_name);
      icb = rx_orgs_ensure (ctx->orgs, RX_ORG_ICB, parent, FALSE, error);
      if (icb == 0 || !rx_orgs_set_name (ctx->orgs, icb, iname, RX_RANK_ORG_MAP, date, error) ||
          !rx_orgs_link (ctx->orgs, sub, RX_ORG_ICB, icb, RX_RANK_ORG_MAP, date, error))
        return FALSE;
    }
  if (icb != 0 && parse_code (rec, c->region, parent) && is_region (parent))
    {
      g_autofree char *rname = rx_import_field (rec, c->region_name);
      guint32 region = rx_orgs_ensure (ctx->orgs, RX_ORG_REGION, parent, FALSE, error);
      if (region == 0 || !rx_orgs_set_name (ctx->orgs, region, rname, RX_RANK_ORG_MAP, date, error) ||
          !rx_orgs_link (ctx->orgs, icb, RX_ORG_REGION, region, RX_RANK_ORG_MAP, date, error))
        return FALSE;
    }
  ctx->result->rows_stored++;
  return TRUE;
}

gboolean
rx_import_org_map (RxImportContext  *ctx,
                   GError          **error)
{
  MapColumns c;
  const RxCsvRecord *rec;
  g_autoptr(GError) local = NULL;
  int date = 0;

  c.practice = rx_import_col (ctx, "PRACTICE_CODE|CODE");
  c.name = rx_import_col (ctx, "PRACTICE_NAME|NAME");
  c.postcode = rx_import_col (ctx, "PRACTICE_POSTCODE|POSTCODE");
  c.pcn = rx_import_col (ctx, "PCN_CODE");
  c.pcn_name = rx_import_col (ctx, "PCN_NAME");
  c.sub = rx_import_col (ctx, "SUB_ICB_LOCATION_CODE|SUB_ICB_LOC_CODE|CCG_CODE");
  c.sub_name = rx_import_col (ctx, "SUB_ICB_LOCATION_NAME|SUB_ICB_LOC_NAME|CCG_NAME");
  c.icb = rx_import_col (ctx, "ICB_CODE|STP_CODE");
  c.icb_name = rx_import_col (ctx, "ICB_NAME|STP_NAME");
  c.region = rx_import_col (ctx, "COMM_REGION_CODE|REGION_CODE");
  c.region_name = rx_import_col (ctx, "COMM_REGION_NAME|REGION_NAME|REGON_NAME");
  c.date = rx_import_col (ctx, "EXTRACT_DATE");

  while (rx_import_next (ctx, &rec, &local))
    {
      ctx->result->rows_read++;
      if (!rx_import_tick (ctx, &local))
        break;
      if (!rx_import_check_extra (ctx, rec))
        continue;
      if (date == 0)
        date = file_date (ctx, rec, c.date);
      if (!map_row (ctx, &c, rec, date, &local))
        break;
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */

/* Headerless kinds have a known field count: empty fields past it are
 * ignored, non-empty ones reject the row (trap 10). */
static gboolean
check_extra_fields (RxImportContext   *ctx,
                    const RxCsvRecord *rec,
                    guint              count)
{
  for (guint i = count; i < rec->n_fields; i++)
    if (!rx_csv_field_is_blank (rec->fields[i], rec->lengths[i]))
      {
        rx_import_reject (ctx, rec->line, "%u fields, a record has %u", rec->n_fields, count);
        return FALSE;
      }
  return TRUE;
}

static char *
epraccur_date (const RxCsvRecord *rec,
               guint              field)
{
  int y, m, d;

  if (field >= rec->n_fields || !rx_parse_date (rec->fields[field], rec->lengths[field], &y, &m, &d))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

static gboolean
epraccur_row (RxImportContext   *ctx,
              const RxCsvRecord *rec,
              int                date,
              GError           **error)
{
  char code[RX_ODS_CODE_BUF_SIZE], sub_code[RX_ODS_CODE_BUF_SIZE];
  g_autofree char *name = NULL, *postcode = NULL, *region = NULL, *status = NULL;
  g_autofree char *open = NULL, *close = NULL;
  g_autoptr(GString) address = g_string_new (NULL);
  gint64 setting = -1;
  guint32 id, sub = 0;

  if (rec->n_fields < 26)
    {
      rx_import_reject (ctx, rec->line, "%u fields; an epraccur record has 27", rec->n_fields);
      return TRUE;
    }
  if (!check_extra_fields (ctx, rec, 27))
    return TRUE;
  region = rx_import_field (rec, 2);
  if (g_strcmp0 (region, "W00") == 0)
    return TRUE;   /* Wales: skipped, not rejected */
  if (!parse_code (rec, 0, code))
    {
      rx_import_reject (ctx, rec->line, "field 1 is not an ODS code");
      return TRUE;
    }
  status = rx_import_field (rec, 12);
  if (status == NULL || strlen (status) != 1 || strchr ("ABCDP", status[0]) == NULL)
    {
      rx_import_reject (ctx, rec->line, "status (field 13) is not A, B, C, D or P");
      return TRUE;
    }
  if (!rx_import_field_is_empty (rec, 25) &&
      !rx_parse_whole (rec->fields[25], rec->lengths[25], &setting))
    {
      rx_import_reject (ctx, rec->line, "prescribing setting (field 26) is not a number");
      return TRUE;
    }
  name = rx_import_field (rec, 1);
  postcode = rx_import_field (rec, 9);
  for (int i = 4; i <= 8; i++)
    {
      g_autofree char *line = rx_import_field (rec, i);
      if (line != NULL && *line != '\0')
        g_string_append_printf (address, "%s%s", address->len ? ", " : "", line);
    }
  open = epraccur_date (rec, 10);
  close = epraccur_date (rec, 11);

  id = rx_orgs_ensure (ctx->orgs, RX_ORG_PRACTICE, code, FALSE, error);
  if (id == 0 || !rx_orgs_set_name (ctx->orgs, id, name, RX_RANK_EPRACCUR, date, error) ||
      !rx_orgs_set_address (ctx->orgs, id, address->str, postcode, RX_RANK_EPRACCUR, date, error) ||
      !rx_orgs_set_details (ctx->orgs, id, (int) setting, status, open, close, date, error))
    return FALSE;

  /* Field 24 if it is a known sub-ICB, else field 15. */
  if (parse_code (rec, 23, sub_code) && rx_orgs_lookup (ctx->orgs, RX_ORG_SUB_ICB, sub_code, &sub))
    ;
  else if (parse_code (rec, 14, sub_code))
    sub = rx_orgs_ensure (ctx->orgs, RX_ORG_SUB_ICB, sub_code, TRUE, error);
  if (sub != 0 && !rx_orgs_link (ctx->orgs, id, RX_ORG_SUB_ICB, sub, RX_RANK_EPRACCUR_LINK, date, error))
    return FALSE;
  ctx->result->rows_stored++;
  return TRUE;
}

static int
mtime_date (gint64 mtime)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (mtime);

  if (t == NULL)
    return today ();
  return date_to_int (g_date_time_get_year (t), g_date_time_get_month (t),
                      g_date_time_get_day_of_month (t));
}

gboolean
rx_import_epraccur (RxImportContext  *ctx,
                    GError          **error)
{
  const RxCsvRecord *rec;
  g_autoptr(GError) local = NULL;
  int date = mtime_date (rx_csv_reader_get_member_mtime (ctx->reader));

  while (rx_import_next (ctx, &rec, &local))
    {
      ctx->result->rows_read++;
      if (!rx_import_tick (ctx, &local) || !epraccur_row (ctx, rec, date, &local))
        break;
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */

gboolean
rx_import_pdpi_addr (RxImportContext  *ctx,
                     GError          **error)
{
  const RxCsvRecord *rec;
  g_autoptr(GError) local = NULL;

  while (rx_import_next (ctx, &rec, &local))
    {
      char code[RX_ODS_CODE_BUF_SIZE];
      g_autofree char *name = NULL, *postcode = NULL;
      g_autoptr(GString) address = g_string_new (NULL);
      int month;
      guint32 id;

      ctx->result->rows_read++;
      if (!rx_import_tick (ctx, &local))
        break;
      if (!check_extra_fields (ctx, rec, 8))
        continue;
      if (rec->n_fields < 8 ||
          !rx_parse_month (rec->fields[0], rec->lengths[0], &month) || !parse_code (rec, 1, code))
        {
          rx_import_reject (ctx, rec->line, "not period, practice code, name, 4 address lines, postcode");
          continue;
        }
      name = rx_import_field (rec, 2);
      postcode = rx_import_field (rec, 7);
      for (int i = 3; i <= 6; i++)
        {
          g_autofree char *line = rx_import_field (rec, i);
          if (line != NULL && *line != '\0')
            g_string_append_printf (address, "%s%s", address->len ? ", " : "", line);
        }
      id = rx_orgs_ensure (ctx->orgs, RX_ORG_PRACTICE, code, TRUE, &local);
      if (id == 0 ||
          !rx_orgs_set_name (ctx->orgs, id, name, RX_RANK_PDPI_ADDR, month * 100 + 1, &local) ||
          !rx_orgs_set_address (ctx->orgs, id, address->str, postcode, RX_RANK_PDPI_ADDR,
                                month * 100 + 1, &local))
        break;
      ctx->result->rows_stored++;
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */

gboolean
rx_import_pdpi_chem (RxImportContext  *ctx,
                     GError          **error)
{
  const RxCsvRecord *rec;
  g_autoptr(GError) local = NULL;
  int version = 0;

  /* The header's third field is the month, right-aligned. */
  if (ctx->header->n >= 3)
    {
      int month;
      if (rx_parse_month (ctx->header->names[2], strlen (ctx->header->names[2]), &month))
        version = month;
    }
  while (rx_import_next (ctx, &rec, &local))
    {
      g_autofree char *code = NULL, *name = NULL;
      guint32 id;

      ctx->result->rows_read++;
      if (!rx_import_tick (ctx, &local))
        break;
      code = rx_import_field (rec, 0);
      name = rx_import_field (rec, 1);
      if (code == NULL || !g_regex_match_simple ("^[0-9]{2}[0-9A-Z]{2}([0-9A-Z]{5})?$", code, 0, 0))
        {
          rx_import_reject (ctx, rec->line, "'%s' is not a chemical code", code ? code : "");
          continue;
        }
      id = rx_codes_ensure (ctx->codes, code, &local);
      if (id == 0 || !rx_codes_set_name (ctx->codes, id, name, version, &local))
        break;
      ctx->result->rows_stored++;
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */

#define N_QUINARY 20

typedef struct
{
  gint64  total;          /* -1 until an ALL/ALL row */
  gint64  male[N_QUINARY], female[N_QUINARY];
  gboolean has_bands;
} ListSize;

/* "0_4" → 0, "5_9" → 1, …, "90_94" → 18, "95+" → 19; -1 otherwise. */
static int
quinary_band (const char *text)
{
  int lower = 0;
  const char *p = text;

  if (!g_ascii_isdigit (*p))
    return -1;
  while (g_ascii_isdigit (*p))
    lower = lower * 10 + (*p++ - '0');
  if (lower % 5 != 0 || lower > 95)
    return -1;
  if (lower == 95)
    return g_str_equal (p, "+") || g_str_equal (p, "_") || *p == '\0' ? 19 : -1;
  if (*p != '_' && *p != '-')
    return -1;
  return lower / 5;
}

/* The all-ages and quinary files of a month should agree on each
 * practice's total (data-formats.md §2.7); say so when they do not. */
static gboolean
warn_forms_differ (RxImportContext  *ctx,
                   int               month,
                   int               form,
                   GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = rx_db_prepare (ctx->db,
    "SELECT count(*) FROM list_size a JOIN list_size b "
    "ON b.month = a.month AND b.org_id = a.org_id AND b.form <> a.form "
    "WHERE a.month = ? AND a.form = ? AND a.total <> b.total", error);
  int n;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, month);
  sqlite3_bind_int (stmt, 2, form);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return rx_db_set_error (ctx->db, error, "cannot compare list sizes");
  n = sqlite3_column_int (stmt, 0);
  if (n > 0)
    {
      g_autofree char *key = g_strdup_printf ("forms-%d", month);
      rx_import_warn_once (ctx, key, "the all-ages and quinary list sizes of %04d-%02d differ "
                           "for %d %s", month / 100, month % 100, n,
                           n == 1 ? "practice" : "practices");
    }
  return TRUE;
}

static gboolean
store_list_sizes (RxImportContext  *ctx,
                  GHashTable       *by_month,
                  gboolean          quinary,
                  GError          **error)
{
  g_autoptr(sqlite3_stmt) del = rx_db_prepare (ctx->db, "DELETE FROM list_size WHERE month = ? AND form = ?", error);
  g_autoptr(sqlite3_stmt) ins = rx_db_prepare (ctx->db,
    "INSERT INTO list_size (month, org_id, form, total, bands) VALUES (?, ?, ?, ?, ?)", error);
  GHashTableIter months;
  gpointer key, value;
  int form = quinary ? 2 : 1;

  if (del == NULL || ins == NULL)
    return FALSE;
  g_hash_table_iter_init (&months, by_month);
  while (g_hash_table_iter_next (&months, &key, &value))
    {
      int month = GPOINTER_TO_INT (key);
      GHashTableIter practices;
      gpointer org, data;
      gint64 england = 0;
      guint n_practices = 0;

      sqlite3_bind_int (del, 1, month);
      sqlite3_bind_int (del, 2, form);
      if (sqlite3_step (del) != SQLITE_DONE)
        return rx_db_set_error (ctx->db, error, "cannot replace list sizes");
      sqlite3_reset (del);

      g_hash_table_iter_init (&practices, value);
      while (g_hash_table_iter_next (&practices, &org, &data))
        {
          ListSize *ls = data;
          gint32 bands[2 * N_QUINARY];
          gint64 total = ls->total;

          if (total < 0)
            {
              total = 0;
              for (int i = 0; i < N_QUINARY; i++)
                total += ls->male[i] + ls->female[i];
            }
          england += total;
          n_practices++;
          sqlite3_bind_int (ins, 1, month);
          sqlite3_bind_int64 (ins, 2, GPOINTER_TO_UINT (org));
          sqlite3_bind_int (ins, 3, form);
          sqlite3_bind_int64 (ins, 4, total);
          if (quinary && ls->has_bands)
            {
              for (int i = 0; i < N_QUINARY; i++)
                {
                  bands[i] = GINT32_TO_LE ((gint32) ls->male[i]);
                  bands[N_QUINARY + i] = GINT32_TO_LE ((gint32) ls->female[i]);
                }
              sqlite3_bind_blob (ins, 5, bands, sizeof bands, SQLITE_TRANSIENT);
            }
          else
            sqlite3_bind_null (ins, 5);
          if (sqlite3_step (ins) != SQLITE_DONE)
            return rx_db_set_error (ctx->db, error, "cannot store list sizes");
          sqlite3_reset (ins);
          sqlite3_clear_bindings (ins);
        }
      if (n_practices >= 1000 && (england < 55000000 || england > 70000000))
        rx_import_warn_once (ctx, "england", "England's registered patients in %04d-%02d are "
                             "%" G_GINT64_FORMAT ", outside 55–70 million", month / 100,
                             month % 100, england);
      if (!rx_import_mark_month (ctx, month, quinary ? "list-size-quinary" : "list-size-all", error))
        return FALSE;
      if (!warn_forms_differ (ctx, month, form, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
rx_import_list_size (RxImportContext  *ctx,
                     GError          **error)
{
  gboolean quinary = ctx->kind == RX_KIND_LIST_SIZE_QUINARY;
  int c_date = rx_import_col (ctx, "EXTRACT_DATE");
  int c_type = rx_import_col (ctx, "ORG_TYPE|TYPE");
  int c_code = rx_import_col (ctx, quinary ? "ORG_CODE" : "CODE");
  int c_sex = rx_import_col (ctx, "SEX");
  int c_age = rx_import_col (ctx, "AGE_GROUP_5|AGE");
  int c_n = rx_import_col (ctx, "NUMBER_OF_PATIENTS");
  int c_sub = rx_import_col (ctx, "SUB_ICB_LOCATION_CODE|SUB_ICB_LOC_CODE|CCG_CODE");
  g_autoptr(GHashTable) by_month = g_hash_table_new_full (NULL, NULL, NULL,
                                                          (GDestroyNotify) g_hash_table_unref);
  const RxCsvRecord *rec;
  g_autoptr(GError) local = NULL;

  while (rx_import_next (ctx, &rec, &local))
    {
      g_autofree char *type = NULL, *sex = NULL, *age = NULL;
      char code[RX_ODS_CODE_BUF_SIZE];
      int y, m, d, band;
      gint64 n;
      guint32 id;
      GHashTable *month_table;
      ListSize *ls;

      ctx->result->rows_read++;
      if (!rx_import_tick (ctx, &local))
        break;
      if (!rx_import_check_extra (ctx, rec))
        continue;
      type = rx_import_field (rec, c_type);
      if (type != NULL && g_ascii_strcasecmp (type, "GP") != 0)
        continue;   /* higher levels: kept out */
      sex = rx_import_field (rec, c_sex);
      age = rx_import_field (rec, c_age);
      if (sex == NULL || age == NULL)
        {
          rx_import_reject (ctx, rec->line, "SEX or age is missing");
          continue;
        }
      if (!quinary && (g_ascii_strcasecmp (sex, "ALL") != 0 || g_ascii_strcasecmp (age, "ALL") != 0))
        continue;
      if (c_date < 0 || !rx_parse_date (rec->fields[c_date], rec->lengths[c_date], &y, &m, &d))
        {
          rx_import_reject (ctx, rec->line, "EXTRACT_DATE is not a date");
          continue;
        }
      if (!parse_code (rec, c_code, code))
        {
          rx_import_reject (ctx, rec->line, "practice code is not an ODS code");
          continue;
        }
      if (c_n < 0 || !rx_parse_whole (rec->fields[c_n], rec->lengths[c_n], &n) || n < 0)
        {
          rx_import_reject (ctx, rec->line, "NUMBER_OF_PATIENTS is not a whole number");
          continue;
        }
      band = -1;
      if (g_ascii_strcasecmp (age, "ALL") != 0)
        {
          band = quinary_band (age);
          if (band < 0)
            {
              rx_import_reject (ctx, rec->line, "age band '%s' is not one of 0_4 … 95+", age);
              continue;
            }
        }

      id = rx_orgs_ensure (ctx->orgs, RX_ORG_PRACTICE, code, TRUE, &local);
      if (id == 0 || !rx_orgs_mark_listed_gp (ctx->orgs, id, &local))
        break;
      if (!quinary)
        {
          char sub_code[RX_ODS_CODE_BUF_SIZE];
          if (parse_code (rec, c_sub, sub_code))
            {
              guint32 sub = rx_orgs_ensure (ctx->orgs, RX_ORG_SUB_ICB, sub_code, TRUE, &local);
              if (sub == 0 || !rx_orgs_link (ctx->orgs, id, RX_ORG_SUB_ICB, sub, RX_RANK_LIST_SIZE,
                                             date_to_int (y, m, d), &local))
                break;
            }
        }

      month_table = g_hash_table_lookup (by_month, GINT_TO_POINTER (y * 100 + m));
      if (month_table == NULL)
        {
          month_table = g_hash_table_new_full (NULL, NULL, NULL, g_free);
          g_hash_table_insert (by_month, GINT_TO_POINTER (y * 100 + m), month_table);
        }
      ls = g_hash_table_lookup (month_table, GUINT_TO_POINTER (id));
      if (ls == NULL)
        {
          ls = g_new0 (ListSize, 1);
          ls->total = -1;
          g_hash_table_insert (month_table, GUINT_TO_POINTER (id), ls);
        }
      if (band < 0 && g_ascii_strcasecmp (sex, "ALL") == 0)
        ls->total = n;
      else if (band >= 0 && g_ascii_strcasecmp (sex, "MALE") == 0)
        ls->male[band] = n, ls->has_bands = TRUE;
      else if (band >= 0 && g_ascii_strcasecmp (sex, "FEMALE") == 0)
        ls->female[band] = n, ls->has_bands = TRUE;
      ctx->result->rows_stored++;
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return store_list_sizes (ctx, by_month, quinary, error);
}

/* ------------------------------------------------------------------ */

static char *
clean_bnf_name (char *name)
{
  gsize n;

  if (name == NULL)
    return NULL;
  g_strstrip (name);
  n = strlen (name);
  if (n >= 3 && g_str_has_suffix (name, "@gn"))
    {
      name[n - 3] = '\0';
      g_strstrip (name);
    }
  return name;
}

gboolean
rx_import_bnf_codes (RxImportContext  *ctx,
                     GError          **error)
{
  static const char *levels[] = { "CHAPTER", "SECTION", "PARAGRAPH", "SUBPARAGRAPH",
                                  "CHEMICAL_SUBSTANCE", "PRODUCT", "PRESENTATION" };
  int name_col[7], code_col[7];
  int c_month = rx_import_col (ctx, "YEAR_MONTH");
  const RxCsvRecord *rec;
  g_autoptr(GError) local = NULL;
  int version = 0;

  for (int i = 0; i < 7; i++)
    {
      g_autofree char *name = g_strdup_printf ("BNF_%s", levels[i]);
      g_autofree char *code = g_strdup_printf ("BNF_%s_CODE", levels[i]);
      name_col[i] = rx_header_find (ctx->header, name);
      code_col[i] = rx_header_find (ctx->header, code);
    }

  while (rx_import_next (ctx, &rec, &local))
    {
      g_autofree char *parent = NULL;
      gboolean rejected = FALSE;

      ctx->result->rows_read++;
      if (!rx_import_tick (ctx, &local))
        break;
      if (rx_import_field_is_empty (rec, code_col[0]))
        continue;   /* rows with no chapter code are skipped */
      if (version == 0)
        {
          int month;
          if (c_month >= 0 && rx_parse_month (rec->fields[c_month], rec->lengths[c_month], &month))
            version = month;
          else if ((month = month_from_file_name (ctx->name)) != 0)
            version = month;
          else
            version = today () / 100;
        }
      for (int i = 0; i < 7; i++)
        {
          g_autofree char *code = rx_import_field (rec, code_col[i]);
          g_autofree char *name = clean_bnf_name (rx_import_field (rec, name_col[i]));
          guint32 id;

          /* A missing level repeats its parent and is ignored, except the
           * presentation: in chapters 20–23 it has its product's code, and
           * the product level is a "DUMMY PRODUCT …" while the presentation
           * holds the real name (data-formats.md §2.8, §6.5). */
          if (code == NULL || *code == '\0' ||
              (g_strcmp0 (code, parent) == 0 && i != RX_BNF_LEVEL_PRESENTATION))
            continue;
          g_free (parent);
          parent = g_strdup (code);
          if (!g_regex_match_simple ("^[0-9]{2}[0-9A-Z]*$", code, 0, 0) || strlen (code) > 15)
            {
              rx_import_reject (ctx, rec->line, "'%s' is not a BNF code", code);
              rejected = TRUE;
              break;
            }
          if (name == NULL || *name == '\0' || g_str_has_prefix (name, "DUMMY "))
            continue;
          id = rx_codes_ensure (ctx->codes, code, &local);
          if (id == 0 || !rx_codes_set_name (ctx->codes, id, name, version, &local))
            break;
        }
      if (local != NULL)
        break;
      if (!rejected)
        ctx->result->rows_stored++;
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

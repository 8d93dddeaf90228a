// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-import"

#include "config.h"

#include <string.h>

#include <glib.h>

#include "rx-bnf.h"
#include "rx-format.h"
#include "rx-import-private.h"
#include "rx-store.h"

/* Prescribing rows of `epd` (every layout) and `pdpi` files: one month a
 * file, replaced whole.  Facts are gathered per presentation in memory as
 * varints, then sorted, merged and stored as one chunk each. */

typedef struct
{
  int month, practice, practice_name, address[4], postcode, pco, pco_name, icb, icb_name;
  int region, region_name, bnf, bnf_name, chem_code, chem_name, chapter;
  int quantity, items, total_quantity, nic, cost, unidentified, snomed;
} Columns;

typedef enum { CHEM_UNDECIDED, CHEM_IS_CODE, CHEM_IS_NAME } ChemicalColumn;

typedef struct
{
  RxImportContext *ctx;
  Columns          col;
  gboolean         pdpi;
  int              file_month;
  guint32          unidentified_id;
  GHashTable      *practice_ids;     /* practice code → org id (0 = rejected) */
  GHashTable      *code_slots;       /* BNF code → slot + 1 */
  GPtrArray       *slot_buffers;     /* per slot: GByteArray of raw facts */
  GArray          *slot_bnf_ids;     /* per slot: bnf id */
  GPtrArray       *sample;           /* undecided chemical column: (value, code) pairs */
  ChemicalColumn   chem;
  guint            chem_samples, chem_codes;
  char             last_snomed[24];
  guint            last_snomed_len;
  guint64          negative_rows;
  guint64          quantity_mismatch;
} Prescribing;

static void
find_columns (RxImportContext *ctx,
              Columns         *c,
              gboolean         pdpi)
{
  c->month = rx_import_col (ctx, pdpi ? "PERIOD" : "YEAR_MONTH");
  c->practice = rx_import_col (ctx, "PRACTICE_CODE|PRACTICE");
  c->practice_name = rx_import_col (ctx, "PRACTICE_NAME");
  c->address[0] = rx_import_col (ctx, "ADDRESS_1");
  c->address[1] = rx_import_col (ctx, "ADDRESS_2");
  c->address[2] = rx_import_col (ctx, "ADDRESS_3");
  c->address[3] = rx_import_col (ctx, "ADDRESS_4");
  c->postcode = rx_import_col (ctx, "POSTCODE|PRACTICE_POSTCODE");
  c->pco = rx_import_col (ctx, pdpi ? "PCT" : "PCO_CODE");
  c->pco_name = rx_import_col (ctx, "PCO_NAME");
  c->icb = rx_import_col (ctx, "ICB_CODE|STP_CODE");
  c->icb_name = rx_import_col (ctx, "ICB_NAME|STP_NAME");
  c->region = rx_import_col (ctx, "REGIONAL_OFFICE_CODE");
  c->region_name = rx_import_col (ctx, "REGIONAL_OFFICE_NAME");
  c->bnf = rx_import_col (ctx, "BNF_PRESENTATION_CODE|BNF_CODE");
  c->bnf_name = rx_import_col (ctx, "BNF_PRESENTATION_NAME|BNF_DESCRIPTION|BNF_NAME|BNF_PRESENTATION");
  c->chapter = rx_import_col (ctx, "BNF_CHAPTER_PLUS_CODE");
  c->quantity = rx_import_col (ctx, "QUANTITY");
  c->items = rx_import_col (ctx, "ITEMS");
  c->total_quantity = pdpi ? -1 : rx_import_col (ctx, "TOTAL_QUANTITY");
  c->nic = rx_import_col (ctx, "NIC");
  c->cost = rx_import_col (ctx, "ACTUAL_COST|ACT_COST");
  c->unidentified = rx_import_col (ctx, "UNIDENTIFIED");
  c->snomed = rx_import_col (ctx, "SNOMED_CODE");
  c->chem_code = -1;
  c->chem_name = -1;
}

/* The 202503 trap (data-formats.md §4): which column holds the chemical's
 * code and which its name, decided once per file. */
static ChemicalColumn
decide_chemical_columns (RxImportContext *ctx,
                         Columns         *c)
{
  int code_col = rx_import_col (ctx, "BNF_CHEMICAL_SUBSTANCE_CODE");
  int descr = rx_import_col (ctx, "CHEMICAL_SUBSTANCE_BNF_DESCR");
  int plain = rx_import_col (ctx, "BNF_CHEMICAL_SUBSTANCE");

  if (code_col >= 0)
    {
      c->chem_code = code_col;
      c->chem_name = plain;
      return CHEM_IS_CODE;
    }
  if (descr >= 0)
    {
      c->chem_name = descr;
      c->chem_code = plain;
      return CHEM_IS_CODE;
    }
  if (plain < 0)
    return CHEM_IS_CODE;    /* nothing to decide: names come from bnf-codes */
  c->chem_code = plain;     /* to be decided by sampling */
  return CHEM_UNDECIDED;
}

static gboolean
is_chemical_code_of (const char *value,
                     const char *presentation)
{
  gsize n = strlen (value);

  if (n < 4 || n > 9 || !g_ascii_isdigit (value[0]) || !g_ascii_isdigit (value[1]))
    return FALSE;
  for (gsize i = 2; i < n; i++)
    if (!g_ascii_isdigit (value[i]) && !g_ascii_isupper (value[i]))
      return FALSE;
  return strncmp (value, presentation, n) == 0;
}

static gboolean
set_chemical_name (Prescribing  *rx,
                   const char   *presentation,
                   const char   *name,
                   GError      **error)
{
  char chem[16];
  gsize len = rx_bnf_level_length (presentation, RX_BNF_LEVEL_CHEMICAL);
  guint32 id;

  if (name == NULL || *name == '\0' || len == 0)
    return TRUE;
  memcpy (chem, presentation, len);
  chem[len] = '\0';
  id = rx_codes_ensure (rx->ctx->codes, chem, error);
  if (id == 0)
    return FALSE;
  if (rx_codes_name_known (rx->ctx->codes, id))
    return TRUE;
  return rx_codes_set_name (rx->ctx->codes, id, name, 0, error);
}

/* Feeds one chemical value to the sample; at 1,000 values (or the end)
 * decides: ≥ 99 % codes → code, ≤ 1 % → name, otherwise refuse. */
static gboolean
sample_chemical (Prescribing  *rx,
                 const char   *value,
                 const char   *presentation,
                 gboolean      at_end,
                 GError      **error)
{
  if (value != NULL && *value != '\0')
    {
      rx->chem_samples++;
      rx->chem_codes += is_chemical_code_of (value, presentation);
      g_ptr_array_add (rx->sample, g_strdup (value));
      g_ptr_array_add (rx->sample, g_strdup (presentation));
    }
  if (rx->chem_samples < 1000 && !at_end)
    return TRUE;
  if (rx->chem_samples == 0 || rx->chem_codes * 100 >= rx->chem_samples * 99)
    rx->chem = CHEM_IS_CODE;
  else if (rx->chem_codes * 100 <= rx->chem_samples)
    {
      rx->chem = CHEM_IS_NAME;
      rx->col.chem_name = rx->col.chem_code;
      rx->col.chem_code = -1;
      for (guint i = 0; i < rx->sample->len; i += 2)
        if (!set_chemical_name (rx, g_ptr_array_index (rx->sample, i + 1),
                                g_ptr_array_index (rx->sample, i), error))
          return FALSE;
    }
  else
    {
      g_set_error (error, RX_IMPORT_ERROR, RX_IMPORT_ERROR_REFUSED,
                   "%s: BNF_CHEMICAL_SUBSTANCE holds codes in %u and names in %u of the first "
                   "%u rows: cannot tell which it is", rx->ctx->name, rx->chem_codes,
                   rx->chem_samples - rx->chem_codes, rx->chem_samples);
      return FALSE;
    }
  g_ptr_array_set_size (rx->sample, 0);
  return TRUE;
}

/* PCO_CODE → sub-ICB (§7): a known sub-ICB; else 5 characters ending 00
 * → the first 3; else the code itself. */
static void
sub_icb_code (RxImportContext *ctx,
              const char      *pco,
              char            *out,
              gsize            out_size)
{
  guint32 id;
  gsize n = strlen (pco);

  if (rx_orgs_lookup (ctx->orgs, RX_ORG_SUB_ICB, pco, &id))
    g_strlcpy (out, pco, out_size);
  else if (n == 5 && pco[3] == '0' && pco[4] == '0')
    {
      g_strlcpy (out, pco, MIN (out_size, 4));
    }
  else
    g_strlcpy (out, pco, out_size);
}

static gboolean
is_region_code (const char *code)
{
  return strlen (code) == 3 && code[0] == 'Y' && g_ascii_isdigit (code[1]) &&
         g_ascii_isdigit (code[2]);
}

/* A practice seen for the first time in this file: its name, address and
 * links as the row gives them (the weakest source; §7). */
static guint32
learn_practice (Prescribing        *rx,
                const RxCsvRecord  *rec,
                const char         *code,
                GError            **error)
{
  RxImportContext *ctx = rx->ctx;
  Columns *c = &rx->col;
  int date = rx->file_month * 100 + 1;
  g_autofree char *name = rx_import_field (rec, c->practice_name);
  g_autofree char *postcode = rx_import_field (rec, c->postcode);
  g_autofree char *pco = rx_import_field (rec, c->pco);
  g_autoptr(GString) address = g_string_new (NULL);
  guint32 id, sub_icb = 0, icb = 0, region = 0;
  char code_buf[RX_ODS_CODE_BUF_SIZE];

  id = rx_orgs_ensure (ctx->orgs, RX_ORG_PRACTICE, code, TRUE, error);
  if (id == 0 || !rx_orgs_set_name (ctx->orgs, id, name, RX_RANK_PRESCRIBING, date, error))
    return 0;
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *line = rx_import_field (rec, c->address[i]);
      if (line != NULL && *line != '\0' && !g_str_equal (line, "-"))
        g_string_append_printf (address, "%s%s", address->len ? ", " : "", line);
    }
  if (postcode != NULL && g_str_equal (postcode, "-"))
    g_clear_pointer (&postcode, g_free);
  if (!rx_orgs_set_address (ctx->orgs, id, address->str, postcode, RX_RANK_PRESCRIBING, date, error))
    return 0;

  /* pdpi before 201304 has primary care trusts, not CCGs: no link. */
  if (pco != NULL && (!rx->pdpi || rx->file_month >= 201304) &&
      rx_parse_ods_code (pco, strlen (pco), code_buf, sizeof code_buf))
    {
      char sub[RX_ODS_CODE_BUF_SIZE];
      g_autofree char *pco_name = rx_import_field (rec, c->pco_name);

      sub_icb_code (ctx, code_buf, sub, sizeof sub);
      sub_icb = rx_orgs_ensure (ctx->orgs, RX_ORG_SUB_ICB, sub, TRUE, error);
      if (sub_icb == 0 ||
          !rx_orgs_set_name (ctx->orgs, sub_icb, pco_name, RX_RANK_PRESCRIBING, date, error) ||
          !rx_orgs_link (ctx->orgs, id, RX_ORG_SUB_ICB, sub_icb, RX_RANK_PRESCRIBING, date, error))
        return 0;
    }
  {
    g_autofree char *icb_code = rx_import_field (rec, c->icb);
    g_autofree char *region_code = rx_import_field (rec, c->region);

    if (sub_icb != 0 && icb_code != NULL &&
        rx_parse_ods_code (icb_code, strlen (icb_code), code_buf, sizeof code_buf))
      {
        g_autofree char *icb_name = rx_import_field (rec, c->icb_name);
        icb = rx_orgs_ensure (ctx->orgs, RX_ORG_ICB, code_buf, TRUE, error);
        if (icb == 0 ||
            !rx_orgs_set_name (ctx->orgs, icb, icb_name, RX_RANK_PRESCRIBING, date, error) ||
            !rx_orgs_link (ctx->orgs, sub_icb, RX_ORG_ICB, icb, RX_RANK_PRESCRIBING, date, error))
          return 0;
      }
    if (icb != 0 && region_code != NULL && is_region_code (region_code))
      {
        g_autofree char *region_name = rx_import_field (rec, c->region_name);
        region = rx_orgs_ensure (ctx->orgs, RX_ORG_REGION, region_code, TRUE, error);
        if (region == 0 ||
            !rx_orgs_set_name (ctx->orgs, region, region_name, RX_RANK_PRESCRIBING, date, error) ||
            !rx_orgs_link (ctx->orgs, icb, RX_ORG_REGION, region, RX_RANK_PRESCRIBING, date, error))
          return 0;
      }
  }
  return id;
}

/* The organisation of a row: a practice or other cost centre, or the
 * unidentified pseudo-organisation (§6.2).  0 with no error: rejected. */
static guint32
row_org (Prescribing        *rx,
         const RxCsvRecord  *rec,
         GError            **error)
{
  RxImportContext *ctx = rx->ctx;
  Columns *c = &rx->col;
  const char *field = rec->fields[c->practice];
  guint len = rec->lengths[c->practice];
  char code[RX_ODS_CODE_BUF_SIZE];
  gpointer value;
  gboolean flag = FALSE;

  if (c->unidentified >= 0 && !rx_import_field_is_empty (rec, c->unidentified) &&
      !rx_parse_flag (rec->fields[c->unidentified], rec->lengths[c->unidentified], &flag))
    {
      rx_import_reject (ctx, rec->line, "UNIDENTIFIED is not Y or N");
      return 0;
    }
  while (len > 0 && (*field == ' ' || *field == '\t'))
    field++, len--;
  while (len > 0 && (field[len - 1] == ' ' || field[len - 1] == '\t'))
    len--;
  if (flag || len == 0 || (len == 1 && *field == '-') ||
      (len >= 6 && memcmp (field + len - 3, "998", 3) == 0))
    return rx->unidentified_id;
  if (!rx_parse_ods_code (field, len, code, sizeof code))
    {
      g_autofree char *text = g_utf8_make_valid (field, MIN (len, 20));
      rx_import_reject (ctx, rec->line, "practice code '%s' is not an ODS code", text);
      return 0;
    }
  if (g_hash_table_lookup_extended (rx->practice_ids, code, NULL, &value))
    return GPOINTER_TO_UINT (value);
  {
    guint32 id = learn_practice (rx, rec, code, error);
    if (id != 0)
      g_hash_table_insert (rx->practice_ids, g_strdup (code), GUINT_TO_POINTER (id));
    return id;
  }
}

/* A presentation seen for the first time in this file: its id, its name
 * unless a BNF code file named it, the chemical and chapter names. */
static gboolean
learn_code (Prescribing        *rx,
            const RxCsvRecord  *rec,
            const char         *code,
            guint              *slot,
            GError            **error)
{
  RxImportContext *ctx = rx->ctx;
  Columns *c = &rx->col;
  guint32 id = rx_codes_ensure (ctx->codes, code, error);
  g_autofree char *name = NULL;
  g_autofree char *chapter = NULL;

  if (id == 0)
    return FALSE;
  if (!rx_codes_name_known (ctx->codes, id))
    {
      name = rx_import_field (rec, c->bnf_name);
      if (!rx_codes_set_name (ctx->codes, id, name, 0, error))
        return FALSE;
    }
  chapter = rx_import_field (rec, c->chapter);
  if (chapter != NULL)
    {
      const char *sep = strstr (chapter, ": ");
      if (sep != NULL)
        {
          char chap[3] = { code[0], code[1], '\0' };
          guint32 chap_id = rx_codes_ensure (ctx->codes, chap, error);
          if (chap_id == 0)
            return FALSE;
          if (!rx_codes_name_known (ctx->codes, chap_id) &&
              !rx_codes_set_name (ctx->codes, chap_id, sep + 2, 0, error))
            return FALSE;
        }
    }
  if (rx->chem == CHEM_IS_NAME || (rx->chem == CHEM_IS_CODE && c->chem_name >= 0))
    {
      g_autofree char *chem = rx_import_field (rec, c->chem_name);
      if (!set_chemical_name (rx, code, chem, error))
        return FALSE;
    }
  *slot = rx->slot_buffers->len;
  g_ptr_array_add (rx->slot_buffers, g_byte_array_new ());
  g_array_append_val (rx->slot_bnf_ids, id);
  g_hash_table_insert (rx->code_slots, g_strdup (code), GUINT_TO_POINTER (*slot + 1));
  return TRUE;
}

static gboolean
parse_decimal_field (Prescribing       *rx,
                     const RxCsvRecord *rec,
                     int                column,
                     guint              scale,
                     const char        *what,
                     gint64            *out)
{
  gboolean rounded = FALSE;

  if (!rx_parse_decimal (rec->fields[column], rec->lengths[column], scale, out, &rounded))
    {
      rx_import_reject (rx->ctx, rec->line, "%s is not a number", what);
      return FALSE;
    }
  if (rounded)
    rx_import_warn_once (rx->ctx, what, "%s has more decimals than stored; rounded", what);
  return TRUE;
}

static gboolean
required (Prescribing       *rx,
          const RxCsvRecord *rec,
          int                column,
          const char        *what)
{
  if (rx_import_field_is_empty (rec, column))
    {
      rx_import_reject (rx->ctx, rec->line, "%s is missing", what);
      return FALSE;
    }
  return TRUE;
}

/* a / b rounded half away from zero, whatever the signs (b ≠ 0). */
static gint64
divide_rounded (gint64 a,
                gint64 b)
{
  guint64 ua = a < 0 ? -(guint64) a : (guint64) a;
  guint64 ub = b < 0 ? -(guint64) b : (guint64) b;
  guint64 q = ua / ub + (ua % ub >= ub - ua % ub ? 1 : 0);

  return (a < 0) != (b < 0) ? -(gint64) q : (gint64) q;
}

/* One row: FALSE only on a fatal error (a rejection returns TRUE). */
static gboolean
import_row (Prescribing        *rx,
            const RxCsvRecord  *rec,
            GError            **error)
{
  RxImportContext *ctx = rx->ctx;
  Columns *c = &rx->col;
  RxFact fact = { 0 };
  char code[16];
  int month;
  gpointer slot_value;
  guint slot;
  g_autoptr(GError) code_error = NULL;

  if (!rx_import_check_extra (ctx, rec))
    return TRUE;
  if (!required (rx, rec, c->month, rx->pdpi ? "PERIOD" : "YEAR_MONTH") ||
      !required (rx, rec, c->bnf, "BNF code") || !required (rx, rec, c->items, "ITEMS") ||
      !required (rx, rec, c->nic, "NIC") || !required (rx, rec, c->cost, "ACTUAL_COST") ||
      (rx_import_field_is_empty (rec, c->quantity) && rx_import_field_is_empty (rec, c->total_quantity) &&
       !required (rx, rec, c->quantity, "QUANTITY")) ||
      !required (rx, rec, c->practice, "PRACTICE_CODE"))
    return TRUE;

  if (!rx_parse_month (rec->fields[c->month], rec->lengths[c->month], &month))
    {
      rx_import_reject (ctx, rec->line, "%s is not a month", rx->pdpi ? "PERIOD" : "YEAR_MONTH");
      return TRUE;
    }
  if (rx->file_month == 0)
    rx->file_month = month;
  else if (month != rx->file_month)
    {
      rx_import_reject (ctx, rec->line, "month %04d-%02d is not the file's month %04d-%02d",
                        month / 100, month % 100, rx->file_month / 100, rx->file_month % 100);
      return TRUE;
    }

  if (!rx_bnf_code_parse (rec->fields[c->bnf], rec->lengths[c->bnf], code, &code_error))
    {
      rx_import_reject (ctx, rec->line, "%s", code_error->message);
      return TRUE;
    }
  if (!rx_parse_whole (rec->fields[c->items], rec->lengths[c->items], &fact.items))
    {
      rx_import_reject (ctx, rec->line, "ITEMS is not a whole number");
      return TRUE;
    }
  if (!parse_decimal_field (rx, rec, c->nic, 2, "NIC", &fact.nic) ||
      !parse_decimal_field (rx, rec, c->cost, 5, "ACTUAL_COST", &fact.cost))
    return TRUE;

  if (rx->pdpi)
    {
      /* PDPI's QUANTITY is the row's total; its quantity per item is the
       * average QUANTITY / ITEMS (rounded to 0.001). */
      if (!parse_decimal_field (rx, rec, c->quantity, 3, "QUANTITY", &fact.quantity))
        return TRUE;
      fact.qpi = fact.items != 0 ? divide_rounded (fact.quantity, fact.items) : 0;
    }
  else
    {
      gboolean have_qpi = !rx_import_field_is_empty (rec, c->quantity);
      gboolean have_total = !rx_import_field_is_empty (rec, c->total_quantity);

      if (have_qpi && !parse_decimal_field (rx, rec, c->quantity, 3, "QUANTITY", &fact.qpi))
        return TRUE;
      if (have_total && !parse_decimal_field (rx, rec, c->total_quantity, 3, "TOTAL_QUANTITY",
                                              &fact.quantity))
        return TRUE;
      if (!have_total)
        fact.quantity = fact.items * fact.qpi;
      else if (!have_qpi)
        fact.qpi = fact.items != 0 ? divide_rounded (fact.quantity, fact.items) : 0;
      else if (fact.quantity - fact.items * fact.qpi > 1 || fact.items * fact.qpi - fact.quantity > 1)
        rx->quantity_mismatch++;
    }
  if (fact.items < 0 || fact.nic < 0 || fact.cost < 0 || fact.quantity < 0)
    rx->negative_rows++;

  /* Rows of one presentation come together: check a SNOMED code once. */
  if (c->snomed >= 0 && !rx_import_field_is_empty (rec, c->snomed) &&
      !(rec->lengths[c->snomed] == rx->last_snomed_len &&
        memcmp (rec->fields[c->snomed], rx->last_snomed, rx->last_snomed_len) == 0))
    {
      char snomed[19];

      rx->last_snomed_len = MIN (rec->lengths[c->snomed], sizeof rx->last_snomed);
      memcpy (rx->last_snomed, rec->fields[c->snomed], rx->last_snomed_len);
      if (!rx_parse_snomed (rec->fields[c->snomed], rec->lengths[c->snomed], snomed))
        rx_import_warn_once (ctx, "snomed", "line %" G_GUINT64_FORMAT ": SNOMED_CODE fails its "
                             "check digit (rounded by a spreadsheet?); ignored", rec->line);
    }

  fact.org_id = row_org (rx, rec, error);
  if (fact.org_id == 0)
    return error == NULL || *error == NULL;

  if (g_hash_table_lookup_extended (rx->code_slots, code, NULL, &slot_value))
    slot = GPOINTER_TO_UINT (slot_value) - 1;
  else if (!learn_code (rx, rec, code, &slot, error))
    return FALSE;

  if (rx->chem == CHEM_UNDECIDED)
    {
      g_autofree char *value = rx_import_field (rec, c->chem_code);
      if (!sample_chemical (rx, value, code, FALSE, error))
        return FALSE;
    }

  rx_store_append_raw (g_ptr_array_index (rx->slot_buffers, slot), &fact);
  ctx->result->rows_stored++;
  return TRUE;
}

typedef struct
{
  GBytes *blob;
  gsize   n_facts;
} EncodedChunk;

/* Sorting and deflating the chunks is the expensive half of storing, so it
 * runs on every core; the inserts stay on this thread's connection. */
static void
encode_slot (gpointer data,
             gpointer user_data)
{
  GByteArray **slot = data;
  EncodedChunk *out = (EncodedChunk *) (slot + 1);
  g_autoptr(GArray) facts = g_array_new (FALSE, FALSE, sizeof (RxFact));

  rx_store_raw_to_facts (*slot, facts);
  g_byte_array_set_size (*slot, 0);
  out->n_facts = facts->len;
  out->blob = rx_store_encode_chunk ((RxFact *) facts->data, &out->n_facts);
}

typedef struct
{
  gint64 items, nic, cost;
} OrgTotal;

/* Per organisation totals of the month (rx_month_org), from the raw
 * buffers before they are encoded. */
static gboolean
store_org_totals (Prescribing  *rx,
                  GError      **error)
{
  RxImportContext *ctx = rx->ctx;
  g_autoptr(sqlite3_stmt) del = rx_db_prepare (ctx->db, "DELETE FROM rx_month_org WHERE month = ?", error);
  g_autoptr(sqlite3_stmt) ins = rx_db_prepare (ctx->db,
    "INSERT INTO rx_month_org (month, org_id, items, nic, cost) VALUES (?, ?, ?, ?, ?)", error);
  g_autoptr(GHashTable) totals = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GArray) facts = g_array_new (FALSE, FALSE, sizeof (RxFact));
  GHashTableIter iter;
  gpointer key, value;

  if (del == NULL || ins == NULL)
    return FALSE;
  sqlite3_bind_int (del, 1, rx->file_month);
  if (sqlite3_step (del) != SQLITE_DONE)
    return rx_db_set_error (ctx->db, error, "cannot replace the month");
  for (guint i = 0; i < rx->slot_buffers->len; i++)
    {
      g_array_set_size (facts, 0);
      rx_store_raw_to_facts (g_ptr_array_index (rx->slot_buffers, i), facts);
      for (guint j = 0; j < facts->len; j++)
        {
          RxFact *f = &g_array_index (facts, RxFact, j);
          OrgTotal *t = g_hash_table_lookup (totals, GUINT_TO_POINTER (f->org_id));

          if (t == NULL)
            {
              t = g_new0 (OrgTotal, 1);
              g_hash_table_insert (totals, GUINT_TO_POINTER (f->org_id), t);
            }
          t->items += f->items;
          t->nic += f->nic;
          t->cost += f->cost;
        }
    }
  g_hash_table_iter_init (&iter, totals);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      OrgTotal *t = value;

      sqlite3_bind_int (ins, 1, rx->file_month);
      sqlite3_bind_int64 (ins, 2, GPOINTER_TO_UINT (key));
      sqlite3_bind_int64 (ins, 3, t->items);
      sqlite3_bind_int64 (ins, 4, t->nic);
      sqlite3_bind_int64 (ins, 5, t->cost);
      if (sqlite3_step (ins) != SQLITE_DONE)
        return rx_db_set_error (ctx->db, error, "cannot store prescribing totals");
      sqlite3_reset (ins);
    }
  return TRUE;
}

static gboolean
store_month (Prescribing  *rx,
             GError      **error)
{
  RxImportContext *ctx = rx->ctx;
  g_autoptr(sqlite3_stmt) del = rx_db_prepare (ctx->db, "DELETE FROM rx_chunk WHERE month = ?", error);
  g_autoptr(sqlite3_stmt) ins = NULL;
  g_autoptr(sqlite3_stmt) prev = NULL;
  guint n = rx->slot_buffers->len;
  /* Each work item: the raw buffer pointer followed by its EncodedChunk. */
  gsize item_size = sizeof (GByteArray *) + sizeof (EncodedChunk);
  g_autofree guint8 *items = g_malloc0 (item_size * MAX (n, 1));
  GThreadPool *pool;
  const char *kind = rx->pdpi ? "pdpi" : "epd";

  if (del == NULL)
    return FALSE;
  ins = rx_db_prepare (ctx->db, "INSERT INTO rx_chunk (month, bnf_id, n_rows, data) VALUES (?, ?, ?, ?)", error);
  if (ins == NULL)
    return FALSE;

  prev = rx_db_prepare (ctx->db, "SELECT kind FROM month_held WHERE month = ? AND kind IN ('epd', 'pdpi')", error);
  if (prev == NULL)
    return FALSE;
  sqlite3_bind_int (prev, 1, rx->file_month);
  if (sqlite3_step (prev) == SQLITE_ROW && rx->pdpi &&
      g_str_equal ((const char *) sqlite3_column_text (prev, 0), "epd"))
    rx_import_warn_once (ctx, "pdpi-replaces", "PDPI replaces the EPD month %04d-%02d",
                         rx->file_month / 100, rx->file_month % 100);

  sqlite3_bind_int (del, 1, rx->file_month);
  if (sqlite3_step (del) != SQLITE_DONE)
    return rx_db_set_error (ctx->db, error, "cannot replace the month");
  if (!store_org_totals (rx, error))
    return FALSE;

  pool = g_thread_pool_new (encode_slot, NULL, MAX (1, (int) g_get_num_processors ()), FALSE, NULL);
  for (guint i = 0; i < n; i++)
    {
      GByteArray **slot = (GByteArray **) (items + i * item_size);
      *slot = g_ptr_array_index (rx->slot_buffers, i);
      g_thread_pool_push (pool, slot, NULL);
    }
  g_thread_pool_free (pool, FALSE, TRUE);

  for (guint i = 0; i < n; i++)
    {
      EncodedChunk *chunk = (EncodedChunk *) (items + i * item_size + sizeof (GByteArray *));
      gsize len;
      gconstpointer data = g_bytes_get_data (chunk->blob, &len);
      gboolean ok;

      sqlite3_bind_int (ins, 1, rx->file_month);
      sqlite3_bind_int64 (ins, 2, g_array_index (rx->slot_bnf_ids, guint32, i));
      sqlite3_bind_int64 (ins, 3, chunk->n_facts);
      sqlite3_bind_blob (ins, 4, data, len, SQLITE_STATIC);
      ok = sqlite3_step (ins) == SQLITE_DONE;
      sqlite3_reset (ins);
      g_bytes_unref (chunk->blob);
      chunk->blob = NULL;
      if (!ok)
        {
          for (guint j = i + 1; j < n; j++)
            g_clear_pointer (&((EncodedChunk *) (items + j * item_size + sizeof (GByteArray *)))->blob,
                             g_bytes_unref);
          return rx_db_set_error (ctx->db, error, "cannot store prescribing");
        }
    }

  {
    g_autoptr(sqlite3_stmt) other = rx_db_prepare (ctx->db,
      "DELETE FROM month_held WHERE month = ? AND kind IN ('epd', 'pdpi')", error);
    if (other == NULL)
      return FALSE;
    sqlite3_bind_int (other, 1, rx->file_month);
    if (sqlite3_step (other) != SQLITE_DONE)
      return rx_db_set_error (ctx->db, error, "cannot record the month");
  }
  return rx_import_mark_month (ctx, rx->file_month, kind, error);
}

/* The month a prescribing file's name claims ("EPD_202401.csv",
 * "T201410PDPI BNFT.CSV"), or 0.  The rows' month wins (§2.1); a name that
 * disagrees is only worth a warning. */
static int
month_in_name (const char *name)
{
  g_autoptr(GRegex) digits = g_regex_new ("(?<![0-9])(20[0-9]{2})[-_]?(0[1-9]|1[0-2])(?![0-9])",
                                          0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  int month = 0;

  if (g_regex_match (digits, name, 0, &match))
    {
      g_autofree char *y = g_match_info_fetch (match, 1);
      g_autofree char *m = g_match_info_fetch (match, 2);
      month = (int) g_ascii_strtoll (y, NULL, 10) * 100 + (int) g_ascii_strtoll (m, NULL, 10);
    }
  return month;
}

static void
prescribing_clear (Prescribing *rx)
{
  g_clear_pointer (&rx->practice_ids, g_hash_table_unref);
  g_clear_pointer (&rx->code_slots, g_hash_table_unref);
  g_clear_pointer (&rx->slot_buffers, g_ptr_array_unref);
  g_clear_pointer (&rx->slot_bnf_ids, g_array_unref);
  g_clear_pointer (&rx->sample, g_ptr_array_unref);
}

gboolean
rx_import_prescribing (RxImportContext  *ctx,
                       GError          **error)
{
  Prescribing rx = { 0 };
  const RxCsvRecord *rec;
  g_autoptr(GError) local = NULL;
  gboolean ok = TRUE;

  rx.ctx = ctx;
  rx.pdpi = ctx->kind == RX_KIND_PDPI;
  find_columns (ctx, &rx.col, rx.pdpi);
  rx.chem = decide_chemical_columns (ctx, &rx.col);
  rx.practice_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  rx.code_slots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  rx.slot_buffers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);
  rx.slot_bnf_ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  rx.sample = g_ptr_array_new_with_free_func (g_free);
  rx.unidentified_id = rx_orgs_unidentified (ctx->orgs, error);
  if (rx.unidentified_id == 0)
    ok = FALSE;

  /* Parsing runs ahead on a thread of its own while this one converts. */
  rx_csv_reader_set_threaded (ctx->reader);
  while (ok && rx_import_next (ctx, &rec, &local))
    {
      ctx->result->rows_read++;
      if (!rx_import_tick (ctx, &local) || !import_row (&rx, rec, &local))
        {
          ok = FALSE;
          break;
        }
    }
  if (ok && local != NULL)
    ok = FALSE;
  if (ok && rx.chem == CHEM_UNDECIDED)
    ok = sample_chemical (&rx, NULL, "", TRUE, &local);
  if (ok && rx.file_month == 0)
    {
      g_set_error (&local, RX_IMPORT_ERROR, RX_IMPORT_ERROR_REFUSED,
                   "%s: no prescribing row could be read", ctx->name);
      ok = FALSE;
    }
  if (ok)
    {
      int named = month_in_name (ctx->name);
      if (named != 0 && named != rx.file_month)
        rx_import_warn_once (ctx, "name-month", "the file name says %04d-%02d but its rows are of "
                             "%04d-%02d; stored as %04d-%02d", named / 100, named % 100,
                             rx.file_month / 100, rx.file_month % 100, rx.file_month / 100,
                             rx.file_month % 100);
    }
  if (ok && rx.negative_rows > 0)
    rx_import_warn_once (ctx, "negative", "%" G_GUINT64_FORMAT " rows with negative values "
                         "(corrections?) stored as published", rx.negative_rows);
  if (ok && rx.quantity_mismatch > 0)
    rx_import_warn_once (ctx, "total-quantity", "%" G_GUINT64_FORMAT " rows where TOTAL_QUANTITY "
                         "is not ITEMS × QUANTITY; both stored as published", rx.quantity_mismatch);
  if (ok && ctx->result->rows_rejected * 1000 <= ctx->result->rows_read)
    ok = store_month (&rx, &local);
  prescribing_clear (&rx);
  if (!ok && local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return ok;
}

// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <utime.h>

#include "rx-import.h"
#include "rx-store.h"
#include "rx-test.h"

/* Every fixture of tests/fixtures imported into a fresh database, with the
 * counts and stored values worked out by hand from the files (see the
 * comments above each test) and read back with SQL. */

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

typedef struct
{
  char *dir;
  char *path;
  RxDb *db;
} TestDb;

static TestDb *
test_db_new (void)
{
  TestDb *t = g_new0 (TestDb, 1);
  g_autoptr(GError) error = NULL;

  t->dir = rx_test_temp_dir ();
  t->path = g_build_filename (t->dir, "rx.db", NULL);
  t->db = rx_db_open (t->path, RX_DB_OPEN_CREATE, &error);
  ck_assert_msg (t->db != NULL, "%s", error ? error->message : "");
  return t;
}

static void
test_db_free (TestDb *t)
{
  rx_db_close (t->db);
  g_free (t->path);
  g_free (t->dir);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestDb, test_db_free)

static RxImportResult *
import_path (TestDb       *t,
             const char   *path,
             RxKind        kind,
             gboolean      force,
             GCancellable *cancellable,
             GError      **error)
{
  RxImportOptions options;

  rx_import_options_init (&options);
  options.kind = kind;
  options.force = force;
  options.compute = FALSE;      /* measures are not this suite's business */
  return rx_import_file (t->db, path, &options, cancellable, error);
}

/* Imports a fixture that must be accepted, and checks its counts. */
static RxImportResult *
import_ok (TestDb     *t,
           const char *name,
           guint64     read,
           guint64     stored,
           guint64     rejected)
{
  g_autofree char *path = rx_test_fixture (name);
  g_autoptr(GError) error = NULL;
  RxImportResult *result = import_path (t, path, RX_KIND_UNKNOWN, FALSE, NULL, &error);

  ck_assert_msg (result != NULL, "%s: %s", name, error ? error->message : "");
  ck_assert_msg (result->rows_read == read && result->rows_stored == stored &&
                 result->rows_rejected == rejected,
                 "%s: %" G_GUINT64_FORMAT " read, %" G_GUINT64_FORMAT " stored, %"
                 G_GUINT64_FORMAT " rejected; expected %" G_GUINT64_FORMAT ", %"
                 G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT, name, result->rows_read,
                 result->rows_stored, result->rows_rejected, read, stored, rejected);
  ck_assert (!result->skipped);
  return result;
}

/* Imports a file that must be refused (exit 4): returns the message. */
static char *
import_refused (TestDb     *t,
                const char *path,
                RxKind      kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RxImportResult) result = import_path (t, path, kind, FALSE, NULL, &error);

  ck_assert_msg (result == NULL, "%s was accepted", path);
  ck_assert_msg (g_error_matches (error, RX_IMPORT_ERROR, RX_IMPORT_ERROR_REFUSED),
                 "%s: not a refusal: %s (%s %d)", path, error->message,
                 g_quark_to_string (error->domain), error->code);
  return g_strdup (error->message);
}

static char *
fixture_refused (TestDb     *t,
                 const char *name)
{
  g_autofree char *path = rx_test_fixture (name);

  return import_refused (t, path, RX_KIND_UNKNOWN);
}

#define ASSERT_HAS(haystack, needle)                                          \
  ck_assert_msg (strstr ((haystack), (needle)) != NULL, "'%s' lacks '%s'",    \
                 (haystack), (needle))

/* A statement with text parameters ?1, ?2, … from the NULL-terminated
 * arguments. */
static sqlite3_stmt *
query_v (TestDb     *t,
         const char *sql,
         va_list     args)
{
  sqlite3_stmt *stmt = NULL;
  const char *arg;
  int i = 1;

  ck_assert_msg (sqlite3_prepare_v2 (rx_db_get_handle (t->db), sql, -1, &stmt, NULL) == SQLITE_OK,
                 "%s: %s", sql, sqlite3_errmsg (rx_db_get_handle (t->db)));
  while ((arg = va_arg (args, const char *)) != NULL)
    sqlite3_bind_text (stmt, i++, arg, -1, SQLITE_TRANSIENT);
  return stmt;
}

G_GNUC_NULL_TERMINATED static gint64
q_int (TestDb     *t,
       const char *sql,
       ...)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  va_list args;
  int rc;

  va_start (args, sql);
  stmt = query_v (t, sql, args);
  va_end (args);
  rc = sqlite3_step (stmt);
  ck_assert_msg (rc == SQLITE_ROW, "%s: no row", sql);
  return sqlite3_column_int64 (stmt, 0);
}

/* The text of the first column of the first row, or NULL (no row, or NULL). */
G_GNUC_NULL_TERMINATED static char *
q_text (TestDb     *t,
        const char *sql,
        ...)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  va_list args;

  va_start (args, sql);
  stmt = query_v (t, sql, args);
  va_end (args);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static const char *type_names[] = { "0", "1", "2", "3", "4", "5", "6" };
#define T_PRACTICE type_names[RX_ORG_PRACTICE]
#define T_PCN type_names[RX_ORG_PCN]
#define T_SUB type_names[RX_ORG_SUB_ICB]
#define T_ICB type_names[RX_ORG_ICB]
#define T_REGION type_names[RX_ORG_REGION]

static gint64
org_count (TestDb     *t,
           const char *type,
           const char *code)
{
  return q_int (t, "SELECT count(*) FROM org WHERE type = ?1 AND code = ?2", type, code, NULL);
}

static char *
org_column (TestDb     *t,
            const char *column,
            const char *type,
            const char *code)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM org WHERE type = ?1 AND code = ?2",
                                          column);
  return q_text (t, sql, type, code, NULL);
}

#define ASSERT_ORG(t, column, type, code, want)                               \
  G_STMT_START {                                                              \
    g_autofree char *got_ = org_column (t, column, type, code);               \
    ck_assert_msg (g_strcmp0 (got_, want) == 0, "%s of %s: '%s', expected '%s'", \
                   column, code, got_ ? got_ : "(null)", want ? want : "(null)"); \
  } G_STMT_END

/* The parent's code of the child's link of @parent_type, or NULL. */
static char *
parent_of (TestDb     *t,
           const char *child_type,
           const char *child,
           const char *parent_type)
{
  return q_text (t,
    "SELECT p.code FROM org_link l JOIN org c ON c.id = l.child_id "
    "JOIN org p ON p.id = l.parent_id WHERE c.type = ?1 AND c.code = ?2 AND l.parent_type = ?3",
    child_type, child, parent_type, NULL);
}

#define ASSERT_PARENT(t, ctype, child, ptype, want)                           \
  G_STMT_START {                                                              \
    g_autofree char *got_ = parent_of (t, ctype, child, ptype);               \
    ck_assert_msg (g_strcmp0 (got_, want) == 0, "parent of %s: '%s', expected '%s'", \
                   child, got_ ? got_ : "(null)", want ? want : "(null)");    \
  } G_STMT_END

static char *
bnf_name (TestDb     *t,
          const char *code)
{
  return q_text (t, "SELECT name FROM bnf WHERE code = ?1", code, NULL);
}

#define ASSERT_BNF(t, code, want)                                             \
  G_STMT_START {                                                              \
    g_autofree char *got_ = bnf_name (t, code);                               \
    ck_assert_msg (g_strcmp0 (got_, want) == 0, "name of %s: '%s', expected '%s'", \
                   code, got_ ? got_ : "(null)", want ? want : "(null)");     \
  } G_STMT_END

static gint64
org_id (TestDb     *t,
        const char *type,
        const char *code)
{
  return q_int (t, "SELECT id FROM org WHERE type = ?1 AND code = ?2", type, code, NULL);
}

static gint64
unidentified_id (TestDb *t)
{
  return org_id (t, type_names[RX_ORG_UNIDENTIFIED], "UNIDENTIFIED");
}

/* The decoded facts of one month and presentation; checks n_rows. */
static GArray *
chunk_facts (TestDb     *t,
             int         month,
             const char *code)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  GArray *facts = g_array_new (FALSE, FALSE, sizeof (RxFact));
  sqlite3 *h = rx_db_get_handle (t->db);

  ck_assert (sqlite3_prepare_v2 (h, "SELECT c.n_rows, c.data FROM rx_chunk c JOIN bnf b "
                                    "ON b.id = c.bnf_id WHERE c.month = ? AND b.code = ?",
                                 -1, &stmt, NULL) == SQLITE_OK);
  sqlite3_bind_int (stmt, 1, month);
  sqlite3_bind_text (stmt, 2, code, -1, SQLITE_STATIC);
  ck_assert_msg (sqlite3_step (stmt) == SQLITE_ROW, "no chunk %d %s", month, code);
  ck_assert (rx_store_decode_chunk (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1),
                                    facts, &error));
  ck_assert_int_eq (sqlite3_column_int (stmt, 0), facts->len);
  return facts;
}

/* Fact @i of @facts is (org, qpi, items, quantity, nic, cost). */
static void
assert_fact (GArray *facts,
             guint   i,
             gint64  org,
             gint64  qpi,
             gint64  items,
             gint64  quantity,
             gint64  nic,
             gint64  cost)
{
  const RxFact *f;

  ck_assert_msg (i < facts->len, "fact %u of %u", i, facts->len);
  f = &g_array_index (facts, RxFact, i);
  ck_assert_int_eq (f->org_id, org);
  ck_assert_int_eq (f->qpi, qpi);
  ck_assert_int_eq (f->items, items);
  ck_assert_int_eq (f->quantity, quantity);
  ck_assert_int_eq (f->nic, nic);
  ck_assert_int_eq (f->cost, cost);
}

static gint64
chunk_count (TestDb *t,
             int     month)
{
  g_autofree char *m = g_strdup_printf ("%d", month);

  return q_int (t, "SELECT count(*) FROM rx_chunk WHERE month = ?1", m, NULL);
}

static gboolean
month_held (TestDb     *t,
            int         month,
            const char *kind)
{
  g_autofree char *m = g_strdup_printf ("%d", month);

  return q_int (t, "SELECT count(*) FROM month_held WHERE month = ?1 AND kind = ?2", m, kind,
                NULL) == 1;
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every row of every table as text, sorted: equal dumps, equal content. */
static char *
dump_db (TestDb *t)
{
  sqlite3 *h = rx_db_get_handle (t->db);
  g_autoptr(sqlite3_stmt) tables = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  ck_assert (sqlite3_prepare_v2 (h, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                    "ORDER BY name", -1, &tables, NULL) == SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
      g_autoptr(sqlite3_stmt) rows = NULL;
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

      ck_assert (sqlite3_prepare_v2 (h, sql, -1, &rows, NULL) == SQLITE_OK);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          GString *line = g_string_new (table);

          for (int c = 0; c < sqlite3_column_count (rows); c++)
            {
              const guint8 *blob = sqlite3_column_blob (rows, c);
              int n = sqlite3_column_bytes (rows, c);

              g_string_append_printf (line, "|%d:", sqlite3_column_type (rows, c));
              for (int b = 0; b < n; b++)
                g_string_append_printf (line, "%02x", blob[b]);
            }
          g_ptr_array_add (lines, g_string_free (line, FALSE));
        }
      g_ptr_array_sort (lines, compare_lines);
      for (guint i = 0; i < lines->len; i++)
        g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
write_temp (TestDb     *t,
            const char *name,
            const void *data,
            gssize      len)
{
  char *path = g_build_filename (t->dir, name, NULL);

  ck_assert (g_file_set_contents (path, data, len, NULL));
  return path;
}

static char *
read_fixture (const char *name)
{
  g_autofree char *path = rx_test_fixture (name);
  char *data = NULL;

  ck_assert (g_file_get_contents (path, &data, NULL, NULL));
  return data;
}

/* The v2 ICB header, and a row for practice A8xxxx (@n) of @month. */
#define ICB_HEADER                                                            \
  "YEAR_MONTH,REGIONAL_OFFICE_NAME,REGIONAL_OFFICE_CODE,ICB_NAME,ICB_CODE,PCO_NAME,PCO_CODE,"  \
  "PRACTICE_NAME,PRACTICE_CODE,ADDRESS_1,ADDRESS_2,ADDRESS_3,ADDRESS_4,POSTCODE,"            \
  "BNF_CHEMICAL_SUBSTANCE,CHEMICAL_SUBSTANCE_BNF_DESCR,BNF_CODE,BNF_DESCRIPTION,"            \
  "BNF_CHAPTER_PLUS_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,ADQUSAGE,NIC,ACTUAL_COST,UNIDENTIFIED\n"

static void
append_icb_row (GString *out,
                int      month,
                guint    n,
                guint    items)
{
  static const char * const codes[] = {
    "0206020T0,Verapamil hydrochloride,0206020T0AAAGAG,Verapamil 160mg tablets",
    "0202010B0,Bendroflumethiazide,0202010B0AAABAB,Bendroflumethiazide 2.5mg tablets",
    "0212000B0,Atorvastatin,0212000B0AAAAAA,Atorvastatin 10mg tablets",
  };

  g_string_append_printf (out,
    "%d,NORTH EAST AND YORKSHIRE,Y63,NHS NORTH EAST AND NORTH CUMBRIA INTEGRA,QHM,"
    "NHS NORTH EAST AND NORTH CUMBRIA ICB - 1,16C00,PRACTICE %u,A8%04u,,,,,TS18 1HU,%s,"
    "02: Cardiovascular System,28,%u,%u,0,1.00,0.90000,N\n",
    month, n, n % 10000, codes[n % 3], items, items * 28);
}

/* ------------------------------------------------------------------ */
/* epd, every layout                                                    */

/* Area team (201601): AREA_TEAM_* and the region make nothing; PCO 02H00
 * is sub-ICB 02H, provisional.  Two presentations, three rows. */
START_TEST (test_epd_area_team)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "epd-v2-area-team.csv", 3, 3, 0);
  g_autoptr(GArray) bend = NULL, ator = NULL;
  gint64 chan, pemberton;

  ck_assert_int_eq (r->kind, RX_KIND_EPD);
  ck_assert_uint_eq (r->months->len, 1);
  ck_assert_int_eq (g_array_index (r->months, int, 0), 201601);
  ck_assert (month_held (t, 201601, "epd"));
  ck_assert_int_eq (chunk_count (t, 201601), 2);

  chan = org_id (t, T_PRACTICE, "P92042");
  pemberton = org_id (t, T_PRACTICE, "P92003");
  ck_assert_int_lt (chan, pemberton);
  bend = chunk_facts (t, 201601, "0202010B0AAABAB");
  ck_assert_uint_eq (bend->len, 2);
  /* QUANTITY 14, ITEMS 46, TOTAL_QUANTITY 644, NIC 15.41, cost 14.55976. */
  assert_fact (bend, 0, chan, 14000, 46, 644000, 1541, 1455976);
  assert_fact (bend, 1, pemberton, 28000, 3, 84000, 201, 190012);
  ator = chunk_facts (t, 201601, "0212000B0AAAAAA");
  ck_assert_uint_eq (ator->len, 1);
  assert_fact (ator, 0, chan, 28000, 10, 280000, 1230, 1161234);

  /* Per organisation totals. */
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, chan);
    ck_assert_int_eq (q_int (t, "SELECT items FROM rx_month_org WHERE month = 201601 AND "
                                "org_id = ?1", id, NULL), 56);
    ck_assert_int_eq (q_int (t, "SELECT nic FROM rx_month_org WHERE month = 201601 AND "
                                "org_id = ?1", id, NULL), 2771);
    ck_assert_int_eq (q_int (t, "SELECT cost FROM rx_month_org WHERE month = 201601 AND "
                                "org_id = ?1", id, NULL), 2617210);
  }

  ASSERT_ORG (t, "name", T_PRACTICE, "P92042", "DR CHAN");
  ASSERT_ORG (t, "provisional", T_PRACTICE, "P92042", "1");
  ASSERT_ORG (t, "name_rank", T_PRACTICE, "P92042", "1");
  ASSERT_ORG (t, "name_date", T_PRACTICE, "P92042", "20160101");
  ASSERT_ORG (t, "address", T_PRACTICE, "P92042", NULL);
  ASSERT_ORG (t, "name", T_SUB, "02H", "WIGAN BOROUGH CCG");
  ASSERT_ORG (t, "provisional", T_SUB, "02H", "1");
  ASSERT_PARENT (t, T_PRACTICE, "P92042", T_SUB, "02H");
  ASSERT_PARENT (t, T_PRACTICE, "P92003", T_SUB, "02H");
  ck_assert_int_eq (org_count (t, T_SUB, "02H00"), 0);
  /* Area teams are not ICBs; no region without an ICB. */
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM org WHERE type IN (3, 4)", NULL), 0);
  ck_assert_int_eq (org_count (t, T_ICB, "Q46"), 0);

  ASSERT_BNF (t, "0202010B0AAABAB", "Bendroflumethiazide_Tab 2.5mg");
  ASSERT_BNF (t, "0202010B0", "Bendroflumethiazide");
  ASSERT_BNF (t, "0212000B0", "Atorvastatin");
  ASSERT_BNF (t, "02", "Cardiovascular System");

  /* The import log. */
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM import_log", NULL), 1);
  {
    g_autofree char *row = q_text (t, "SELECT file_name || ',' || kind || ',' || months || ',' || "
                                      "rows_read || ',' || rows_stored || ',' || rows_rejected || "
                                      "',' || length (sha256) || ',' || file_size FROM import_log",
                                   NULL);
    ck_assert_str_eq (row, "epd-v2-area-team.csv,epd,2016-01,3,3,0,64,1067");
  }
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM month_held h JOIN import_log l "
                              "ON l.id = h.import_id WHERE h.month = 201601", NULL), 1);
}
END_TEST

/* STP (202110): STP_* is the ICB; sub-ICB 16C from PCO 16C00, ICB QHM,
 * region Y63, all provisional, with the rows' names and addresses. */
START_TEST (test_epd_stp)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "epd-v2-stp.csv", 3, 3, 0);
  g_autoptr(GArray) pit = NULL, ator = NULL;
  gint64 a1, a2;

  ck_assert_int_eq (g_array_index (r->months, int, 0), 202110);
  a1 = org_id (t, T_PRACTICE, "A81001");
  a2 = org_id (t, T_PRACTICE, "A81002");
  pit = chunk_facts (t, 202110, "0404000W0AAABAB");
  assert_fact (pit, 0, a1, 30000, 1, 30000, 31000, 28802913);
  assert_fact (pit, 1, a2, 30000, 2, 60000, 62000, 57605826);
  ator = chunk_facts (t, 202110, "0212000B0AAAAAA");
  assert_fact (ator, 0, a1, 28000, 5, 140000, 450, 423456);

  ASSERT_ORG (t, "name", T_PRACTICE, "A81002", "QUEENS PARK MED CTR");
  ASSERT_ORG (t, "address", T_PRACTICE, "A81001",
              "THE HEALTH CENTRE, LAWSON STREET, STOCKTON ON TEES, CLEVELAND");
  ASSERT_ORG (t, "postcode", T_PRACTICE, "A81001", "TS18 1HU");
  ASSERT_ORG (t, "address", T_PRACTICE, "A81002", "FARRER STREET, STOCKTON ON TEES");
  ASSERT_PARENT (t, T_PRACTICE, "A81001", T_SUB, "16C");
  ASSERT_PARENT (t, T_SUB, "16C", T_ICB, "QHM");
  ASSERT_PARENT (t, T_ICB, "QHM", T_REGION, "Y63");
  ASSERT_ORG (t, "name", T_SUB, "16C", "NHS TEES VALLEY CCG");
  ASSERT_ORG (t, "name", T_ICB, "QHM", "CUMBRIA & NORTH EAST STP");
  ASSERT_ORG (t, "provisional", T_ICB, "QHM", "1");
  ASSERT_ORG (t, "name", T_REGION, "Y63", "NORTH EAST AND YORKSHIRE");
  ASSERT_BNF (t, "0404000W0AAABAB", "Pitolisant 4.5mg tablets");
  ASSERT_BNF (t, "0404000W0", "Pitolisant hydrochloride");
  ASSERT_BNF (t, "04", "Central Nervous System");
  /* No practice is linked to a PCN by prescribing. */
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM org_link WHERE parent_type = 1", NULL), 0);
}
END_TEST

/* ICB (202212), with the unidentified row of data-formats.md: its fact
 * goes to the pseudo-organisation, and geography "-" makes nothing. */
START_TEST (test_epd_icb)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "epd-v2-icb.csv", 3, 3, 0);
  g_autoptr(GArray) soft = NULL, vera = NULL;

  soft = chunk_facts (t, 202212, "20030100373");
  ck_assert_uint_eq (soft->len, 2);
  assert_fact (soft, 0, unidentified_id (t), 10000, 3, 30000, 420, 393214);
  assert_fact (soft, 1, org_id (t, T_PRACTICE, "A81002"), 10000, 1, 10000, 140, 131071);
  vera = chunk_facts (t, 202212, "0206020T0AAAGAG");
  assert_fact (vera, 0, org_id (t, T_PRACTICE, "A81001"), 56000, 2, 112000, 936, 851204);

  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM org WHERE code = '-'", NULL), 0);
  /* unidentified, A81001, A81002, 16C, QHM, Y63 */
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM org", NULL), 6);
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM org_link l JOIN org o ON o.id = l.child_id "
                              "WHERE o.type = 6", NULL), 0);
  ASSERT_ORG (t, "name", T_ICB, "QHM", "NHS NORTH EAST AND NORTH CUMBRIA INTEGRA");
  ASSERT_ORG (t, "name", T_SUB, "16C", "NHS NORTH EAST AND NORTH CUMBRIA ICB - 1");
  /* Chapters 20–23: the chemical is the 4-character section. */
  ASSERT_BNF (t, "2003", "Wound Management & other Dressings");
  ASSERT_BNF (t, "20", "Dressings");
  ASSERT_BNF (t, "20030100373", "Softpore dressing 10cm x 20cm");
  ASSERT_BNF (t, "0206020T0", "Verapamil hydrochloride");
}
END_TEST

/* SNOMED legacy (202501): the ICB header and SNOMED_CODE; the same
 * practice and presentation split by quantity per item: two facts. */
START_TEST (test_epd_snomed_legacy)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "epd-snomed-legacy.csv", 2, 2, 0);
  g_autoptr(GArray) vera = chunk_facts (t, 202501, "0206020T0AAAGAG");
  gint64 a1 = org_id (t, T_PRACTICE, "A81001");

  ck_assert_uint_eq (vera->len, 2);
  assert_fact (vera, 0, a1, 28000, 4, 112000, 936, 851204);
  assert_fact (vera, 1, a1, 56000, 2, 112000, 936, 851204);
  ck_assert_uint_eq (r->warnings->len, 0);
}
END_TEST

/* SNOMED current (2026-07): columns in another order, an extra column;
 * BNF_CHEMICAL_SUBSTANCE is the name since BNF_CHEMICAL_SUBSTANCE_CODE is
 * there (the 202503 trap). */
START_TEST (test_epd_snomed_current)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "epd-snomed-current.csv", 2, 2, 0);
  g_autoptr(GArray) vera = chunk_facts (t, 202607, "0206020T0AAAGAG");
  g_autoptr(GArray) pit = chunk_facts (t, 202607, "0404000W0AAABAB");
  gint64 a1 = org_id (t, T_PRACTICE, "A81001");

  ck_assert_int_eq (g_array_index (r->months, int, 0), 202607);
  ck_assert (month_held (t, 202607, "epd"));
  assert_fact (vera, 0, a1, 28000, 4, 112000, 936, 851204);
  assert_fact (pit, 0, a1, 30000, 1, 30000, 31000, 28802913);
  ASSERT_BNF (t, "0206020T0", "Verapamil hydrochloride");
  ASSERT_BNF (t, "0404000W0", "Pitolisant hydrochloride");
  ASSERT_BNF (t, "0206020T0AAAGAG", "Verapamil 160mg tablets");
  ASSERT_ORG (t, "name", T_PRACTICE, "A81001", "THE DENSHAM SURGERY");
  ASSERT_PARENT (t, T_PRACTICE, "A81001", T_SUB, "16C");
  ASSERT_PARENT (t, T_SUB, "16C", T_ICB, "QHM");
  ASSERT_PARENT (t, T_ICB, "QHM", T_REGION, "Y63");
  ck_assert_uint_eq (r->warnings->len, 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* pdpi                                                                 */

/* 201410: padded, trailing empty field.  QUANTITY is the row's total; the
 * quantity per item its average, rounded: 12/1, 84/3 = 28, 10/3 = 3.333
 * (items × qpi = 9.999, the stored quantity still 10).  PCT RXA is a
 * sub-ICB from 201304; SHA makes nothing. */
START_TEST (test_pdpi_2014)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "pdpi-201410.csv", 3, 3, 0);
  g_autoptr(GArray) hyo = chunk_facts (t, 201410, "0102000N0AAABAB");
  g_autoptr(GArray) bend = chunk_facts (t, 201410, "0202010B0AAABAB");
  gint64 n1 = org_id (t, T_PRACTICE, "N81646"), n2 = org_id (t, T_PRACTICE, "N81047");

  ck_assert_int_eq (r->kind, RX_KIND_PDPI);
  ck_assert (month_held (t, 201410, "pdpi"));
  ck_assert (!month_held (t, 201410, "epd"));
  assert_fact (hyo, 0, n1, 12000, 1, 12000, 64, 70000);
  assert_fact (hyo, 1, n2, 3333, 3, 10000, 192, 181000);
  assert_fact (bend, 0, n1, 28000, 3, 84000, 95, 99000);
  ASSERT_BNF (t, "0102000N0AAABAB", "Hyoscine Butylbrom_Tab 10mg");
  ASSERT_PARENT (t, T_PRACTICE, "N81646", T_SUB, "RXA");
  ck_assert_int_eq (org_count (t, T_ICB, "Q44"), 0);
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM org WHERE code = 'Q44'", NULL), 0);
  ASSERT_ORG (t, "name", T_PRACTICE, "N81646", NULL);
  {
    g_autofree char *months = q_text (t, "SELECT kind || ' ' || months FROM import_log", NULL);
    ck_assert_str_eq (months, "pdpi 2014-10");
  }
}
END_TEST

/* 201212, the older spaced header: PCT 5ND is a primary care trust, no
 * link and no organisation. */
START_TEST (test_pdpi_2012)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "pdpi-201212.csv", 1, 1, 0);
  g_autoptr(GArray) bend = chunk_facts (t, 201212, "0202010B0AAABAB");

  assert_fact (bend, 0, org_id (t, T_PRACTICE, "A81001"), 28000, 5, 140000, 150, 145000);
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM org_link", NULL), 0);
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM org WHERE code = '5ND'", NULL), 0);
  ck_assert (month_held (t, 201212, "pdpi"));
}
END_TEST

/* PDPI replaces an EPD month (trap 21), with a warning; the EPD chunks go. */
START_TEST (test_pdpi_replaces_epd)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(GString) epd = g_string_new (ICB_HEADER);
  g_autofree char *path = NULL;
  g_autoptr(RxImportResult) first = NULL, second = NULL;
  g_autoptr(GError) error = NULL;

  append_icb_row (epd, 201410, 1, 2);
  path = write_temp (t, "epd_201410.csv", epd->str, epd->len);
  first = import_path (t, path, RX_KIND_UNKNOWN, FALSE, NULL, &error);
  ck_assert_ptr_nonnull (first);
  ck_assert (month_held (t, 201410, "epd"));
  ck_assert_int_eq (chunk_count (t, 201410), 1);

  second = import_ok (t, "pdpi-201410.csv", 3, 3, 0);
  ck_assert (month_held (t, 201410, "pdpi"));
  ck_assert (!month_held (t, 201410, "epd"));
  ck_assert_int_eq (chunk_count (t, 201410), 2);
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM rx_chunk c JOIN bnf b ON b.id = c.bnf_id "
                              "WHERE b.code = '0206020T0AAAGAG'", NULL), 0);
  ck_assert_uint_eq (second->warnings->len, 1);
  ASSERT_HAS ((char *) g_ptr_array_index (second->warnings, 0),
              "PDPI replaces the EPD month 2014-10");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Reference kinds                                                      */

START_TEST (test_pdpi_addr)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "pdpi-addr.csv", 2, 2, 0);

  ck_assert_int_eq (r->kind, RX_KIND_PDPI_ADDR);
  ASSERT_ORG (t, "name", T_PRACTICE, "A81001", "THE DENSHAM SURGERY");
  ASSERT_ORG (t, "name_rank", T_PRACTICE, "A81001", "3");
  ASSERT_ORG (t, "name_date", T_PRACTICE, "A81001", "20140301");
  ASSERT_ORG (t, "address", T_PRACTICE, "A81001",
              "THE HEALTH CENTRE, LAWSON STREET, STOCKTON, CLEVELAND");
  ASSERT_ORG (t, "postcode", T_PRACTICE, "A81001", "TS18 1HU");
  ASSERT_ORG (t, "address", T_PRACTICE, "A81002", "FARRER STREET, STOCKTON ON TEES");
  ASSERT_ORG (t, "postcode", T_PRACTICE, "A81002", "TS18 2AW");
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM org_link", NULL), 0);
  ck_assert_uint_eq (r->months->len, 0);
}
END_TEST

/* CHEM: header of 4 fields, rows of 3, the month right-aligned in the
 * header is the names' version; chapter 20–23 codes have 4 characters. */
START_TEST (test_pdpi_chem)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "pdpi-chem.csv", 3, 3, 0);

  ck_assert_int_eq (r->kind, RX_KIND_PDPI_CHEM);
  ASSERT_BNF (t, "0101010A0", "Alexitol Sodium");
  ASSERT_BNF (t, "0202010B0", "Bendroflumethiazide");
  ASSERT_BNF (t, "2396", "Urostomy Bags");
  ck_assert_int_eq (q_int (t, "SELECT name_date FROM bnf WHERE code = '2396'", NULL), 201304);
}
END_TEST

/* The CCG-era map (January 2022): practice → PCN, CCG → STP → region,
 * every organisation confirmed (not provisional), the practice listed. */
START_TEST (test_org_map_2022)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "org-map-2022.csv", 2, 2, 0);

  ck_assert_int_eq (r->kind, RX_KIND_ORG_MAP);
  ASSERT_ORG (t, "name", T_PRACTICE, "A81001", "THE DENSHAM SURGERY");
  ASSERT_ORG (t, "name_rank", T_PRACTICE, "A81001", "5");
  ASSERT_ORG (t, "name_date", T_PRACTICE, "A81001", "20220101");
  ASSERT_ORG (t, "postcode", T_PRACTICE, "A81002", "TS18 2AW");
  ASSERT_ORG (t, "listed_gp", T_PRACTICE, "A81001", "1");
  ASSERT_ORG (t, "provisional", T_PRACTICE, "A81001", "0");
  ASSERT_PARENT (t, T_PRACTICE, "A81001", T_PCN, "U89141");
  ASSERT_PARENT (t, T_PRACTICE, "A81002", T_PCN, "U89141");
  ASSERT_PARENT (t, T_PRACTICE, "A81001", T_SUB, "16C");
  ASSERT_PARENT (t, T_SUB, "16C", T_ICB, "QHM");
  ASSERT_PARENT (t, T_ICB, "QHM", T_REGION, "Y63");
  ASSERT_ORG (t, "name", T_PCN, "U89141", "STOCKTON PCN");
  ASSERT_ORG (t, "name", T_SUB, "16C", "NHS Tees Valley CCG");
  ASSERT_ORG (t, "name", T_ICB, "QHM", "Cumbria and North East");
  ASSERT_ORG (t, "name", T_REGION, "Y63", "North East and Yorkshire");
  ASSERT_ORG (t, "provisional", T_ICB, "QHM", "0");
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM org_link WHERE rank = 5 AND date = 20220101",
                           NULL), 6);
}
END_TEST

START_TEST (test_org_map_2026)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "org-map-2026.csv", 1, 1, 0);

  ASSERT_PARENT (t, T_PRACTICE, "A81001", T_PCN, "U89999");
  ASSERT_PARENT (t, T_PRACTICE, "A81001", T_SUB, "16C");
  ASSERT_ORG (t, "name", T_SUB, "16C", "NHS North East and North Cumbria ICB - 16C");
  ASSERT_ORG (t, "name", T_ICB, "QHM", "NHS North East and North Cumbria Integrated Care Board");
  ASSERT_ORG (t, "name_date", T_ICB, "QHM", "20260401");
  ASSERT_PARENT (t, T_ICB, "QHM", T_REGION, "Y63");
}
END_TEST

/* 2018: the first variant has no PCN; the second has no date (the file
 * name's "-jan-18" dates it), no PCN, no STP code, and REGON_NAME. */
START_TEST (test_org_map_2018)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) a = import_ok (t, "org-map-2018a.csv", 1, 1, 0);
  g_autoptr(TestDb) u = test_db_new ();
  g_autoptr(RxImportResult) b = import_ok (u, "org-map-2018b-jan-18.csv", 2, 2, 0);

  ASSERT_PARENT (t, T_PRACTICE, "A81001", T_SUB, "00K");
  ASSERT_PARENT (t, T_SUB, "00K", T_ICB, "QHM");
  ASSERT_PARENT (t, T_ICB, "QHM", T_REGION, "Y54");
  ASSERT_ORG (t, "name", T_REGION, "Y54", "North of England");
  ASSERT_ORG (t, "name_date", T_PRACTICE, "A81001", "20180401");
  ASSERT_PARENT (t, T_PRACTICE, "A81001", T_PCN, NULL);

  ASSERT_PARENT (u, T_PRACTICE, "A81001", T_SUB, "00K");
  ASSERT_PARENT (u, T_PRACTICE, "A81004", T_SUB, "00K");
  ASSERT_ORG (u, "name", T_PRACTICE, "A81004", "ALMA STREET SURGERY");
  ASSERT_ORG (u, "name_date", T_PRACTICE, "A81004", "20180101");
  ASSERT_ORG (u, "name", T_SUB, "00K", "NHS HARTLEPOOL AND STOCKTON-ON-TEES CCG");
  ck_assert_int_eq (q_int (u, "SELECT count(*) FROM org WHERE type IN (1, 3, 4)", NULL), 0);
  ck_assert_uint_eq (b->warnings->len, 0);
}
END_TEST

/* Newest wins within a source: 2022 then 2026 moves A81001 to U89999;
 * an older map imported afterwards (2018) changes nothing it had. */
START_TEST (test_org_map_older_later)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) a = import_ok (t, "org-map-2022.csv", 2, 2, 0);
  g_autoptr(RxImportResult) b = import_ok (t, "org-map-2026.csv", 1, 1, 0);
  g_autoptr(RxImportResult) c = NULL;

  ASSERT_PARENT (t, T_PRACTICE, "A81001", T_PCN, "U89999");
  ASSERT_PARENT (t, T_PRACTICE, "A81002", T_PCN, "U89141");
  c = import_ok (t, "org-map-2018a.csv", 1, 1, 0);
  ASSERT_PARENT (t, T_PRACTICE, "A81001", T_PCN, "U89999");
  ASSERT_PARENT (t, T_PRACTICE, "A81001", T_SUB, "16C");
  ASSERT_PARENT (t, T_ICB, "QHM", T_REGION, "Y63");
  ASSERT_ORG (t, "name", T_PRACTICE, "A81001", "THE DENSHAM SURGERY");
  ASSERT_ORG (t, "name", T_ICB, "QHM", "NHS North East and North Cumbria Integrated Care Board");
  /* What only the old map knows is still learnt. */
  ASSERT_ORG (t, "name", T_SUB, "00K", "NHS Hartlepool and Stockton-on-Tees CCG");
}
END_TEST

/* epraccur: 5 records, the Welsh one skipped (read, not stored, not
 * rejected); the closed practice keeps its dates; Y00135 (setting 1) links
 * by field 15 because field 24 is a trust. */
START_TEST (test_epraccur)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "epraccur.csv", 5, 4, 0);

  ck_assert_int_eq (r->kind, RX_KIND_EPRACCUR);
  ck_assert_int_eq (org_count (t, T_PRACTICE, "W00001"), 0);
  ck_assert_int_eq (org_count (t, T_SUB, "7A1"), 0);
  ASSERT_ORG (t, "name", T_PRACTICE, "A81001", "THE DENSHAM SURGERY");
  ASSERT_ORG (t, "name_rank", T_PRACTICE, "A81001", "6");
  ASSERT_ORG (t, "address", T_PRACTICE, "A81001",
              "THE HEALTH CENTRE, LAWSON STREET, STOCKTON ON TEES, CLEVELAND");
  ASSERT_ORG (t, "postcode", T_PRACTICE, "A81001", "TS18 1HU");
  ASSERT_ORG (t, "setting", T_PRACTICE, "A81001", "4");
  ASSERT_ORG (t, "status", T_PRACTICE, "A81001", "A");
  ASSERT_ORG (t, "open_date", T_PRACTICE, "A81001", "1974-04-01");
  ASSERT_ORG (t, "close_date", T_PRACTICE, "A81001", NULL);
  ASSERT_ORG (t, "provisional", T_PRACTICE, "A81001", "0");
  ASSERT_ORG (t, "status", T_PRACTICE, "A81003", "C");
  ASSERT_ORG (t, "close_date", T_PRACTICE, "A81003", "2016-12-31");
  ASSERT_ORG (t, "setting", T_PRACTICE, "Y00135", "1");
  ASSERT_ORG (t, "address", T_PRACTICE, "A81002", "FARRER STREET, STOCKTON ON TEES");
  ASSERT_PARENT (t, T_PRACTICE, "A81001", T_SUB, "16C");
  ASSERT_PARENT (t, T_PRACTICE, "A81003", T_SUB, "00K");
  ASSERT_PARENT (t, T_PRACTICE, "Y00135", T_SUB, "16C");
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM org WHERE code = 'RVW'", NULL), 0);
  ck_assert_int_eq (q_int (t, "SELECT min(rank) FROM org_link", NULL), 4);
}
END_TEST

/* From a ZIP, the snapshot date is the member's time (15 March 2024). */
START_TEST (test_epraccur_zip)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "epraccur.zip", 5, 4, 0);

  ASSERT_ORG (t, "name_date", T_PRACTICE, "A81001", "20240315");
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM org_link WHERE date = 20240315", NULL), 4);
  {
    g_autofree char *name = q_text (t, "SELECT file_name FROM import_log", NULL);
    ck_assert_str_eq (name, "epraccur.zip");
  }
}
END_TEST

/* Source ranks (§7): epraccur's name beats the prescribing rows' name in
 * either order; the org map's link beats epraccur's in either order. */
START_TEST (test_ranks)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(TestDb) u = test_db_new ();
  g_autoptr(RxImportResult) a = import_ok (t, "epd-v2-stp.csv", 3, 3, 0);
  g_autoptr(RxImportResult) b = NULL, c = NULL, d = NULL, e = NULL, f = NULL;

  ASSERT_ORG (t, "name", T_PRACTICE, "A81002", "QUEENS PARK MED CTR");
  b = import_ok (t, "epraccur.zip", 5, 4, 0);
  ASSERT_ORG (t, "name", T_PRACTICE, "A81002", "QUEENS PARK MEDICAL CENTRE");
  ASSERT_ORG (t, "provisional", T_PRACTICE, "A81002", "0");
  /* A newer prescribing month does not take the name back. */
  {
    g_autofree char *text = read_fixture ("epd-v2-stp.csv");
    g_autofree char *later = NULL;
    g_autofree char *path = NULL;
    g_auto(GStrv) lines = g_strsplit (text, "202110,", -1);
    g_autoptr(RxImportResult) g = NULL;
    g_autoptr(GError) error = NULL;

    later = g_strjoinv ("202612,", lines);
    path = write_temp (t, "epd_202612.csv", later, -1);
    g = import_path (t, path, RX_KIND_UNKNOWN, FALSE, NULL, &error);
    ck_assert_msg (g != NULL, "%s", error ? error->message : "");
    ASSERT_ORG (t, "name", T_PRACTICE, "A81002", "QUEENS PARK MEDICAL CENTRE");
  }

  /* epraccur links A81001 to 16C; the 2018 map (older, but the stronger
   * source for links) moves it to 00K; epraccur again does not undo it. */
  ASSERT_PARENT (t, T_PRACTICE, "A81001", T_SUB, "16C");
  c = import_ok (t, "org-map-2018a.csv", 1, 1, 0);
  ASSERT_PARENT (t, T_PRACTICE, "A81001", T_SUB, "00K");
  {
    g_autofree char *path = rx_test_fixture ("epraccur.zip");
    g_autoptr(GError) error = NULL;
    d = import_path (t, path, RX_KIND_UNKNOWN, TRUE, NULL, &error);
    ck_assert_ptr_nonnull (d);
  }
  ASSERT_PARENT (t, T_PRACTICE, "A81001", T_SUB, "00K");
  /* The map's name for A81001 loses to epraccur's. */
  ASSERT_ORG (t, "name", T_PRACTICE, "A81001", "THE DENSHAM SURGERY");

  /* The other order: map first. */
  e = import_ok (u, "org-map-2018a.csv", 1, 1, 0);
  f = import_ok (u, "epraccur.csv", 5, 4, 0);
  ASSERT_PARENT (u, T_PRACTICE, "A81001", T_SUB, "00K");
  ASSERT_ORG (u, "name", T_PRACTICE, "A81001", "THE DENSHAM SURGERY");
  /* A practice only epraccur knows is linked by it. */
  ASSERT_PARENT (u, T_PRACTICE, "A81002", T_SUB, "16C");
}
END_TEST

/* ADDR names and addresses rank below epraccur and above prescribing. */
START_TEST (test_addr_ranks)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) a = import_ok (t, "epd-v2-stp.csv", 3, 3, 0);
  g_autoptr(RxImportResult) b = import_ok (t, "pdpi-addr.csv", 2, 2, 0);
  g_autoptr(RxImportResult) c = NULL;

  ASSERT_ORG (t, "name", T_PRACTICE, "A81002", "QUEENS PARK MEDICAL CENTRE");
  ASSERT_ORG (t, "address", T_PRACTICE, "A81001",
              "THE HEALTH CENTRE, LAWSON STREET, STOCKTON, CLEVELAND");
  c = import_ok (t, "epraccur.csv", 5, 4, 0);
  ASSERT_ORG (t, "address", T_PRACTICE, "A81001",
              "THE HEALTH CENTRE, LAWSON STREET, STOCKTON ON TEES, CLEVELAND");
}
END_TEST

/* Quinary (September 2017): B85010 has an ALL/ALL total; A81001 only bands,
 * so its total is their sum; the CCG row is kept out. */
START_TEST (test_list_size_quinary)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "list-size-quinary.csv", 9, 8, 0);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *h = rx_db_get_handle (t->db);
  gint32 bands[40];

  ck_assert_int_eq (r->kind, RX_KIND_LIST_SIZE_QUINARY);
  ck_assert (month_held (t, 201709, "list-size-quinary"));
  ck_assert_int_eq (g_array_index (r->months, int, 0), 201709);
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM list_size", NULL), 2);
  ck_assert_int_eq (q_int (t, "SELECT total FROM list_size l JOIN org o ON o.id = l.org_id "
                              "WHERE o.code = 'B85010' AND month = 201709 AND form = 2", NULL),
                    1000);
  ck_assert_int_eq (q_int (t, "SELECT total FROM list_size l JOIN org o ON o.id = l.org_id "
                              "WHERE o.code = 'A81001'", NULL), 270);
  ck_assert_int_eq (org_count (t, T_PRACTICE, "03A"), 0);
  ck_assert_int_eq (org_count (t, T_SUB, "03A"), 0);
  ASSERT_ORG (t, "listed_gp", T_PRACTICE, "B85010", "1");

  ck_assert (sqlite3_prepare_v2 (h, "SELECT bands FROM list_size l JOIN org o ON o.id = l.org_id "
                                    "WHERE o.code = ?", -1, &stmt, NULL) == SQLITE_OK);
  sqlite3_bind_text (stmt, 1, "B85010", -1, SQLITE_STATIC);
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  ck_assert_int_eq (sqlite3_column_bytes (stmt, 0), sizeof bands);
  memcpy (bands, sqlite3_column_blob (stmt, 0), sizeof bands);
  for (int i = 0; i < 40; i++)
    {
      gint32 v = GINT32_FROM_LE (bands[i]);
      gint32 want = i == 0 ? 220 : i == 18 ? 11 : i == 20 ? 212 : i == 39 ? 7 : 0;
      ck_assert_msg (v == want, "band %d: %d, expected %d", i, v, want);
    }
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, "A81001", -1, SQLITE_STATIC);
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  memcpy (bands, sqlite3_column_blob (stmt, 0), sizeof bands);
  ck_assert_int_eq (GINT32_FROM_LE (bands[0]), 90);
  ck_assert_int_eq (GINT32_FROM_LE (bands[1]), 80);
  ck_assert_int_eq (GINT32_FROM_LE (bands[20]), 100);
}
END_TEST

/* All ages, CCG era (January 2021) and sub-ICB era (April 2026): SEX and
 * AGE ALL only; the sub-ICB column links the practice. */
START_TEST (test_list_size_all)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) a = import_ok (t, "list-size-all-ccg.csv", 4, 2, 0);
  g_autoptr(RxImportResult) b = import_ok (t, "list-size-all-subicb.csv", 2, 2, 0);

  ck_assert_int_eq (a->kind, RX_KIND_LIST_SIZE_ALL);
  ck_assert (month_held (t, 202101, "list-size-all"));
  ck_assert (month_held (t, 202604, "list-size-all"));
  ck_assert_int_eq (q_int (t, "SELECT total FROM list_size l JOIN org o ON o.id = l.org_id "
                              "WHERE o.code = 'A84002' AND month = 202101 AND form = 1", NULL),
                    5903);
  ck_assert_int_eq (q_int (t, "SELECT total FROM list_size l JOIN org o ON o.id = l.org_id "
                              "WHERE o.code = 'A81001' AND month = 202101", NULL), 3701);
  ck_assert_int_eq (q_int (t, "SELECT total FROM list_size l JOIN org o ON o.id = l.org_id "
                              "WHERE o.code = 'A81001' AND month = 202604", NULL), 3747);
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM list_size WHERE bands IS NOT NULL", NULL), 0);
  ASSERT_PARENT (t, T_PRACTICE, "A84002", T_SUB, "00L");
  ASSERT_PARENT (t, T_PRACTICE, "A81002", T_SUB, "16C");
  ck_assert_int_eq (q_int (t, "SELECT rank FROM org_link l JOIN org o ON o.id = l.child_id "
                              "WHERE o.code = 'A81001'", NULL), 2);
  ck_assert_int_eq (q_int (t, "SELECT date FROM org_link l JOIN org o ON o.id = l.child_id "
                              "WHERE o.code = 'A81001'", NULL), 20260401);
  ck_assert_int_eq (org_count (t, T_PRACTICE, "16C"), 0);
}
END_TEST

/* A month held for a form is replaced: a second all-ages file of April
 * 2026 with only A81001 leaves only A81001. */
START_TEST (test_list_size_replace)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) a = import_ok (t, "list-size-all-subicb.csv", 2, 2, 0);
  g_autoptr(RxImportResult) b = NULL;
  g_autofree char *path = write_temp (t, "gp-reg-pat-prac-all.csv",
    "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE,"
    "SEX,AGE,NUMBER_OF_PATIENTS\n"
    "GP_PRAC_PAT_LIST,2026-04-01,GP,16C,E38000247,A81001,TS18 1HU,ALL,ALL,3800\n", -1);
  g_autoptr(GError) error = NULL;

  b = import_path (t, path, RX_KIND_LIST_SIZE, FALSE, NULL, &error);
  ck_assert_msg (b != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM list_size WHERE month = 202604", NULL), 1);
  ck_assert_int_eq (q_int (t, "SELECT total FROM list_size WHERE month = 202604", NULL), 3800);
}
END_TEST

/* Legacy BNF codes (dated by the file name, May 2024): "@gn" and padding
 * stripped, DUMMY levels ignored, the blank row skipped uncounted, and the
 * 11-character presentation named although its product is a DUMMY with the
 * same code. */
START_TEST (test_bnf_codes_legacy)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "bnf-codes-legacy-20240502.csv", 3, 3, 0);

  ck_assert_int_eq (r->kind, RX_KIND_BNF_CODES);
  ASSERT_BNF (t, "01", "Gastro-Intestinal System");
  ASSERT_BNF (t, "0101", "Dyspepsia and gastro-oesophageal reflux disease");
  ASSERT_BNF (t, "010101", "Antacids and simeticone");
  ASSERT_BNF (t, "0101010A0", "Alexitol sodium");
  ASSERT_BNF (t, "0101010A0AAAAAA", "Alexitol Sod_Tab 360mg");
  ASSERT_BNF (t, "0212000B0AAAAAA", "Atorvastatin_Tab 10mg");
  ASSERT_BNF (t, "2003", "Wound Management & other Dressings");
  ASSERT_BNF (t, "20031000015", "CarboFlex 10cm x 10cm S7660 Wound Dress");
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM bnf WHERE name LIKE 'DUMMY%'", NULL), 0);
  ck_assert_int_eq (q_int (t, "SELECT name_date FROM bnf WHERE code = '01'", NULL), 202405);
}
END_TEST

/* The newest names win whatever the order of import; prescribing rows
 * name only what no code file named. */
START_TEST (test_bnf_codes_versions)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(TestDb) u = test_db_new ();
  g_autoptr(RxImportResult) a = import_ok (t, "bnf-codes-legacy-20240502.csv", 3, 3, 0);
  g_autoptr(RxImportResult) b = import_ok (t, "bnf-codes-current-202503.csv", 2, 2, 0);
  g_autoptr(RxImportResult) c = import_ok (u, "bnf-codes-current-202503.csv", 2, 2, 0);
  g_autoptr(RxImportResult) d = import_ok (u, "bnf-codes-legacy-20240502.csv", 3, 3, 0);
  g_autoptr(RxImportResult) e = NULL;
  g_autoptr(TestDb) v = test_db_new ();
  g_autoptr(RxImportResult) f = NULL, g = NULL;

  ASSERT_BNF (t, "0101010A0AAAAAA", "Alexitol sodium 360mg tablets");
  ASSERT_BNF (t, "01", "Gastro-intestinal system");
  ASSERT_BNF (t, "20020100101", "Arm sling web adjustable");
  ASSERT_BNF (t, "2002", "Arm Sling/Bandages");
  ASSERT_BNF (u, "0101010A0AAAAAA", "Alexitol sodium 360mg tablets");
  ASSERT_BNF (u, "01", "Gastro-intestinal system");
  /* Only the legacy file has it. */
  ASSERT_BNF (u, "0212000B0AAAAAA", "Atorvastatin_Tab 10mg");

  /* A prescribing file after the code file does not rename. */
  e = import_ok (u, "epd-v2-stp.csv", 3, 3, 0);
  ASSERT_BNF (u, "0212000B0AAAAAA", "Atorvastatin_Tab 10mg");
  ASSERT_BNF (u, "0404000W0AAABAB", "Pitolisant 4.5mg tablets");
  /* A code file after a prescribing file does. */
  f = import_ok (v, "epd-v2-stp.csv", 3, 3, 0);
  ASSERT_BNF (v, "0212000B0AAAAAA", "Atorvastatin 10mg tablets");
  g = import_ok (v, "bnf-codes-legacy-20240502.csv", 3, 3, 0);
  ASSERT_BNF (v, "0212000B0AAAAAA", "Atorvastatin_Tab 10mg");
  ASSERT_BNF (v, "0212000B0", "Atorvastatin");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Traps (data-formats.md §8)                                           */

/* 4: the BOM is not part of YEAR_MONTH. */
START_TEST (test_trap_bom)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "trap-bom.csv", 1, 1, 0);
  g_autoptr(GArray) vera = chunk_facts (t, 202301, "0206020T0AAAGAG");

  assert_fact (vera, 0, org_id (t, T_PRACTICE, "A81001"), 56000, 2, 112000, 936, 851204);
}
END_TEST

/* 6: CRLF and LF in one file; no CR is left in a value. */
START_TEST (test_trap_crlf)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "trap-crlf.csv", 3, 3, 0);
  g_autoptr(GArray) vera = chunk_facts (t, 202302, "0206020T0AAAGAG");
  g_autoptr(GArray) bend = chunk_facts (t, 202302, "0202010B0AAABAB");
  gint64 a2 = org_id (t, T_PRACTICE, "A81002");

  assert_fact (vera, 1, a2, 56000, 1, 56000, 468, 425602);
  assert_fact (bend, 0, a2, 28000, 1, 28000, 25, 23500);
  ASSERT_ORG (t, "postcode", T_PRACTICE, "A81002", "TS18 2AW");
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM org WHERE instr (coalesce (name, '') || "
                              "coalesce (address, '') || coalesce (postcode, ''), char (13)) > 0",
                           NULL), 0);
}
END_TEST

/* 7: the last record, with no newline after it, counts. */
START_TEST (test_trap_no_final_newline)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "trap-no-final-newline.csv", 2, 2, 0);
  g_autoptr(GArray) vera = chunk_facts (t, 202303, "0206020T0AAAGAG");

  assert_fact (vera, 1, org_id (t, T_PRACTICE, "A81002"), 56000, 1, 56000, 468, 425602);
}
END_TEST

/* 5: Latin-1 0xC9 and UTF-8 É both end up as UTF-8 É. */
START_TEST (test_trap_encoding)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) a = import_ok (t, "trap-latin1.csv", 1, 1, 0);
  g_autoptr(RxImportResult) b = import_ok (t, "trap-utf8.csv", 1, 1, 0);

  ASSERT_ORG (t, "name", T_PRACTICE, "A81005", "CLINIQUE \xc3\x89TOILE");
  ASSERT_ORG (t, "address", T_PRACTICE, "A81005", "RUE \xc3\x89MILE ZOLA, STOCKTON");
  ASSERT_ORG (t, "name", T_PRACTICE, "A81006", "CLINIQUE \xc3\x89TOILE");
  ASSERT_ORG (t, "address", T_PRACTICE, "A81006", "RUE \xc3\x89MILE ZOLA, STOCKTON");
}
END_TEST

/* 8: a comma and "" inside quotes; a newline inside quotes becomes a
 * space in the stored name. */
START_TEST (test_trap_quoted)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "trap-quoted.csv", 2, 2, 0);

  ASSERT_ORG (t, "name", T_PRACTICE, "A81007", "FIELD HOUSE SURGERY, BRIDLINGTON");
  ASSERT_ORG (t, "address", T_PRACTICE, "A81007",
              "THE \"OLD\" MILL, LINE ONE LINE TWO, BRIDLINGTON");
  ASSERT_ORG (t, "postcode", T_PRACTICE, "A81007", "YO16 4LZ");
}
END_TEST

/* 10: empty fields past the header are ignored; a short row fails only on
 * a required field (UNIDENTIFIED is not one). */
START_TEST (test_trap_trailing_empty)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "trap-trailing-empty.csv", 3, 3, 0);
  g_autoptr(GArray) bend = chunk_facts (t, 202305, "0202010B0AAABAB");

  assert_fact (bend, 0, org_id (t, T_PRACTICE, "A81002"), 28000, 1, 28000, 25, 23500);
}
END_TEST

/* 12: blank rows of every sort are skipped and not counted. */
START_TEST (test_trap_blank_rows)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "trap-blank-rows.csv", 2, 2, 0);
  g_autoptr(GArray) vera = chunk_facts (t, 202306, "0206020T0AAAGAG");

  ck_assert_uint_eq (vera->len, 2);
}
END_TEST

/* 13: ITEMS "2.0" is 2, "0000003" is 3. */
START_TEST (test_trap_items)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "trap-items.csv", 2, 2, 0);
  g_autoptr(GArray) vera = chunk_facts (t, 202307, "0206020T0AAAGAG");

  assert_fact (vera, 0, org_id (t, T_PRACTICE, "A81001"), 56000, 2, 112000, 936, 851204);
  assert_fact (vera, 1, org_id (t, T_PRACTICE, "A81002"), 28000, 3, 84000, 702, 638403);
}
END_TEST

/* 16: 28 × 2 and 28 × 3 of one practice are summed (28 × 5); 56 × 1 stays
 * apart; the unidentified rows are summed too.  Six rows, four facts. */
START_TEST (test_trap_duplicates)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "trap-duplicates.csv", 6, 6, 0);
  g_autoptr(GArray) bend = chunk_facts (t, 202308, "0202010B0AAABAB");
  g_autoptr(GArray) soft = chunk_facts (t, 202308, "20030100373");
  gint64 a1 = org_id (t, T_PRACTICE, "A81001"), a2 = org_id (t, T_PRACTICE, "A81002");
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, a1);

  ck_assert_uint_eq (bend->len, 3);
  assert_fact (bend, 0, a1, 28000, 5, 140000, 125, 117500);
  assert_fact (bend, 1, a1, 56000, 1, 56000, 50, 47000);
  assert_fact (bend, 2, a2, 28000, 1, 28000, 25, 23500);
  ck_assert_uint_eq (soft->len, 1);
  assert_fact (soft, 0, unidentified_id (t), 10000, 5, 50000, 700, 655357);
  {
    g_autofree char *totals = q_text (t, "SELECT items || '/' || nic || '/' || cost FROM "
                                         "rx_month_org WHERE month = 202308 AND org_id = ?1",
                                      id, NULL);
    ck_assert_str_eq (totals, "6/175/164500");
  }
}
END_TEST

/* §6.2: "-", Q58998, 00L998 and a real code flagged UNIDENTIFIED all go to
 * the pseudo-organisation; none of their codes or geography is learnt. */
START_TEST (test_trap_unidentified)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "trap-unidentified.csv", 5, 5, 0);
  g_autoptr(GArray) soft = chunk_facts (t, 202309, "20030100373");

  ck_assert_uint_eq (soft->len, 2);
  assert_fact (soft, 0, unidentified_id (t), 10000, 10, 100000, 1400, 1310713);
  assert_fact (soft, 1, org_id (t, T_PRACTICE, "A81002"), 10000, 5, 50000, 700, 655357);
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM org WHERE type = 0", NULL), 1);
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM org WHERE code IN ('-', 'Q58998', "
                              "'00L998', '00L', 'A81001')", NULL), 0);
}
END_TEST

/* 17: a rounded SNOMED code is a warning (once), never a rejection. */
START_TEST (test_trap_snomed)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "trap-snomed.csv", 4, 4, 0);

  ck_assert_uint_eq (r->warnings->len, 1);
  ASSERT_HAS ((char *) g_ptr_array_index (r->warnings, 0),
              "trap-snomed.csv: line 3: SNOMED_CODE fails its check digit");
}
END_TEST

/* Every reason a row is rejected, one a line, as "FILE:LINE: reason"; 11 of
 * 12 bad: the file is refused and the database is as it was. */
static const char * const bad_reasons[] = {
  "trap-bad-rows.csv:3: ITEMS is not a whole number",
  "trap-bad-rows.csv:4: leading zero lost (saved by a spreadsheet?)",
  "trap-bad-rows.csv:5: 27 fields, the header has 26",
  "trap-bad-rows.csv:6: month 2023-12 is not the file's month 2023-11",
  "trap-bad-rows.csv:7: practice code 'A8100\xc3\x89' is not an ODS code",
  "trap-bad-rows.csv:8: NIC is not a number",
  "trap-bad-rows.csv:9: NIC is not a number",
  "trap-bad-rows.csv:10: NIC is not a number",
  "trap-bad-rows.csv:11: ITEMS is missing",
  "trap-bad-rows.csv:12: UNIDENTIFIED is not Y or N",
  "trap-bad-rows.csv:13: BNF code '0206020t0aaagag' has a character other than 0-9 A-Z",
};

START_TEST (test_bad_rows_refused)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) a = import_ok (t, "epd-v2-icb.csv", 3, 3, 0);
  g_autofree char *before = dump_db (t);
  g_autofree char *message = fixture_refused (t, "trap-bad-rows.csv");
  g_autofree char *after = dump_db (t);
  g_auto(GStrv) lines = g_strsplit (message, "\n", -1);

  ck_assert_uint_eq (g_strv_length (lines), G_N_ELEMENTS (bad_reasons) + 1);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_reasons); i++)
    ck_assert_str_eq (lines[i], bad_reasons[i]);
  ck_assert_str_eq (lines[G_N_ELEMENTS (bad_reasons)],
                    "trap-bad-rows.csv: 11 of 12 rows rejected (more than 0.1%): the file is "
                    "refused and nothing was stored");
  ck_assert_str_eq (before, after);
  ck_assert (!month_held (t, 202311, "epd"));
}
END_TEST

/* Writes an ICB-layout file of @good rows then the bad ones of
 * trap-bad-rows.csv (lines 3–13 there) from @n_bad on. */
static char *
write_with_bad (TestDb     *t,
                const char *name,
                guint       good,
                guint       n_bad)
{
  g_autofree char *fixture = read_fixture ("trap-bad-rows.csv");
  g_auto(GStrv) lines = g_strsplit (fixture, "\n", -1);
  g_autoptr(GString) text = g_string_new (ICB_HEADER);

  for (guint i = 0; i < good; i++)
    append_icb_row (text, 202311, i, 1 + i % 7);
  for (guint i = 0; i < n_bad; i++)
    g_string_append_printf (text, "%s\n", lines[2 + i]);
  return write_temp (t, name, text->str, text->len);
}

/* Trap 22: over 0.1 % bad refuses the file; at most 0.1 % is accepted with
 * the rejections listed, their lines counted in the real file. */
START_TEST (test_bad_rows_threshold)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autofree char *ok1 = write_with_bad (t, "ok1.csv", 1000, 1);
  g_autofree char *ok2 = write_with_bad (t, "ok2.csv", 999, 1);     /* exactly 0.1 % */
  g_autofree char *bad1 = write_with_bad (t, "bad1.csv", 1000, 2);
  g_autofree char *bad2 = write_with_bad (t, "bad2.csv", 998, 2);
  g_autofree char *many = write_with_bad (t, "many.csv", 20000, 11);
  g_autoptr(RxImportResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *m1 = NULL, *m2 = NULL;

  r = import_path (t, ok1, RX_KIND_UNKNOWN, FALSE, NULL, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (r->rows_read, 1001);
  ck_assert_uint_eq (r->rows_stored, 1000);
  ck_assert_uint_eq (r->rows_rejected, 1);
  ck_assert_uint_eq (r->rejections->len, 1);
  ck_assert_str_eq (g_ptr_array_index (r->rejections, 0),
                    "ok1.csv:1002: ITEMS is not a whole number");
  g_clear_pointer (&r, rx_import_result_free);

  r = import_path (t, ok2, RX_KIND_UNKNOWN, FALSE, NULL, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (r->rows_read, 1000);
  ck_assert_uint_eq (r->rows_rejected, 1);
  g_clear_pointer (&r, rx_import_result_free);

  before = dump_db (t);
  m1 = import_refused (t, bad1, RX_KIND_UNKNOWN);
  ASSERT_HAS (m1, "bad1.csv:1002: ITEMS is not a whole number\n");
  ASSERT_HAS (m1, "bad1.csv:1003: leading zero lost (saved by a spreadsheet?)\n");
  ASSERT_HAS (m1, "bad1.csv: 2 of 1002 rows rejected (more than 0.1%)");
  m2 = import_refused (t, bad2, RX_KIND_UNKNOWN);
  ASSERT_HAS (m2, "bad2.csv: 2 of 1000 rows rejected");
  {
    g_autofree char *after = dump_db (t);
    ck_assert_str_eq (before, after);
  }

  /* All 11 reasons at the end of 20,000 good rows: accepted, each listed. */
  r = import_path (t, many, RX_KIND_UNKNOWN, FALSE, NULL, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (r->rows_rejected, 11);
  ck_assert_uint_eq (r->rows_stored, 20000);
  ck_assert_uint_eq (r->rejections->len, 11);
  for (guint i = 0; i < 11; i++)
    {
      const char *want = strchr (bad_reasons[i], ' ');
      g_autofree char *line = g_strdup_printf ("many.csv:%u:%s", 20002 + i, want);
      ck_assert_str_eq (g_ptr_array_index (r->rejections, i), line);
    }
}
END_TEST

/* At most 20 rejections are kept, all are counted. */
START_TEST (test_rejections_capped)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(GString) text = g_string_new (ICB_HEADER);
  g_autofree char *path = NULL;
  g_autoptr(RxImportResult) r = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 40000; i++)
    append_icb_row (text, 202401, i, 1);
  for (guint i = 0; i < 30; i++)
    g_string_append (text, "202401,x,Y63,x,QHM,x,16C00,x,A81001,,,,,,x,x,0206020T0AAAGAG,x,x,"
                           "28,1,28,0,1.00,zero,N\n");
  path = write_temp (t, "capped.csv", text->str, text->len);
  r = import_path (t, path, RX_KIND_UNKNOWN, FALSE, NULL, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (r->rows_rejected, 30);
  ck_assert_uint_eq (r->rejections->len, RX_IMPORT_MAX_SHOWN);
  ck_assert_str_eq (g_ptr_array_index (r->rejections, 19),
                    "capped.csv:40021: ACTUAL_COST is not a number");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Containers                                                           */

START_TEST (test_gzip)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "epd-v2-icb.csv.gz", 3, 3, 0);
  g_autoptr(GArray) soft = chunk_facts (t, 202212, "20030100373");

  assert_fact (soft, 1, org_id (t, T_PRACTICE, "A81002"), 10000, 1, 10000, 140, 131071);
}
END_TEST

/* Trap 2: ZIP64 end records, extra fields and a 64-bit data descriptor. */
START_TEST (test_zip64)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "epd-zip64.zip", 2, 2, 0);
  g_autoptr(GArray) vera = chunk_facts (t, 202607, "0206020T0AAAGAG");

  assert_fact (vera, 0, org_id (t, T_PRACTICE, "A81001"), 28000, 4, 112000, 936, 851204);
}
END_TEST

/* Trap 2: Deflate64 (method 9) is decoded, or refused naming it and
 * saying how to unpack the file. */
START_TEST (test_deflate64)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autofree char *path = rx_test_fixture ("epd-deflate64.zip");
  g_autoptr(GError) error = NULL;
  g_autoptr(RxImportResult) r = import_path (t, path, RX_KIND_UNKNOWN, FALSE, NULL, &error);

  if (r != NULL)
    {
      ck_assert_uint_eq (r->rows_stored, 3);
      ck_assert_int_eq (chunk_count (t, 202212), 2);
    }
  else
    {
      ck_assert (g_error_matches (error, RX_IMPORT_ERROR, RX_IMPORT_ERROR_REFUSED));
      ASSERT_HAS (error->message, "epd-deflate64.zip");
      ASSERT_HAS (error->message, "Deflate64");
      ASSERT_HAS (error->message, "7z x");
      ASSERT_HAS (error->message, "bsdtar -xf");
      ck_assert_int_eq (q_int (t, "SELECT count(*) FROM import_log", NULL), 0);
    }
}
END_TEST

START_TEST (test_zip_members)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autofree char *three = fixture_refused (t, "three-members.zip");
  g_autofree char *none = fixture_refused (t, "no-csv.zip");
  g_autoptr(RxImportResult) mac = import_ok (t, "epd-macosx.zip", 3, 3, 0);

  ASSERT_HAS (three, "three-members.zip: a ZIP must hold exactly one CSV file; it holds "
                     "T201801PDPI BNFT.CSV, T201801ADDR BNFT.CSV, T201801CHEM SUBS.CSV: "
                     "extract and import each");
  ASSERT_HAS (none, "holds readme.txt");
  ck_assert (month_held (t, 202110, "epd"));
}
END_TEST

/* Truncated ZIP, gzip (in the stream, and only the trailer missing), CRC
 * mismatch, and a quoted field open at the end: "truncated file". */
START_TEST (test_truncated)
{
  static const char * const names[] = {
    "truncated.zip", "truncated.csv.gz", "truncated-trailer.csv.gz", "bad-crc.zip",
    "truncated-quote.csv",
  };
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) a = import_ok (t, "epd-v2-stp.csv", 3, 3, 0);
  g_autofree char *before = dump_db (t);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *message = fixture_refused (t, names[i]);
      g_autofree char *after = dump_db (t);

      ck_assert_msg (strstr (message, "truncated") != NULL, "%s: %s", names[i], message);
      ck_assert_msg (strstr (message, names[i]) != NULL, "%s: %s", names[i], message);
      ck_assert_msg (g_strcmp0 (before, after) == 0, "%s changed the database", names[i]);
    }
}
END_TEST

START_TEST (test_refused_containers)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autofree char *xlsx = fixture_refused (t, "tiny.xlsx");
  g_autofree char *xls_path = write_temp (t, "ePCN.xls",
                                          "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", 12);
  g_autofree char *json_path = write_temp (t, "ods.json", "  {\"Organisations\": []}\n", -1);
  g_autofree char *utf16_path = write_temp (t, "u16.csv", "\xff\xfeY\0E\0A\0R\0\n\0", 12);
  g_autofree char *empty_path = write_temp (t, "empty.csv", "", 0);
  g_autofree char *blank_path = write_temp (t, "blank.csv", "\n  \n,,,\n", -1);
  g_autofree char *xls = import_refused (t, xls_path, RX_KIND_UNKNOWN);
  g_autofree char *json = import_refused (t, json_path, RX_KIND_UNKNOWN);
  g_autofree char *utf16 = import_refused (t, utf16_path, RX_KIND_UNKNOWN);
  g_autofree char *empty = import_refused (t, empty_path, RX_KIND_UNKNOWN);
  g_autofree char *blank = import_refused (t, blank_path, RX_KIND_UNKNOWN);
  g_autofree char *dpi = fixture_refused (t, "dpi.csv");
  g_autofree char *eccg = fixture_refused (t, "eccg.csv");
  g_autofree char *encrypted = fixture_refused (t, "encrypted.zip");

  ASSERT_HAS (xlsx, "tiny.xlsx: a spreadsheet (XLSX): for PCNs import gp-reg-pat-prac-map.csv; "
                    "for BNF names the BNF Code Information CSV");
  ASSERT_HAS (xls, "ePCN.xls: an Excel 97 spreadsheet (XLS)");
  ASSERT_HAS (json, "ods.json: JSON (the ODS API?): import epraccur.csv and "
                    "gp-reg-pat-prac-map.csv");
  ASSERT_HAS (utf16, "UTF-16");
  ASSERT_HAS (empty, "empty.csv: the file is empty");
  ASSERT_HAS (blank, "blank.csv: the file is empty");
  ASSERT_HAS (dpi, "dpi.csv: no month column; import the EPD file for that month");
  ASSERT_HAS (eccg, "eccg.csv: import gp-reg-pat-prac-map.csv for sub-ICBs, ICBs and regions");
  ASSERT_HAS (encrypted, "encrypted.zip: the ZIP is encrypted");
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM import_log", NULL), 0);
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM org", NULL), 0);
}
END_TEST

START_TEST (test_missing_file)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autofree char *path = g_build_filename (t->dir, "nope.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RxImportResult) r = import_path (t, path, RX_KIND_UNKNOWN, FALSE, NULL, &error);

  ck_assert_ptr_null (r);
  ck_assert (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT));
  ASSERT_HAS (error->message, "nope.csv");
}
END_TEST

/* ------------------------------------------------------------------ */
/* --kind, columns                                                      */

START_TEST (test_kind_option)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autofree char *icb = rx_test_fixture ("epd-v2-icb.csv");
  g_autofree char *quinary = rx_test_fixture ("list-size-quinary.csv");
  g_autofree char *epraccur = rx_test_fixture ("epraccur.csv");
  g_autofree char *as_pdpi = import_refused (t, icb, RX_KIND_PDPI);
  g_autofree char *as_epd = import_refused (t, quinary, RX_KIND_EPD);
  g_autofree char *as_map = import_refused (t, epraccur, RX_KIND_ORG_MAP);
  g_autoptr(GError) error = NULL;
  g_autoptr(RxImportResult) ok = NULL;

  ck_assert_str_eq (as_pdpi, "epd-v2-icb.csv: not a pdpi file: the header has no SHA column");
  ck_assert_str_eq (as_epd, "list-size-quinary.csv: not a epd file: the header has no "
                            "YEAR_MONTH column");
  ASSERT_HAS (as_map, "the header has no PRACTICE_CODE or CODE column");
  /* --kind list-size takes either form. */
  ok = import_path (t, quinary, RX_KIND_LIST_SIZE, FALSE, NULL, &error);
  ck_assert_msg (ok != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (ok->kind, RX_KIND_LIST_SIZE_QUINARY);
}
END_TEST

/* A detected kind still needs its columns: an EPD file without NIC is
 * refused naming it, not with every row rejected. */
START_TEST (test_detected_missing_column)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autofree char *path = write_temp (t, "no-nic.csv",
    "YEAR_MONTH,PRACTICE_CODE,BNF_CODE,ITEMS,ACTUAL_COST,QUANTITY\n"
    "202401,A81001,0202010B0AAABAB,1,0.90000,28\n", -1);
  g_autofree char *message = import_refused (t, path, RX_KIND_UNKNOWN);

  ASSERT_HAS (message, "no-nic.csv: ");
  ASSERT_HAS (message, "the header has no NIC column");
}
END_TEST

/* A minimal EPD (only the required columns) is enough. */
START_TEST (test_minimal_epd)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autofree char *path = write_temp (t, "min.csv",
    "YEAR_MONTH,PRACTICE_CODE,BNF_PRESENTATION_CODE,ITEMS,NIC,ACTUAL_COST,TOTAL_QUANTITY\n"
    "202401,A81001,0202010B0AAABAB,4,1.00,0.90000,110\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(RxImportResult) r = import_path (t, path, RX_KIND_UNKNOWN, FALSE, NULL, &error);
  g_autoptr(GArray) facts = NULL;

  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  facts = chunk_facts (t, 202401, "0202010B0AAABAB");
  /* Only the total: the quantity per item is 110 / 4 = 27.5. */
  assert_fact (facts, 0, org_id (t, T_PRACTICE, "A81001"), 27500, 4, 110000, 100, 90000);
}
END_TEST

/* The 202503 trap by sampling: with neither BNF_CHEMICAL_SUBSTANCE_CODE nor
 * CHEMICAL_SUBSTANCE_BNF_DESCR, the values decide.  Names → names; codes →
 * codes; half and half → refused. */
static char *
write_chem_file (TestDb     *t,
                 const char *name,
                 guint       n,
                 guint       names_every)
{
  g_autoptr(GString) text = g_string_new (
    "YEAR_MONTH,PRACTICE_CODE,BNF_CHEMICAL_SUBSTANCE,BNF_PRESENTATION_CODE,BNF_PRESENTATION_NAME,"
    "ITEMS,QUANTITY,NIC,ACTUAL_COST\n");

  for (guint i = 0; i < n; i++)
    {
      gboolean as_name = names_every > 0 && i % names_every == 0;
      g_string_append_printf (text, "202504,A8%04u,%s,0206020T0AAAGAG,Verapamil 160mg tablets,"
                              "1,28,1.00,0.90000\n", i % 10000,
                              as_name ? "Verapamil hydrochloride" : "0206020T0");
    }
  return write_temp (t, name, text->str, text->len);
}

START_TEST (test_chemical_sampling)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(TestDb) u = test_db_new ();
  g_autoptr(TestDb) v = test_db_new ();
  g_autofree char *names = write_chem_file (t, "names.csv", 1500, 1);
  g_autofree char *codes = write_chem_file (u, "codes.csv", 1500, 0);
  g_autofree char *mixed = write_chem_file (v, "mixed.csv", 1500, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(RxImportResult) a = import_path (t, names, RX_KIND_UNKNOWN, FALSE, NULL, &error);
  g_autoptr(RxImportResult) b = import_path (u, codes, RX_KIND_UNKNOWN, FALSE, NULL, &error);
  g_autofree char *refused = import_refused (v, mixed, RX_KIND_UNKNOWN);

  ck_assert_ptr_nonnull (a);
  ck_assert_ptr_nonnull (b);
  ASSERT_BNF (t, "0206020T0", "Verapamil hydrochloride");
  ASSERT_BNF (u, "0206020T0", NULL);
  ASSERT_HAS (refused, "BNF_CHEMICAL_SUBSTANCE holds codes in 500 and names in 500 of the first "
                       "1000 rows");
}
END_TEST

/* A different month in the file name is a warning; the rows win. */
START_TEST (test_file_name_month)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autofree char *text = read_fixture ("epd-v2-icb.csv");
  g_autofree char *wrong = write_temp (t, "EPD_202401.csv", text, -1);
  g_autofree char *right = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RxImportResult) r = import_path (t, wrong, RX_KIND_UNKNOWN, FALSE, NULL, &error);
  g_autoptr(RxImportResult) s = NULL;
  g_autoptr(TestDb) u = test_db_new ();

  ck_assert_ptr_nonnull (r);
  ck_assert (month_held (t, 202212, "epd"));
  ck_assert_uint_eq (r->warnings->len, 1);
  ASSERT_HAS ((char *) g_ptr_array_index (r->warnings, 0), "EPD_202401.csv: ");
  ASSERT_HAS ((char *) g_ptr_array_index (r->warnings, 0), "2024-01");
  ASSERT_HAS ((char *) g_ptr_array_index (r->warnings, 0), "2022-12");

  right = write_temp (u, "EPD_202212.csv", text, -1);
  s = import_path (u, right, RX_KIND_UNKNOWN, FALSE, NULL, &error);
  ck_assert_ptr_nonnull (s);
  ck_assert_uint_eq (s->warnings->len, 0);
}
END_TEST

/* The two list-size forms of a month with different totals: a warning. */
START_TEST (test_list_size_forms_differ)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) a = import_ok (t, "list-size-quinary.csv", 9, 8, 0);
  g_autofree char *path = write_temp (t, "gp-reg-pat-prac-all.csv",
    "PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\n"
    "GP_PRAC_PAT_LIST,01SEP2017,GP,02T,E38000001,B85010,HD5 8DY,ALL,ALL,1000\n"
    "GP_PRAC_PAT_LIST,01SEP2017,GP,16C,E38000247,A81001,TS18 1HU,ALL,ALL,271\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(RxImportResult) b = import_path (t, path, RX_KIND_UNKNOWN, FALSE, NULL, &error);

  ck_assert_msg (b != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (b->warnings->len, 1);
  ASSERT_HAS ((char *) g_ptr_array_index (b->warnings, 0), "2017-09");
  ASSERT_HAS ((char *) g_ptr_array_index (b->warnings, 0), "1 practice");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Re-import, replace, log, summary                                     */

START_TEST (test_reimport)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autofree char *path = rx_test_fixture ("epd-v2-stp.csv");
  g_autoptr(RxImportResult) a = import_ok (t, "epd-v2-stp.csv", 3, 3, 0);
  g_autofree char *before = dump_db (t);
  g_autoptr(GError) error = NULL;
  g_autoptr(RxImportResult) b = import_path (t, path, RX_KIND_UNKNOWN, FALSE, NULL, &error);
  g_autoptr(RxImportResult) c = NULL;
  g_autofree char *after = dump_db (t);
  g_autofree char *summary = NULL;

  ck_assert_ptr_nonnull (b);
  ck_assert (b->skipped);
  ck_assert_uint_eq (b->rows_read, 0);
  ck_assert_str_eq (before, after);
  summary = rx_import_result_summary (b);
  ck_assert (g_str_has_suffix (summary, "epd-v2-stp.csv: already imported (same content); use "
                                        "--force to import it again"));

  c = import_path (t, path, RX_KIND_UNKNOWN, TRUE, NULL, &error);
  ck_assert_ptr_nonnull (c);
  ck_assert (!c->skipped);
  ck_assert_uint_eq (c->rows_stored, 3);
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM import_log", NULL), 2);
  ck_assert_int_eq (q_int (t, "SELECT import_id FROM month_held WHERE month = 202110", NULL),
                    q_int (t, "SELECT max(id) FROM import_log", NULL));
  ck_assert_int_eq (chunk_count (t, 202110), 2);
  /* The same facts, not doubled. */
  {
    g_autoptr(GArray) pit = chunk_facts (t, 202110, "0404000W0AAABAB");
    assert_fact (pit, 0, org_id (t, T_PRACTICE, "A81001"), 30000, 1, 30000, 31000, 28802913);
  }
}
END_TEST

/* A month re-imported from another file is replaced whole: chunks of
 * presentations the new file lacks go, and so do the organisations'
 * totals of practices it lacks. */
START_TEST (test_replace_month)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) a = import_ok (t, "epd-v2-stp.csv", 3, 3, 0);
  g_autoptr(GString) text = g_string_new (ICB_HEADER);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RxImportResult) b = NULL;
  g_autoptr(GArray) vera = NULL;

  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM rx_month_org WHERE month = 202110", NULL), 2);
  append_icb_row (text, 202110, 6, 3);      /* practice A80006, verapamil */
  path = write_temp (t, "epd_202110_v2.csv", text->str, text->len);
  b = import_path (t, path, RX_KIND_UNKNOWN, FALSE, NULL, &error);
  ck_assert_msg (b != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (chunk_count (t, 202110), 1);
  vera = chunk_facts (t, 202110, "0206020T0AAAGAG");
  ck_assert_uint_eq (vera->len, 1);
  assert_fact (vera, 0, org_id (t, T_PRACTICE, "A80006"), 28000, 3, 84000, 100, 90000);
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM rx_month_org WHERE month = 202110", NULL), 1);
  ck_assert_int_eq (q_int (t, "SELECT count(*) FROM month_held WHERE month = 202110", NULL), 1);
  /* The organisations learnt from the first file stay (history is kept). */
  ck_assert_int_eq (org_count (t, T_PRACTICE, "A81002"), 1);
}
END_TEST

START_TEST (test_summary)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) r = import_ok (t, "epd-v2-icb.csv", 3, 3, 0);
  g_autofree char *summary = rx_import_result_summary (r);
  g_autofree char *pattern = g_strdup_printf ("^%s: epd, 2022-12, 3 rows read, 3 stored, "
                                              "0 rejected, [0-9]+\\.[0-9] s \\([0-9]+ rows/s\\)$",
                                              r->file);

  ck_assert_msg (g_regex_match_simple (pattern, summary, 0, 0), "%s", summary);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Failures leave the database as it was                                */

static char *
write_big (TestDb     *t,
           const char *name,
           int         month,
           guint       rows)
{
  g_autofree char *path = g_build_filename (t->dir, name, NULL);
  FILE *f = fopen (path, "w");

  ck_assert_ptr_nonnull (f);
  fputs ("YEAR_MONTH,PRACTICE_CODE,BNF_CODE,ITEMS,NIC,ACTUAL_COST,QUANTITY\n", f);
  for (guint i = 0; i < rows; i++)
    fprintf (f, "%d,B%05u,02%02u010B0AAABAB,%u,%u.%02u,1.00000,28\n", month, i % 5000,
             1 + i % 9, 1 + i % 5, i % 100, i % 100);
  fclose (f);
  return g_steal_pointer (&path);
}

/* A truncated file is read through to its end and fails only there, after
 * organisations and codes were written: all rolled back. */
START_TEST (test_failure_rolls_back)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) a = import_ok (t, "epd-v2-stp.csv", 3, 3, 0);
  g_autoptr(RxImportResult) b = import_ok (t, "org-map-2022.csv", 2, 2, 0);
  g_autofree char *big = write_big (t, "big.csv", 202401, 50000);
  g_autofree char *text = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *before = dump_db (t);
  g_autofree char *message = NULL;
  gsize len;

  ck_assert (g_file_get_contents (big, &text, &len, NULL));
  cut = write_temp (t, "cut.csv", text, len);
  {
    /* An open quote in the last record. */
    FILE *f = fopen (cut, "a");
    fputs ("202401,B00001,\"0202010B0AAABAB,1,1.00,1.00000,28\n", f);
    fclose (f);
  }
  message = import_refused (t, cut, RX_KIND_UNKNOWN);
  ASSERT_HAS (message, "truncated");
  {
    g_autofree char *after = dump_db (t);
    ck_assert_str_eq (before, after);
  }
}
END_TEST

static void
cancel_on_progress (const RxProgress *progress,
                    gpointer          data)
{
  g_cancellable_cancel (data);
}

START_TEST (test_cancel)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) a = import_ok (t, "epd-v2-stp.csv", 3, 3, 0);
  g_autofree char *big = write_big (t, "big.csv", 202402, 200000);
  g_autofree char *small = rx_test_fixture ("epd-v2-icb.csv");
  g_autofree char *before = dump_db (t);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GCancellable) later = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RxImportResult) r = NULL;
  RxImportOptions options;

  /* Cancelled before it starts: even a small file stores nothing. */
  g_cancellable_cancel (cancelled);
  r = import_path (t, small, RX_KIND_UNKNOWN, FALSE, cancelled, &error);
  ck_assert_ptr_null (r);
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_clear_error (&error);

  /* Cancelled part-way, from the progress callback. */
  rx_import_options_init (&options);
  options.compute = FALSE;
  options.progress = cancel_on_progress;
  options.progress_data = later;
  r = rx_import_file (t->db, big, &options, later, &error);
  ck_assert_ptr_null (r);
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  {
    g_autofree char *after = dump_db (t);
    ck_assert_str_eq (before, after);
  }
  /* And the database still works. */
  g_clear_error (&error);
  r = import_path (t, small, RX_KIND_UNKNOWN, FALSE, NULL, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
}
END_TEST

/* Progress: bytes, rows and a fraction, reported while reading. */
typedef struct
{
  guint   calls;
  guint64 rows;
  double  fraction;
} ProgressSeen;

static void
record_progress (const RxProgress *progress,
                 gpointer          data)
{
  ProgressSeen *seen = data;

  seen->calls++;
  seen->rows = progress->rows;
  seen->fraction = progress->fraction;
  ck_assert_uint_le (progress->bytes_done, progress->bytes_total);
}

START_TEST (test_progress)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autofree char *big = write_big (t, "big.csv", 202403, 140000);
  g_autoptr(GError) error = NULL;
  g_autoptr(RxImportResult) r = NULL;
  ProgressSeen seen = { 0 };
  RxImportOptions options;

  rx_import_options_init (&options);
  options.compute = FALSE;
  options.progress = record_progress;
  options.progress_data = &seen;
  r = rx_import_file (t->db, big, &options, NULL, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (r->rows_stored, 140000);
  ck_assert_uint_ge (seen.calls, 1);
  ck_assert_uint_ge (seen.rows, 65536);
  ck_assert (seen.fraction > 0 && seen.fraction <= 1);
}
END_TEST

/* The worker-thread import: its own connection, results back by GTask. */
static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  GPtrArray **out = data;
  g_autoptr(GError) error = NULL;

  *out = rx_import_files_finish (result, &error);
  ck_assert_msg (*out != NULL, "%s", error ? error->message : "");
}

START_TEST (test_async)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autofree char *a = rx_test_fixture ("epd-v2-icb.csv");
  g_autofree char *b = rx_test_fixture ("epraccur.csv");
  char *paths[] = { a, b, NULL };
  g_autoptr(GPtrArray) results = NULL;
  RxImportOptions options;

  rx_import_options_init (&options);
  options.compute = FALSE;
  rx_import_files_async (t->path, paths, &options, NULL, on_imported, &results);
  while (results == NULL)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_uint_eq (results->len, 2);
  ck_assert_uint_eq (((RxImportResult *) g_ptr_array_index (results, 0))->rows_stored, 3);
  ck_assert_uint_eq (((RxImportResult *) g_ptr_array_index (results, 1))->rows_stored, 4);
  ck_assert (month_held (t, 202212, "epd"));
  ASSERT_ORG (t, "setting", T_PRACTICE, "A81001", "4");
}
END_TEST


/* The org map gives postcodes only: an ADDR file or prescribing rows
 * afterwards still give the address. */
START_TEST (test_address_after_map)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) a = import_ok (t, "org-map-2022.csv", 2, 2, 0);
  g_autoptr(RxImportResult) b = NULL, c = NULL;

  ASSERT_ORG (t, "postcode", T_PRACTICE, "A81001", "TS18 1HU");
  ASSERT_ORG (t, "address", T_PRACTICE, "A81001", NULL);
  b = import_ok (t, "epd-v2-stp.csv", 3, 3, 0);
  ASSERT_ORG (t, "address", T_PRACTICE, "A81001",
              "THE HEALTH CENTRE, LAWSON STREET, STOCKTON ON TEES, CLEVELAND");
  c = import_ok (t, "pdpi-addr.csv", 2, 2, 0);
  ASSERT_ORG (t, "address", T_PRACTICE, "A81001",
              "THE HEALTH CENTRE, LAWSON STREET, STOCKTON, CLEVELAND");
  ASSERT_ORG (t, "address", T_PRACTICE, "A81002", "FARRER STREET, STOCKTON ON TEES");
}
END_TEST

/* epraccur dated by its file: an older one imported later changes no
 * status; a newer one does (A81003 reopened in the copy). */
static char *
write_epraccur_copy (TestDb     *t,
                     const char *name,
                     gint64      mtime)
{
  g_autofree char *text = read_fixture ("epraccur.csv");
  g_auto(GStrv) parts = g_strsplit (text, "\"19740401\",\"20161231\",\"C\"", -1);
  g_autofree char *reopened = g_strjoinv ("\"19740401\",\"\",\"A\"", parts);
  char *path = write_temp (t, name, reopened, -1);
  struct utimbuf times = { mtime, mtime };

  ck_assert_uint_eq (g_strv_length (parts), 2);
  ck_assert_int_eq (g_utime (path, &times), 0);
  return path;
}

START_TEST (test_epraccur_older_later)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autoptr(RxImportResult) a = import_ok (t, "epraccur.zip", 5, 4, 0);   /* 2024-03-15 */
  g_autofree char *older = write_epraccur_copy (t, "epraccur-old.csv", 1577880000);  /* 2020 */
  g_autofree char *newer = write_epraccur_copy (t, "epraccur-new.csv", 1767268800);  /* 2026 */
  g_autoptr(GError) error = NULL;
  g_autoptr(RxImportResult) b = import_path (t, older, RX_KIND_UNKNOWN, FALSE, NULL, &error);
  g_autoptr(RxImportResult) c = NULL;

  ck_assert_msg (b != NULL, "%s", error ? error->message : "");
  ASSERT_ORG (t, "status", T_PRACTICE, "A81003", "C");
  ASSERT_ORG (t, "close_date", T_PRACTICE, "A81003", "2016-12-31");
  /* Same bytes as the older copy: only --force imports it again. */
  c = import_path (t, newer, RX_KIND_UNKNOWN, TRUE, NULL, &error);
  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  ASSERT_ORG (t, "status", T_PRACTICE, "A81003", "A");
  ASSERT_ORG (t, "close_date", T_PRACTICE, "A81003", NULL);
}
END_TEST

/* Trap 10 for the headerless kinds: a non-empty 28th epraccur field, or
 * 9th ADDR field, rejects the row; an empty one does not. */
START_TEST (test_headerless_extra_fields)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autofree char *text = read_fixture ("epraccur.csv");
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *epraccur = NULL, *addr = NULL, *m1 = NULL, *m2 = NULL;
  g_autoptr(GString) e = g_string_new (NULL);

  g_string_append_printf (e, "%s,\"\"\n%s\n%s,\"X\"\n", lines[0], lines[1], lines[2]);
  epraccur = write_temp (t, "epraccur-extra.csv", e->str, e->len);
  addr = write_temp (t, "addr-extra.csv",
                     "201403,A81001,NAME,A1,A2,A3,A4,TS18 1HU,\n"
                     "201403,A81002,NAME,A1,A2,A3,A4,TS18 2AW\n"
                     "201403,A81003,NAME,A1,A2,A3,A4,TS18 2AX,,X\n", -1);
  m1 = import_refused (t, epraccur, RX_KIND_UNKNOWN);
  m2 = import_refused (t, addr, RX_KIND_UNKNOWN);
  ASSERT_HAS (m1, "epraccur-extra.csv:3: 28 fields, a record has 27\n");
  ASSERT_HAS (m1, "1 of 3 rows rejected");
  ASSERT_HAS (m2, "addr-extra.csv:3: 10 fields, a record has 8\n");
}
END_TEST

/* Quantity per item from TOTAL_QUANTITY / ITEMS (or PDPI's QUANTITY /
 * ITEMS) is rounded half away from zero to 0.001, whatever the signs. */
START_TEST (test_quantity_rounding)
{
  g_autoptr(TestDb) t = test_db_new ();
  g_autofree char *path = write_temp (t, "totals.csv",
    "YEAR_MONTH,PRACTICE_CODE,BNF_CODE,ITEMS,NIC,ACTUAL_COST,TOTAL_QUANTITY\n"
    "202401,A81001,0202010B0AAABAB,3,1.00,0.90000,200\n"
    "202401,A81002,0202010B0AAABAB,-3,1.00,0.90000,-200\n"
    "202401,A81003,0202010B0AAABAB,3,1.00,0.90000,-200\n"
    "202401,A81004,0202010B0AAABAB,8,1.00,0.90000,0.004\n", -1);
  g_autofree char *pdpi = write_temp (t, "T201401PDPI BNFT.CSV",
    " SHA,PCT,PRACTICE,BNF CODE,BNF NAME,ITEMS  ,NIC        ,ACT COST   ,QUANTITY,PERIOD,\n"
    "Q44,RXA,N81646,0102000N0AAABAB,X,-0000003,-0000001.92,-0000001.81,-0000010,201401,\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(RxImportResult) r = import_path (t, path, RX_KIND_UNKNOWN, FALSE, NULL, &error);
  g_autoptr(RxImportResult) s = NULL;
  g_autoptr(GArray) facts = NULL, hyo = NULL;

  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  facts = chunk_facts (t, 202401, "0202010B0AAABAB");
  ck_assert_uint_eq (facts->len, 4);
  assert_fact (facts, 0, org_id (t, T_PRACTICE, "A81001"), 66667, 3, 200000, 100, 90000);
  assert_fact (facts, 1, org_id (t, T_PRACTICE, "A81002"), 66667, -3, -200000, 100, 90000);
  assert_fact (facts, 2, org_id (t, T_PRACTICE, "A81003"), -66667, 3, -200000, 100, 90000);
  assert_fact (facts, 3, org_id (t, T_PRACTICE, "A81004"), 1, 8, 4, 100, 90000);
  ck_assert_uint_eq (r->warnings->len, 1);
  ASSERT_HAS ((char *) g_ptr_array_index (r->warnings, 0), "negative values");

  s = import_path (t, pdpi, RX_KIND_UNKNOWN, FALSE, NULL, &error);
  ck_assert_msg (s != NULL, "%s", error ? error->message : "");
  hyo = chunk_facts (t, 201401, "0102000N0AAABAB");
  assert_fact (hyo, 0, org_id (t, T_PRACTICE, "N81646"), 3333, -3, -10000, -192, -181000);
}
END_TEST

static Suite *
import_suite (void)
{
  Suite *s = suite_create ("import");
  TCase *kinds = tcase_create ("kinds");
  TCase *traps = tcase_create ("traps");
  TCase *files = tcase_create ("files");

  tcase_add_test (kinds, test_epd_area_team);
  tcase_add_test (kinds, test_epd_stp);
  tcase_add_test (kinds, test_epd_icb);
  tcase_add_test (kinds, test_epd_snomed_legacy);
  tcase_add_test (kinds, test_epd_snomed_current);
  tcase_add_test (kinds, test_pdpi_2014);
  tcase_add_test (kinds, test_pdpi_2012);
  tcase_add_test (kinds, test_pdpi_replaces_epd);
  tcase_add_test (kinds, test_pdpi_addr);
  tcase_add_test (kinds, test_pdpi_chem);
  tcase_add_test (kinds, test_org_map_2022);
  tcase_add_test (kinds, test_org_map_2026);
  tcase_add_test (kinds, test_org_map_2018);
  tcase_add_test (kinds, test_org_map_older_later);
  tcase_add_test (kinds, test_epraccur);
  tcase_add_test (kinds, test_epraccur_zip);
  tcase_add_test (kinds, test_ranks);
  tcase_add_test (kinds, test_addr_ranks);
  tcase_add_test (kinds, test_address_after_map);
  tcase_add_test (kinds, test_epraccur_older_later);
  tcase_add_test (kinds, test_headerless_extra_fields);
  tcase_add_test (kinds, test_quantity_rounding);
  tcase_add_test (kinds, test_list_size_quinary);
  tcase_add_test (kinds, test_list_size_all);
  tcase_add_test (kinds, test_list_size_replace);
  tcase_add_test (kinds, test_list_size_forms_differ);
  tcase_add_test (kinds, test_bnf_codes_legacy);
  tcase_add_test (kinds, test_bnf_codes_versions);
  suite_add_tcase (s, kinds);

  tcase_add_test (traps, test_trap_bom);
  tcase_add_test (traps, test_trap_crlf);
  tcase_add_test (traps, test_trap_no_final_newline);
  tcase_add_test (traps, test_trap_encoding);
  tcase_add_test (traps, test_trap_quoted);
  tcase_add_test (traps, test_trap_trailing_empty);
  tcase_add_test (traps, test_trap_blank_rows);
  tcase_add_test (traps, test_trap_items);
  tcase_add_test (traps, test_trap_duplicates);
  tcase_add_test (traps, test_trap_unidentified);
  tcase_add_test (traps, test_trap_snomed);
  tcase_add_test (traps, test_bad_rows_refused);
  tcase_add_test (traps, test_bad_rows_threshold);
  tcase_add_test (traps, test_rejections_capped);
  tcase_add_test (traps, test_chemical_sampling);
  tcase_add_test (traps, test_file_name_month);
  suite_add_tcase (s, traps);

  tcase_set_timeout (files, 300);
  tcase_add_test (files, test_gzip);
  tcase_add_test (files, test_zip64);
  tcase_add_test (files, test_deflate64);
  tcase_add_test (files, test_zip_members);
  tcase_add_test (files, test_truncated);
  tcase_add_test (files, test_refused_containers);
  tcase_add_test (files, test_missing_file);
  tcase_add_test (files, test_kind_option);
  tcase_add_test (files, test_detected_missing_column);
  tcase_add_test (files, test_minimal_epd);
  tcase_add_test (files, test_reimport);
  tcase_add_test (files, test_replace_month);
  tcase_add_test (files, test_summary);
  tcase_add_test (files, test_failure_rolls_back);
  tcase_add_test (files, test_cancel);
  tcase_add_test (files, test_progress);
  tcase_add_test (files, test_async);
  suite_add_tcase (s, files);
  return s;
}

RX_TEST_MAIN (import_suite)

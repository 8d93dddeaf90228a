// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-codes"

#include "config.h"

#include <glib.h>

#include "rx-import-private.h"

/* BNF codes of every level, cached code → id, with whether a name is known
 * and the version (YYYYMM of a bnf-codes file; 0 = learnt from prescribing)
 * it came from: the newest code file's names win, and prescribing rows only
 * fill names nobody gave. */

typedef struct
{
  guint32 id;
  int     version;      /* -1: no name yet */
} CodeEntry;

struct _RxCodes
{
  RxDb         *db;
  GHashTable   *by_code;   /* code → CodeEntry* */
  GHashTable   *by_id;     /* id → CodeEntry* (borrowed) */
  sqlite3_stmt *insert;
  sqlite3_stmt *name;
};

RxCodes *
rx_codes_new (RxDb    *db,
              GError **error)
{
  RxCodes *codes = g_new0 (RxCodes, 1);
  g_autoptr(sqlite3_stmt) all = NULL;

  codes->db = db;
  codes->by_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  codes->by_id = g_hash_table_new (NULL, NULL);
  codes->insert = rx_db_prepare (db, "INSERT INTO bnf (code) VALUES (?)", error);
  codes->name = rx_db_prepare (db, "UPDATE bnf SET name = ?2, name_date = ?3 WHERE id = ?1", error);
  all = rx_db_prepare (db, "SELECT id, code, name IS NOT NULL, name_date FROM bnf", error);
  if (codes->insert == NULL || codes->name == NULL || all == NULL)
    {
      rx_codes_free (codes);
      return NULL;
    }
  while (sqlite3_step (all) == SQLITE_ROW)
    {
      CodeEntry *e = g_new (CodeEntry, 1);

      e->id = sqlite3_column_int64 (all, 0);
      e->version = sqlite3_column_int (all, 2) ? sqlite3_column_int (all, 3) : -1;
      g_hash_table_insert (codes->by_code, g_strdup ((const char *) sqlite3_column_text (all, 1)), e);
      g_hash_table_insert (codes->by_id, GUINT_TO_POINTER (e->id), e);
    }
  return codes;
}

void
rx_codes_free (RxCodes *codes)
{
  if (codes == NULL)
    return;
  g_hash_table_unref (codes->by_id);
  g_hash_table_unref (codes->by_code);
  sqlite3_finalize (codes->insert);
  sqlite3_finalize (codes->name);
  g_free (codes);
}

guint32
rx_codes_ensure (RxCodes     *codes,
                 const char  *code,
                 GError     **error)
{
  CodeEntry *e = g_hash_table_lookup (codes->by_code, code);
  int rc;

  if (e != NULL)
    return e->id;
  sqlite3_bind_text (codes->insert, 1, code, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (codes->insert);
  sqlite3_reset (codes->insert);
  if (rc != SQLITE_DONE)
    {
      rx_db_set_error (codes->db, error, "cannot store a BNF code");
      return 0;
    }
  e = g_new (CodeEntry, 1);
  e->id = sqlite3_last_insert_rowid (rx_db_get_handle (codes->db));
  e->version = -1;
  g_hash_table_insert (codes->by_code, g_strdup (code), e);
  g_hash_table_insert (codes->by_id, GUINT_TO_POINTER (e->id), e);
  return e->id;
}

gboolean
rx_codes_name_known (RxCodes *codes,
                     guint32  id)
{
  CodeEntry *e = g_hash_table_lookup (codes->by_id, GUINT_TO_POINTER (id));

  return e != NULL && e->version >= 0;
}

/* Sets the name unless one from a newer version is held. */
gboolean
rx_codes_set_name (RxCodes     *codes,
                   guint32      id,
                   const char  *name,
                   int          version,
                   GError     **error)
{
  CodeEntry *e = g_hash_table_lookup (codes->by_id, GUINT_TO_POINTER (id));
  int rc;

  if (name == NULL || *name == '\0' || e == NULL || e->version > version)
    return TRUE;
  sqlite3_bind_int64 (codes->name, 1, id);
  sqlite3_bind_text (codes->name, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (codes->name, 3, version);
  rc = sqlite3_step (codes->name);
  sqlite3_reset (codes->name);
  if (rc != SQLITE_DONE)
    return rx_db_set_error (codes->db, error, "cannot store a BNF name");
  e->version = version;
  return TRUE;
}

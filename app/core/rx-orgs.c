// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-orgs"

#include "config.h"

#include <glib.h>

#include "rx-orgs.h"

/* Organisations as learnt from every kind of file, with a cache of codes to
 * ids so that an import of 18 million rows looks each one up in memory. */

struct _RxOrgs
{
  RxDb         *db;
  GHashTable   *ids[RX_ORG_N_TYPES];    /* code → id */
  sqlite3_stmt *insert;
  sqlite3_stmt *name;
  sqlite3_stmt *address;
  sqlite3_stmt *postcode;
  sqlite3_stmt *link;
  sqlite3_stmt *details;
  sqlite3_stmt *listed;
  sqlite3_stmt *confirm;
};

static gboolean
load_ids (RxOrgs  *orgs,
          GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = rx_db_prepare (orgs->db, "SELECT id, type, code FROM org", error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int type = sqlite3_column_int (stmt, 1);

      if (type >= 0 && type < RX_ORG_N_TYPES)
        g_hash_table_insert (orgs->ids[type],
                             g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
                             GUINT_TO_POINTER ((guint) sqlite3_column_int64 (stmt, 0)));
    }
  return TRUE;
}

RxOrgs *
rx_orgs_new (RxDb    *db,
             GError **error)
{
  g_autoptr(RxOrgs) orgs = g_new0 (RxOrgs, 1);

  orgs->db = db;
  for (int i = 0; i < RX_ORG_N_TYPES; i++)
    orgs->ids[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  orgs->insert = rx_db_prepare (db, "INSERT INTO org (type, code, provisional) VALUES (?, ?, ?)", error);
  orgs->name = rx_db_prepare (db,
    "UPDATE org SET name = ?2, name_rank = ?3, name_date = ?4 WHERE id = ?1 "
    "AND (name IS NULL OR name_rank < ?3 OR (name_rank = ?3 AND name_date <= ?4))", error);
  orgs->address = rx_db_prepare (db,
    "UPDATE org SET address = coalesce (?2, address), postcode = coalesce (?3, postcode), "
    "addr_rank = ?4, addr_date = ?5 WHERE id = ?1 "
    "AND (addr_rank < ?4 OR (addr_rank = ?4 AND addr_date <= ?5))", error);
  /* The org map has postcodes but no addresses: its postcode must not
   * claim the address's rank, or ADDR files and prescribing rows could
   * never give the practice an address afterwards. */
  orgs->postcode = rx_db_prepare (db,
    "UPDATE org SET postcode = ?2 WHERE id = ?1 "
    "AND (addr_rank < ?3 OR (addr_rank = ?3 AND addr_date <= ?4))", error);
  orgs->link = rx_db_prepare (db,
    "INSERT INTO org_link (child_id, parent_type, parent_id, rank, date) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (child_id, parent_type) DO UPDATE SET parent_id = excluded.parent_id, "
    "rank = excluded.rank, date = excluded.date "
    "WHERE excluded.rank > org_link.rank OR "
    "(excluded.rank = org_link.rank AND excluded.date >= org_link.date)", error);
  /* Status, dates and setting come from epraccur only and have no date
   * of their own; epraccur always sets the name first, with its snapshot
   * date, so a name from a newer epraccur marks them as newer too (§7: an
   * older file imported later must not override). */
  orgs->details = rx_db_prepare (db,
    "UPDATE org SET setting = ?2, status = ?3, open_date = ?4, close_date = ?5, provisional = 0 "
    "WHERE id = ?1 AND NOT (name_rank = ?7 AND name_date > ?6)", error);
  orgs->listed = rx_db_prepare (db, "UPDATE org SET listed_gp = 1 WHERE id = ? AND listed_gp = 0", error);
  orgs->confirm = rx_db_prepare (db, "UPDATE org SET provisional = 0 WHERE id = ? AND provisional = 1", error);
  if (orgs->insert == NULL || orgs->name == NULL || orgs->address == NULL ||
      orgs->postcode == NULL || orgs->link == NULL ||
      orgs->details == NULL || orgs->listed == NULL || orgs->confirm == NULL)
    return NULL;
  if (!load_ids (orgs, error))
    return NULL;
  return g_steal_pointer (&orgs);
}

void
rx_orgs_free (RxOrgs *orgs)
{
  if (orgs == NULL)
    return;
  for (int i = 0; i < RX_ORG_N_TYPES; i++)
    g_clear_pointer (&orgs->ids[i], g_hash_table_unref);
  sqlite3_finalize (orgs->insert);
  sqlite3_finalize (orgs->name);
  sqlite3_finalize (orgs->address);
  sqlite3_finalize (orgs->postcode);
  sqlite3_finalize (orgs->link);
  sqlite3_finalize (orgs->details);
  sqlite3_finalize (orgs->listed);
  sqlite3_finalize (orgs->confirm);
  g_free (orgs);
}

gboolean
rx_orgs_lookup (RxOrgs     *orgs,
                RxOrgType   type,
                const char *code,
                guint32    *id)
{
  gpointer value;

  if (!g_hash_table_lookup_extended (orgs->ids[type], code, NULL, &value))
    return FALSE;
  *id = GPOINTER_TO_UINT (value);
  return TRUE;
}

static gboolean
step_done (RxOrgs        *orgs,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return rx_db_set_error (orgs->db, error, "cannot store an organisation");
  return TRUE;
}

/**
 * rx_orgs_ensure:
 *
 * Returns: the id of the organisation of @type with @code, created when
 * missing; 0 on error.
 */
guint32
rx_orgs_ensure (RxOrgs      *orgs,
                RxOrgType    type,
                const char  *code,
                gboolean     provisional,
                GError     **error)
{
  guint32 id;

  if (rx_orgs_lookup (orgs, type, code, &id))
    {
      if (!provisional && !rx_orgs_confirm (orgs, id, error))
        return 0;
      return id;
    }
  sqlite3_bind_int (orgs->insert, 1, type);
  sqlite3_bind_text (orgs->insert, 2, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (orgs->insert, 3, provisional);
  if (!step_done (orgs, orgs->insert, error))
    return 0;
  id = (guint32) sqlite3_last_insert_rowid (rx_db_get_handle (orgs->db));
  g_hash_table_insert (orgs->ids[type], g_strdup (code), GUINT_TO_POINTER (id));
  return id;
}

gboolean
rx_orgs_set_name (RxOrgs      *orgs,
                  guint32      id,
                  const char  *name,
                  RxRank       rank,
                  int          date,
                  GError     **error)
{
  if (name == NULL || *name == '\0')
    return TRUE;
  sqlite3_bind_int64 (orgs->name, 1, id);
  sqlite3_bind_text (orgs->name, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (orgs->name, 3, rank);
  sqlite3_bind_int (orgs->name, 4, date);
  return step_done (orgs, orgs->name, error);
}

gboolean
rx_orgs_set_address (RxOrgs      *orgs,
                     guint32      id,
                     const char  *address,
                     const char  *postcode,
                     RxRank       rank,
                     int          date,
                     GError     **error)
{
  if ((address == NULL || *address == '\0') && (postcode == NULL || *postcode == '\0'))
    return TRUE;
  if (address == NULL || *address == '\0')
    {
      sqlite3_bind_int64 (orgs->postcode, 1, id);
      sqlite3_bind_text (orgs->postcode, 2, postcode, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (orgs->postcode, 3, rank);
      sqlite3_bind_int (orgs->postcode, 4, date);
      return step_done (orgs, orgs->postcode, error);
    }
  sqlite3_bind_int64 (orgs->address, 1, id);
  if (address != NULL && *address != '\0')
    sqlite3_bind_text (orgs->address, 2, address, -1, SQLITE_TRANSIENT);
  if (postcode != NULL && *postcode != '\0')
    sqlite3_bind_text (orgs->address, 3, postcode, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (orgs->address, 4, rank);
  sqlite3_bind_int (orgs->address, 5, date);
  return step_done (orgs, orgs->address, error);
}

gboolean
rx_orgs_link (RxOrgs      *orgs,
              guint32      child,
              RxOrgType    parent_type,
              guint32      parent,
              RxRank       rank,
              int          date,
              GError     **error)
{
  sqlite3_bind_int64 (orgs->link, 1, child);
  sqlite3_bind_int (orgs->link, 2, parent_type);
  sqlite3_bind_int64 (orgs->link, 3, parent);
  sqlite3_bind_int (orgs->link, 4, rank);
  sqlite3_bind_int (orgs->link, 5, date);
  return step_done (orgs, orgs->link, error);
}

gboolean
rx_orgs_set_details (RxOrgs      *orgs,
                     guint32      id,
                     int          setting,
                     const char  *status,
                     const char  *open_date,
                     const char  *close_date,
                     int          date,
                     GError     **error)
{
  sqlite3_bind_int64 (orgs->details, 1, id);
  sqlite3_bind_int (orgs->details, 6, date);
  sqlite3_bind_int (orgs->details, 7, RX_RANK_EPRACCUR);
  if (setting >= 0)
    sqlite3_bind_int (orgs->details, 2, setting);
  sqlite3_bind_text (orgs->details, 3, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (orgs->details, 4, open_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (orgs->details, 5, close_date, -1, SQLITE_TRANSIENT);
  return step_done (orgs, orgs->details, error);
}

gboolean
rx_orgs_mark_listed_gp (RxOrgs   *orgs,
                        guint32   id,
                        GError  **error)
{
  sqlite3_bind_int64 (orgs->listed, 1, id);
  return step_done (orgs, orgs->listed, error);
}

gboolean
rx_orgs_confirm (RxOrgs   *orgs,
                 guint32   id,
                 GError  **error)
{
  sqlite3_bind_int64 (orgs->confirm, 1, id);
  return step_done (orgs, orgs->confirm, error);
}

/* The one pseudo-organisation that holds unidentified prescribing, kept for
 * national totals only. */
guint32
rx_orgs_unidentified (RxOrgs  *orgs,
                      GError **error)
{
  return rx_orgs_ensure (orgs, RX_ORG_UNIDENTIFIED, "UNIDENTIFIED", FALSE, error);
}

guint32
rx_orgs_england (RxOrgs  *orgs,
                 GError **error)
{
  guint32 id = rx_orgs_ensure (orgs, RX_ORG_ENGLAND, "england", FALSE, error);

  if (id != 0 && !rx_orgs_set_name (orgs, id, "England", RX_RANK_EPRACCUR, 999999, error))
    return 0;
  return id;
}

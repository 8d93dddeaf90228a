// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define RX_DB_ERROR (rx_db_error_quark ())

typedef enum
{
  RX_DB_ERROR_FAILED,
  RX_DB_ERROR_NOT_FOUND,        /* no database at the path and CREATE not asked */
  RX_DB_ERROR_NOT_DATABASE,     /* not SQLite, or SQLite but not ours */
  RX_DB_ERROR_NEWER_SCHEMA,
  RX_DB_ERROR_READ_ONLY,
  RX_DB_ERROR_LOCKED,
} RxDbError;

typedef enum
{
  RX_DB_OPEN_READ   = 0,
  RX_DB_OPEN_WRITE  = 1 << 0,
  RX_DB_OPEN_CREATE = 1 << 1,   /* implies WRITE */
} RxDbOpenFlags;

/* The schema version this build writes; migrations run up to it. */
#define RX_DB_SCHEMA_VERSION 2

typedef enum
{
  RX_ORG_PRACTICE,
  RX_ORG_PCN,
  RX_ORG_SUB_ICB,
  RX_ORG_ICB,
  RX_ORG_REGION,
  RX_ORG_ENGLAND,
  RX_ORG_UNIDENTIFIED,          /* internal: prescribing kept for national totals only */
  RX_ORG_N_TYPES
} RxOrgType;

typedef struct _RxDb RxDb;

GQuark       rx_db_error_quark        (void);
char        *rx_db_resolve_path       (const char    *cli_path) G_GNUC_WARN_UNUSED_RESULT;
RxDb        *rx_db_open               (const char    *path,
                                       RxDbOpenFlags  flags,
                                       GError       **error) G_GNUC_WARN_UNUSED_RESULT;
void         rx_db_close              (RxDb          *db);
sqlite3     *rx_db_get_handle         (RxDb          *db);
const char  *rx_db_get_path           (RxDb          *db);
gboolean     rx_db_is_writable        (RxDb          *db);
int          rx_db_get_schema_version (RxDb          *db);

gboolean     rx_db_exec               (RxDb          *db,
                                       const char    *sql,
                                       GError       **error);
gboolean     rx_db_begin              (RxDb          *db,
                                       GError       **error);
gboolean     rx_db_commit             (RxDb          *db,
                                       GError       **error);
void         rx_db_rollback           (RxDb          *db);
sqlite3_stmt *rx_db_prepare           (RxDb          *db,
                                       const char    *sql,
                                       GError       **error);
gboolean     rx_db_set_error          (RxDb          *db,
                                       GError       **error,
                                       const char    *what);

char        *rx_db_get_meta           (RxDb          *db,
                                       const char    *key) G_GNUC_WARN_UNUSED_RESULT;
gboolean     rx_db_set_meta           (RxDb          *db,
                                       const char    *key,
                                       const char    *value,
                                       GError       **error);

char        *rx_db_get_preference     (RxDb          *db,
                                       const char    *key) G_GNUC_WARN_UNUSED_RESULT;
int          rx_db_count_months       (RxDb          *db,
                                       const char    *kind);

const char  *rx_org_type_to_string    (RxOrgType      type);
gboolean     rx_org_type_from_string  (const char    *text,
                                       RxOrgType     *type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RxDb, rx_db_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS

// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <sys/stat.h>

#include "rx-db.h"
#include "rx-test.h"

static char *
temp_db (void)
{
  g_autofree char *dir = rx_test_temp_dir ();

  return g_build_filename (dir, "sub", "rx.db", NULL);
}

START_TEST (test_create_and_reopen)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  RxDb *db;

  db = rx_db_open (path, RX_DB_OPEN_CREATE, &error);
  ck_assert_msg (db != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (rx_db_get_schema_version (db), RX_DB_SCHEMA_VERSION);
  ck_assert (rx_db_set_meta (db, "demo", "1", &error));
  rx_db_close (db);

  db = rx_db_open (path, RX_DB_OPEN_READ, &error);
  ck_assert_msg (db != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (rx_db_get_schema_version (db), RX_DB_SCHEMA_VERSION);
  {
    g_autofree char *demo = rx_db_get_meta (db, "demo");
    ck_assert_str_eq (demo, "1");
  }
  ck_assert_int_eq (rx_db_count_months (db, "prescribing"), 0);
  rx_db_close (db);
}
END_TEST

START_TEST (test_migrate_empty_file)
{
  g_autofree char *path = temp_db ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  RxDb *db;
  sqlite3 *raw;

  g_mkdir_with_parents (dir, 0700);
  /* An empty SQLite database (version 0) migrates to the current schema. */
  ck_assert_int_eq (sqlite3_open (path, &raw), SQLITE_OK);
  sqlite3_close (raw);
  db = rx_db_open (path, RX_DB_OPEN_WRITE, &error);
  ck_assert_msg (db != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (rx_db_get_schema_version (db), RX_DB_SCHEMA_VERSION);
  rx_db_close (db);
  db = rx_db_open (path, RX_DB_OPEN_WRITE, &error);
  ck_assert_msg (db != NULL, "%s", error ? error->message : "");
  rx_db_close (db);
}
END_TEST

START_TEST (test_missing_not_created)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;

  ck_assert_ptr_null (rx_db_open (path, RX_DB_OPEN_READ, &error));
  ck_assert (g_error_matches (error, RX_DB_ERROR, RX_DB_ERROR_NOT_FOUND));
  ck_assert (!g_file_test (path, G_FILE_TEST_EXISTS));
}
END_TEST

static void
assert_unchanged_refusal (const char *path,
                          const char *contents,
                          gsize       len,
                          RxDbError   code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  gsize after_len = 0;

  ck_assert_ptr_null (rx_db_open (path, RX_DB_OPEN_CREATE, &error));
  ck_assert_msg (g_error_matches (error, RX_DB_ERROR, code), "got %s",
                 error ? error->message : "no error");
  ck_assert (g_file_get_contents (path, &after, &after_len, NULL));
  ck_assert_uint_eq (after_len, len);
  ck_assert (memcmp (after, contents, len) == 0);
}

START_TEST (test_not_a_database)
{
  g_autofree char *dir = rx_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "notes.db", NULL);
  const char *text = "PRACTICE_CODE,ITEMS\nA81001,3\n";

  ck_assert (g_file_set_contents (path, text, -1, NULL));
  assert_unchanged_refusal (path, text, strlen (text), RX_DB_ERROR_NOT_DATABASE);
}
END_TEST

static gchar *
read_all (const char *path, gsize *len)
{
  gchar *contents = NULL;

  ck_assert (g_file_get_contents (path, &contents, len, NULL));
  return contents;
}

START_TEST (test_foreign_sqlite)
{
  g_autofree char *dir = rx_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "other.db", NULL);
  g_autofree char *before = NULL;
  sqlite3 *raw;
  gsize len;

  ck_assert_int_eq (sqlite3_open (path, &raw), SQLITE_OK);
  ck_assert_int_eq (sqlite3_exec (raw, "CREATE TABLE t (x); INSERT INTO t VALUES (1);",
                                  NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close (raw);
  before = read_all (path, &len);
  assert_unchanged_refusal (path, before, len, RX_DB_ERROR_NOT_DATABASE);
}
END_TEST

START_TEST (test_newer_schema)
{
  g_autofree char *path = temp_db ();
  g_autofree char *before = NULL;
  g_autoptr(GError) error = NULL;
  RxDb *db;
  gsize len;

  db = rx_db_open (path, RX_DB_OPEN_CREATE, &error);
  ck_assert_ptr_nonnull (db);
  ck_assert (rx_db_exec (db, "PRAGMA user_version = 99", NULL));
  ck_assert (rx_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL));
  rx_db_close (db);
  before = read_all (path, &len);
  assert_unchanged_refusal (path, before, len, RX_DB_ERROR_NEWER_SCHEMA);
}
END_TEST

START_TEST (test_read_only)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  RxDb *db;

  db = rx_db_open (path, RX_DB_OPEN_CREATE, &error);
  ck_assert_ptr_nonnull (db);
  rx_db_close (db);
  g_chmod (path, 0400);
  ck_assert_ptr_null (rx_db_open (path, RX_DB_OPEN_WRITE, &error));
  ck_assert (g_error_matches (error, RX_DB_ERROR, RX_DB_ERROR_READ_ONLY));
  /* Reading it is still fine. */
  db = rx_db_open (path, RX_DB_OPEN_READ, NULL);
  ck_assert_ptr_nonnull (db);
  rx_db_close (db);
}
END_TEST

START_TEST (test_read_only_folder)
{
  g_autoptr(GError) error = NULL;

  /* /proc cannot hold a database whoever we are. */
  ck_assert_ptr_null (rx_db_open ("/proc/rxreview/rx.db", RX_DB_OPEN_CREATE, &error));
  ck_assert_ptr_nonnull (error);
}
END_TEST

START_TEST (test_resolve_path)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  a = rx_db_resolve_path ("/tmp/x.db");
  ck_assert_str_eq (a, "/tmp/x.db");
  g_setenv ("RXREVIEW_DB", "/tmp/env.db", TRUE);
  b = rx_db_resolve_path (NULL);
  ck_assert_str_eq (b, "/tmp/env.db");
  g_unsetenv ("RXREVIEW_DB");
  c = rx_db_resolve_path (NULL);
  ck_assert (g_str_has_suffix (c, "/rxreview/rxreview.db"));
}
END_TEST

START_TEST (test_org_types)
{
  RxOrgType type;

  ck_assert (rx_org_type_from_string ("sub-icb", &type));
  ck_assert_int_eq (type, RX_ORG_SUB_ICB);
  ck_assert_str_eq (rx_org_type_to_string (RX_ORG_PCN), "pcn");
  ck_assert (!rx_org_type_from_string ("ccg", &type));
  ck_assert (!rx_org_type_from_string ("unidentified", &type));
}
END_TEST

static Suite *
db_suite (void)
{
  Suite *s = suite_create ("db");
  TCase *tc = tcase_create ("open");

  tcase_add_test (tc, test_create_and_reopen);
  tcase_add_test (tc, test_migrate_empty_file);
  tcase_add_test (tc, test_missing_not_created);
  tcase_add_test (tc, test_not_a_database);
  tcase_add_test (tc, test_foreign_sqlite);
  tcase_add_test (tc, test_newer_schema);
  tcase_add_test (tc, test_read_only);
  tcase_add_test (tc, test_read_only_folder);
  tcase_add_test (tc, test_resolve_path);
  tcase_add_test (tc, test_org_types);
  suite_add_tcase (s, tc);
  return s;
}

RX_TEST_MAIN (db_suite)

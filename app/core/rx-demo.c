// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-demo"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "rx-compute.h"
#include "rx-db.h"
#include "rx-demo.h"
#include "rx-generate.h"
#include "rx-import.h"
#include "rx-measure.h"

/* The demonstration database: a fictional ICB from the generator, imported
 * through the same importer as real files, so every page works on it. */

G_DEFINE_QUARK (rx-demo-error-quark, rx_demo_error)

gboolean
rx_demo_is_demo (const char *db_path)
{
  g_autoptr(RxDb) db = rx_db_open (db_path, RX_DB_OPEN_READ, NULL);
  g_autofree char *mark = NULL;

  if (db == NULL)
    return FALSE;
  mark = rx_db_get_meta (db, "demo");
  return g_strcmp0 (mark, "1") == 0;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static int
import_order (const char *name)
{
  if (g_str_has_prefix (name, "bnf-codes"))
    return 0;
  if (g_str_has_prefix (name, "epraccur"))
    return 1;
  if (g_str_has_prefix (name, "gp-reg-pat-prac-map"))
    return 2;
  if (g_str_has_prefix (name, "gp-reg-pat-prac-all"))
    return 3;
  if (g_str_has_prefix (name, "gp-reg-pat-prac-quin"))
    return 4;
  return 5;
}

static int
compare_files (gconstpointer a,
               gconstpointer b)
{
  const char *x = *(const char * const *) a, *y = *(const char * const *) b;
  int c = import_order (x) - import_order (y);

  return c != 0 ? c : strcmp (x, y);
}

/**
 * rx_demo_build:
 *
 * Builds the demonstration database at @db_path.  Refuses a database that
 * is not a demonstration one; replaces a demonstration one only with
 * @force.  Built beside the target and moved in place, so a failure leaves
 * nothing half-made.
 */
gboolean
rx_demo_build (const char      *db_path,
               gboolean         force,
               RxProgressFunc   progress,
               gpointer         progress_data,
               GCancellable    *cancellable,
               GError         **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *tmp_db = g_strdup_printf ("%s.demo-tmp", db_path);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = NULL;
  g_autoptr(RxDb) db = NULL;
  RxGenerateOptions gen;
  RxImportOptions imp;
  const char *name;
  gboolean ok = TRUE;

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      if (!rx_demo_is_demo (db_path))
        {
          g_set_error (error, RX_DEMO_ERROR, RX_DEMO_ERROR_NOT_DEMO,
                       "%s holds real data; the demonstration database is built only where "
                       "there is none (use --db for another path)", db_path);
          return FALSE;
        }
      if (!force)
        {
          g_set_error (error, RX_DEMO_ERROR, RX_DEMO_ERROR_EXISTS,
                       "%s is already a demonstration database; --force builds it again", db_path);
          return FALSE;
        }
    }

  dir = g_dir_make_tmp ("rxreview-demo-XXXXXX", error);
  if (dir == NULL)
    return FALSE;
  rx_generate_options_init (&gen);
  gen.scale = RX_GENERATE_SCALE_DEMO;
  gen.seed = 20240901;
  if (!rx_generate (&gen, dir, progress, progress_data, cancellable, error))
    {
      remove_tree (dir);
      return FALSE;
    }

  g_unlink (tmp_db);
  db = rx_db_open (tmp_db, RX_DB_OPEN_CREATE, error);
  if (db == NULL || !rx_db_set_meta (db, "demo", "1", error))
    {
      remove_tree (dir);
      return FALSE;
    }
  d = g_dir_open (dir, 0, error);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (files, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (files, compare_files);

  rx_import_options_init (&imp);
  imp.compute = FALSE;          /* once at the end, not after every file */
  imp.progress = progress;
  imp.progress_data = progress_data;
  for (guint i = 0; ok && i < files->len; i++)
    {
      RxImportResult *r = rx_import_file (db, g_ptr_array_index (files, i), &imp, cancellable, error);
      ok = r != NULL;
      rx_import_result_free (r);
    }
  if (ok)
    {
      ok = rx_db_begin (db, error);
      if (ok && !(rx_measure_sync_bundled (db, NULL, error) && rx_db_commit (db, error)))
        {
          rx_db_rollback (db);
          ok = FALSE;
        }
      ok = ok && rx_compute_months (db, NULL, NULL, cancellable, progress, progress_data, error);
    }
  g_clear_pointer (&db, rx_db_close);
  remove_tree (dir);
  if (ok)
    {
      /* The old demonstration database's WAL must not outlive it. */
      g_autofree char *old_wal = g_strdup_printf ("%s-wal", db_path);
      g_autofree char *old_shm = g_strdup_printf ("%s-shm", db_path);
      g_unlink (old_wal);
      g_unlink (old_shm);
    }
  if (ok && g_rename (tmp_db, db_path) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot move the demonstration database to %s: %s", db_path, g_strerror (errno));
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (tmp_db);
    }
  {
    g_autofree char *wal = g_strdup_printf ("%s-wal", tmp_db);
    g_autofree char *shm = g_strdup_printf ("%s-shm", tmp_db);
    g_unlink (wal);
    g_unlink (shm);
  }
  return ok;
}

typedef struct
{
  char     *db_path;
  gboolean  force;
} DemoTask;

static void
demo_task_free (gpointer data)
{
  DemoTask *t = data;

  g_free (t->db_path);
  g_free (t);
}

static void
demo_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DemoTask *t = task_data;
  GError *error = NULL;

  if (rx_demo_build (t->db_path, t->force, NULL, NULL, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
rx_demo_build_async (const char          *db_path,
                     gboolean             force,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  DemoTask *t = g_new0 (DemoTask, 1);

  t->db_path = g_strdup (db_path);
  t->force = force;
  g_task_set_task_data (task, t, demo_task_free);
  g_task_run_in_thread (task, demo_thread);
}

gboolean
rx_demo_build_finish (GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

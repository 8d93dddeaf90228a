// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rx-import.h"
#include "rx-test.h"

/* "All of it is stored or none of it" must hold when the process dies: a
 * child imports a large month into a database that already holds an
 * earlier one and is SIGKILLed part-way, while reading, while storing, and
 * at fixed times.  Afterwards the database passes its integrity check, the
 * earlier month is byte for byte what it was, and the killed month left no
 * trace: no chunk, no totals, no month held, no import log row.
 *
 * Every import runs in a forked child, so that this process never starts a
 * thread before it forks (GLib's thread pool keeps idle threads that a
 * forked child would not have). */

#define EARLY_MONTH 202401
#define BIG_MONTH   202402
#define BIG_ROWS    300000

static char *
write_month (const char *dir,
             const char *name,
             int         month,
             guint       rows)
{
  char *path = g_build_filename (dir, name, NULL);
  FILE *f = fopen (path, "w");

  ck_assert_ptr_nonnull (f);
  fputs ("YEAR_MONTH,PCO_CODE,PRACTICE_NAME,PRACTICE_CODE,BNF_CODE,BNF_DESCRIPTION,ITEMS,"
         "QUANTITY,TOTAL_QUANTITY,NIC,ACTUAL_COST\n", f);
  for (guint i = 0; i < rows; i++)
    {
      guint practice = i % 6000, code = (i / 7) % 400, items = 1 + i % 13;
      fprintf (f, "%d,%02uX00,PRACTICE %u,K%05u,0212000B0AA%04u,Presentation %u,%u,28,%u,"
               "%u.%02u,%u.%05u\n", month, practice % 90 + 10, practice, practice, code, code,
               items, items * 28, items * 3, i % 100, items * 2, i % 100000);
    }
  ck_assert_int_eq (fclose (f), 0);
  return path;
}

typedef struct
{
  int fd;
  gboolean sent;
} Signal;

static void
signal_progress (const RxProgress *progress,
                 gpointer          data)
{
  Signal *s = data;

  if (!s->sent && write (s->fd, "R", 1) == 1)
    s->sent = TRUE;
}

/* In the child: import @path and exit 0, or exit 1 with the message. */
G_GNUC_NORETURN static void
child_import (const char *db_path,
              const char *path,
              int         fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RxDb) db = rx_db_open (db_path, RX_DB_OPEN_CREATE, &error);
  g_autoptr(RxImportResult) result = NULL;
  Signal s = { fd, FALSE };
  RxImportOptions options;

  if (db != NULL)
    {
      rx_import_options_init (&options);
      options.compute = FALSE;
      options.force = TRUE;
      options.progress = signal_progress;
      options.progress_data = &s;
      result = rx_import_file (db, path, &options, NULL, &error);
    }
  if (result == NULL)
    {
      g_printerr ("child: %s\n", error ? error->message : "?");
      _exit (1);
    }
  _exit (0);
}

static pid_t
start_child (const char *db_path,
             const char *path,
             int        *read_fd)
{
  int fds[2];
  pid_t pid;

  ck_assert_int_eq (pipe (fds), 0);
  pid = fork ();
  ck_assert_int_ge (pid, 0);
  if (pid == 0)
    {
      close (fds[0]);
      child_import (db_path, path, fds[1]);
    }
  close (fds[1]);
  *read_fd = fds[0];
  return pid;
}

/* Imports @path to completion in a child. */
static void
import_in_child (const char *db_path,
                 const char *path)
{
  int fd, status;
  pid_t pid = start_child (db_path, path, &fd);

  ck_assert_int_eq (waitpid (pid, &status, 0), pid);
  close (fd);
  ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 0, "import of %s failed", path);
}

static gint64
wal_size (const char *db_path)
{
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  struct stat st;

  return stat (wal, &st) == 0 ? (gint64) st.st_size : 0;
}

typedef enum
{
  KILL_READING,       /* once the child reports progress: reading rows */
  KILL_WAL,           /* once the WAL has grown past N KiB: storing, committing */
  KILL_AFTER_MS,
} KillWhen;

/* Runs an import of @path in a child and SIGKILLs it: @ms after it reports
 * progress, once the WAL exceeds @ms KiB, or @ms after it starts.  Returns
 * TRUE if it was killed, FALSE if it finished first. */
static gboolean
kill_child (const char *db_path,
            const char *path,
            KillWhen    when,
            int         ms)
{
  gint64 start = g_get_monotonic_time ();
  int fd, status;
  pid_t pid = start_child (db_path, path, &fd);
  gboolean done = FALSE;

  while (!done)
    {
      struct pollfd p = { fd, POLLIN, 0 };
      pid_t got = waitpid (pid, &status, WNOHANG);

      if (got == pid)
        {
          close (fd);
          return FALSE;
        }
      switch (when)
        {
        case KILL_READING:
          done = poll (&p, 1, 1) == 1 && (p.revents & POLLIN);
          if (done)
            g_usleep (ms * 1000);
          break;
        case KILL_WAL:
          done = wal_size (db_path) > (gint64) ms * 1024;
          if (!done)
            g_usleep (200);
          break;
        case KILL_AFTER_MS:
          done = g_get_monotonic_time () - start >= ms * 1000;
          if (!done)
            g_usleep (500);
          break;
        }
      ck_assert_msg (g_get_monotonic_time () - start < 120 * G_USEC_PER_SEC,
                     "child never got there");
    }
  kill (pid, SIGKILL);
  ck_assert_int_eq (waitpid (pid, &status, 0), pid);
  close (fd);
  if (WIFEXITED (status))
    return FALSE;      /* it finished in the instant before the signal */
  ck_assert (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  g_print ("kill-test: killed after %.0f ms (WAL %" G_GINT64_FORMAT " bytes)\n",
           (g_get_monotonic_time () - start) / 1000.0, wal_size (db_path));
  return TRUE;
}

/* What must survive: the earlier month's rows of every prescribing table,
 * the months held and the import log, as hex. */
static char *
dump_kept (sqlite3 *h)
{
  static const char * const queries[] = {
    "SELECT month, bnf_id, n_rows, hex (data) FROM rx_chunk ORDER BY month, bnf_id",
    "SELECT month, org_id, items, nic, cost FROM rx_month_org ORDER BY month, org_id",
    "SELECT month, kind FROM month_held ORDER BY month, kind",
    "SELECT id, file_name, sha256, kind, months, rows_read, rows_stored FROM import_log "
    "ORDER BY id",
    "SELECT count(*) FROM org",
  };
  GString *out = g_string_new (NULL);

  for (gsize q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      ck_assert_int_eq (sqlite3_prepare_v2 (h, queries[q], -1, &stmt, NULL), SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (out, "%s|", (const char *) sqlite3_column_text (stmt, c));
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

/* Equal dumps, or the first line that differs (the whole would be too
 * long for a test message). */
static void
assert_same (const char *got,
             const char *want)
{
  g_auto(GStrv) a = g_strsplit (got, "\n", -1);
  g_auto(GStrv) b = g_strsplit (want, "\n", -1);

  for (guint i = 0; a[i] != NULL || b[i] != NULL; i++)
    if (a[i] == NULL || b[i] == NULL || strcmp (a[i], b[i]) != 0)
      ck_abort_msg ("line %u: '%.200s', expected '%.200s'", i, a[i] ? a[i] : "(end)",
                    b[i] ? b[i] : "(end)");
}

static gint64
count (sqlite3    *h,
       const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  ck_assert_int_eq (sqlite3_prepare_v2 (h, sql, -1, &stmt, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

typedef enum
{
  MUST_BE_ABSENT,     /* killed before the commit could start */
  ABSENT_OR_WHOLE,    /* killed while storing: the commit may have made it */
  MUST_BE_WHOLE,      /* the import finished */
} Expect;

/* Opens the database as the next run would (WAL recovery included) and
 * checks it.  Returns whether the big month is there (then in full). */
static gboolean
check_database (const char *db_path,
                const char *kept,
                Expect      expect)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RxDb) db = rx_db_open (db_path, RX_DB_OPEN_WRITE, &error);
  sqlite3 *h;
  g_autoptr(sqlite3_stmt) check = NULL;
  gboolean present;

  ck_assert_msg (db != NULL, "%s", error ? error->message : "");
  h = rx_db_get_handle (db);
  ck_assert_int_eq (sqlite3_prepare_v2 (h, "PRAGMA integrity_check", -1, &check, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_step (check), SQLITE_ROW);
  ck_assert_str_eq ((const char *) sqlite3_column_text (check, 0), "ok");
  ck_assert_int_eq (sqlite3_step (check), SQLITE_DONE);

  present = count (h, "SELECT count(*) FROM month_held WHERE month = 202402") > 0;
  if (expect == MUST_BE_ABSENT)
    ck_assert_msg (!present, "the month killed while reading was stored");
  if (expect == MUST_BE_WHOLE)
    ck_assert_msg (present, "the month imported in full is missing");
  if (!present)
    {
      g_autofree char *now = dump_kept (h);

      assert_same (now, kept);
      ck_assert_int_eq (count (h, "SELECT count(*) FROM rx_chunk WHERE month = 202402"), 0);
      ck_assert_int_eq (count (h, "SELECT count(*) FROM rx_month_org WHERE month = 202402"), 0);
      ck_assert_int_eq (count (h, "SELECT count(*) FROM import_log WHERE months = '2024-02'"), 0);
    }
  else
    {
      ck_assert_int_eq (count (h, "SELECT count(*) FROM rx_chunk WHERE month = 202402"), 400);
      ck_assert_int_eq (count (h, "SELECT sum(n_rows) FROM rx_chunk WHERE month = 202402") > 0, 1);
      /* 6,000 practices, but K00998 … K05998 are "…998", unidentified. */
      ck_assert_int_eq (count (h, "SELECT count(*) FROM rx_month_org WHERE month = 202402"), 5995);
      ck_assert_int_eq (count (h, "SELECT count(*) FROM import_log WHERE months = '2024-02'"), 1);
    }
  /* The earlier month, whatever happened. */
  ck_assert_int_eq (count (h, "SELECT count(*) FROM rx_chunk WHERE month = 202401"), 400);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM month_held WHERE month = %d",
                                            EARLY_MONTH);
    ck_assert_int_eq (count (h, sql), 1);
  }
  return present;
}

/* Deletes the big month again, for the next round, and returns the new
 * dump of what must be kept (organisations learnt from it stay). */
static char *
remove_big_month (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RxDb) db = rx_db_open (db_path, RX_DB_OPEN_WRITE, &error);

  ck_assert_msg (db != NULL, "%s", error ? error->message : "");
  ck_assert (rx_db_exec (db, "DELETE FROM rx_chunk WHERE month = 202402; "
                             "DELETE FROM rx_month_org WHERE month = 202402; "
                             "DELETE FROM month_held WHERE month = 202402; "
                             "DELETE FROM import_log WHERE months = '2024-02'", &error));
  return dump_kept (rx_db_get_handle (db));
}

START_TEST (test_kill_mid_import)
{
  g_autofree char *dir = rx_test_temp_dir ();
  g_autofree char *db_path = g_build_filename (dir, "rx.db", NULL);
  g_autofree char *early = write_month (dir, "epd_202401.csv", EARLY_MONTH, 40000);
  g_autofree char *big = write_month (dir, "epd_202402.csv", BIG_MONTH, BIG_ROWS);
  g_autofree char *kept = NULL;
  static const struct { KillWhen when; int ms; } rounds[] = {
    { KILL_READING, 0 }, { KILL_READING, 50 },
    { KILL_WAL, 4 }, { KILL_WAL, 64 }, { KILL_WAL, 256 }, { KILL_WAL, 1024 },
    { KILL_AFTER_MS, 150 }, { KILL_AFTER_MS, 300 }, { KILL_AFTER_MS, 450 },
  };
  guint killed = 0;

  import_in_child (db_path, early);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RxDb) db = rx_db_open (db_path, RX_DB_OPEN_WRITE, &error);

    ck_assert_msg (db != NULL, "%s", error ? error->message : "");
    kept = dump_kept (rx_db_get_handle (db));
  }
  ck_assert (strstr (kept, "202401|epd|") != NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (rounds); i++)
    {
      gboolean was_killed = kill_child (db_path, big, rounds[i].when, rounds[i].ms);
      Expect expect = !was_killed ? MUST_BE_WHOLE
                      : rounds[i].when == KILL_READING ? MUST_BE_ABSENT : ABSENT_OR_WHOLE;

      killed += was_killed;
      if (!was_killed)
        g_print ("kill-test: round %" G_GSIZE_FORMAT " finished before the signal\n", i);
      if (check_database (db_path, kept, expect))
        {
          if (was_killed)
            g_print ("kill-test: round %" G_GSIZE_FORMAT " was killed after its commit\n", i);
          g_free (kept);
          kept = remove_big_month (db_path);
        }
    }
  /* The reading rounds are always mid-import; at least they were killed. */
  ck_assert_uint_ge (killed, 2);

  /* After all that, the same file imports completely. */
  import_in_child (db_path, big);
  check_database (db_path, kept, MUST_BE_WHOLE);
}
END_TEST

static Suite *
kill_suite (void)
{
  Suite *s = suite_create ("kill");
  TCase *tc = tcase_create ("sigkill");

  tcase_set_timeout (tc, 600);
  tcase_add_test (tc, test_kill_mid_import);
  suite_add_tcase (s, tc);
  return s;
}

RX_TEST_MAIN (kill_suite)

// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-cli"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rx-cli-commands.h"
#include "rx-import.h"

static volatile sig_atomic_t interrupted = 0;

static void
on_sigint (int signum)
{
  interrupted = 1;
}

typedef struct
{
  GCancellable *cancellable;
  gboolean      live;
} ImportProgress;

/* A live line on a terminal; Ctrl+C is turned into a cancel here because
 * a signal handler cannot safely cancel by itself. */
static void
progress_cb (const RxProgress *progress,
             gpointer          user_data)
{
  ImportProgress *p = user_data;

  if (interrupted)
    g_cancellable_cancel (p->cancellable);
  if (!p->live)
    return;
  if (progress->fraction >= 0)
    fprintf (stderr, "\r%s: %s %3.0f%%, %" G_GUINT64_FORMAT " rows, %.0f rows/s   ",
             progress->file ? progress->file : "", progress->stage, progress->fraction * 100,
             progress->rows, progress->rows_per_second);
  else
    fprintf (stderr, "\r%s: %s, %" G_GUINT64_FORMAT " rows   ", progress->file ? progress->file : "",
             progress->stage, progress->rows);
}

static int
exit_for (const GError *error)
{
  if (error->domain == RX_IMPORT_ERROR && error->code == RX_IMPORT_ERROR_REFUSED)
    return RX_EXIT_INPUT;
  return rx_cli_exit_for_error (error);
}

int
rx_cli_cmd_import_impl (RxCli  *cli,
                        int     argc,
                        char  **argv)
{
  g_autofree char *kind_text = NULL;
  gboolean force = FALSE, quiet = FALSE, no_compute = FALSE;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, "The file kind (skip detection)", "KIND" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Import a file already imported", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No summary line", NULL },
    { "no-compute", 0, 0, G_OPTION_ARG_NONE, &no_compute,
      "Do not compute measures and savings now (run 'measures compute' later)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE… - import published files");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RxDb) db = NULL;
  RxImportOptions options;
  ImportProgress progress = { cancellable, isatty (STDERR_FILENO) && !quiet };
  int code;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Kinds: epd, pdpi, pdpi-addr, pdpi-chem, org-map, epraccur, list-size, bnf-codes.\n"
    "Each file is its own transaction: all of it is stored or none of it.");
  if ((code = rx_cli_parse (context, &argc, &argv)) != RX_EXIT_OK)
    return code;
  if (argc < 2)
    {
      rx_cli_error ("import needs at least one FILE");
      return RX_EXIT_USAGE;
    }
  rx_import_options_init (&options);
  if (kind_text != NULL && !rx_kind_from_string (kind_text, &options.kind))
    {
      rx_cli_error ("unknown kind '%s'", kind_text);
      return RX_EXIT_USAGE;
    }
  options.force = force;
  options.compute = !no_compute;
  options.progress = progress_cb;
  options.progress_data = &progress;

  db = rx_cli_open_db (cli, RX_DB_OPEN_CREATE, &code);
  if (db == NULL)
    return code;
  signal (SIGINT, on_sigint);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RxImportResult) result = rx_import_file (db, argv[i], &options, cancellable, &error);

      if (progress.live)
        fprintf (stderr, "\r\033[K");
      if (result == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              rx_cli_error ("%s: interrupted; nothing of it was stored", argv[i]);
              return RX_EXIT_INTERRUPTED;
            }
          /* A refused file's message is its rejected rows, one a line,
           * then the refusal: the rows as cli.md shows them, the refusal
           * as the one-line error. */
          {
            const char *last = strrchr (error->message, '\n');

            if (last != NULL)
              {
                fprintf (stderr, "%.*s\n", (int) (last - error->message), error->message);
                rx_cli_error ("%s", last + 1);
              }
            else
              rx_cli_error ("%s", error->message);
          }
          return exit_for (error);
        }
      for (guint j = 0; j < result->rejections->len; j++)
        fprintf (stderr, "%s\n", (const char *) g_ptr_array_index (result->rejections, j));
      if (result->rows_rejected > result->rejections->len)
        fprintf (stderr, "… and %" G_GUINT64_FORMAT " more rejected rows\n",
                 result->rows_rejected - result->rejections->len);
      for (guint j = 0; j < result->warnings->len; j++)
        fprintf (stderr, "warning: %s\n", (const char *) g_ptr_array_index (result->warnings, j));
      if (!quiet)
        {
          g_autofree char *summary = rx_import_result_summary (result);
          fprintf (stderr, "%s\n", summary);
        }
      if (result->compute_error != NULL)
        {
          gboolean cancelled = g_error_matches (result->compute_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

          rx_cli_error ("%s: imported, but computing its results %s%s; rxreview measures compute "
                        "finishes them", argv[i], cancelled ? "was interrupted" : "failed: ",
                        cancelled ? "" : result->compute_error->message);
          return cancelled ? RX_EXIT_INTERRUPTED : RX_EXIT_FAILED;
        }
    }
  return RX_EXIT_OK;
}

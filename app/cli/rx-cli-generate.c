// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-cli"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "rx-cli-commands.h"
#include "rx-generate.h"

/* generate: synthetic files in the published formats (cli.md).  Needs no
 * database. */

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
} GenerateProgress;

/* A live line on a terminal; Ctrl+C becomes a cancel here, because a
 * signal handler cannot safely cancel by itself. */
static void
progress_cb (const RxProgress *progress,
             gpointer          user_data)
{
  GenerateProgress *p = user_data;

  if (interrupted)
    g_cancellable_cancel (p->cancellable);
  if (!p->live)
    return;
  fprintf (stderr, "\r\033[K%s: %s %3.0f%%, %" G_GUINT64_FORMAT " rows, %.0f rows/s",
           progress->file != NULL ? progress->file : "generate", progress->stage,
           progress->fraction >= 0 ? progress->fraction * 100 : 0, progress->rows,
           progress->rows_per_second);
}

static gboolean
parse_count (const char *text,
             guint64     max,
             guint64    *out)
{
  return g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL);
}

/* FROM..TO, or one month. */
static gboolean
parse_months (const char *text,
              int        *from,
              int        *to)
{
  const char *dots = strstr (text, "..");
  g_autofree char *first = NULL;

  if (dots == NULL)
    return rx_cli_parse_month (text, from) && rx_cli_parse_month (text, to);
  first = g_strndup (text, (gsize) (dots - text));
  return rx_cli_parse_month (first, from) && rx_cli_parse_month (dots + 2, to) && *from <= *to;
}


int
rx_cli_cmd_generate_impl (RxCli  *cli,
                          int     argc,
                          char  **argv)
{
  g_autofree char *out = NULL, *seed = NULL, *scale = NULL, *practices = NULL;
  g_autofree char *months = NULL, *layout = NULL;
  gboolean gzip = FALSE, quiet = FALSE;
  GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Folder to write into (created if needed)",
      "DIR" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed, "Random seed (default 1)", "N" },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale, "small, demo or national (default small)",
      "SCALE" },
    { "practices", 0, 0, G_OPTION_ARG_STRING, &practices, "GP practices (default: the scale's)",
      "N" },
    { "months", 0, 0, G_OPTION_ARG_STRING, &months, "Months, inclusive (default: the scale's)",
      "FROM..TO" },
    { "layout", 0, 0, G_OPTION_ARG_STRING, &layout,
      "epd, epd-icb, epd-stp, epd-area-team or pdpi (default epd)", "LAYOUT" },
    { "gzip", 0, 0, G_OPTION_ARG_NONE, &gzip, "Write the prescribing files as FILE.gz", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No summary line", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("- write synthetic files in the published formats");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GenerateProgress progress = { cancellable, FALSE };
  RxGenerateOptions opts;
  RxGenerateResult result;
  gint64 started;
  int code;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Scales: small (~20 practices, 2024-01..2024-03), demo (one ICB, ~80 practices,\n"
    "24 months to 2024-09), national (~6,500 practices, ~18.5 M rows a month).\n"
    "The same options always write the same bytes.");
  if ((code = rx_cli_parse (context, &argc, &argv)) != RX_EXIT_OK)
    return code;
  if (argc > 1)
    {
      rx_cli_error ("generate takes no arguments ('%s')", argv[1]);
      return RX_EXIT_USAGE;
    }
  if (out == NULL)
    {
      rx_cli_error ("generate needs --out DIR");
      return RX_EXIT_USAGE;
    }

  rx_generate_options_init (&opts);
  if (seed != NULL && !parse_count (seed, G_MAXUINT64, &opts.seed))
    {
      rx_cli_error ("--seed must be a whole number, not '%s'", seed);
      return RX_EXIT_USAGE;
    }
  if (scale != NULL && !rx_generate_scale_from_string (scale, &opts.scale))
    {
      rx_cli_error ("unknown scale '%s' (small, demo, national)", scale);
      return RX_EXIT_USAGE;
    }
  if (practices != NULL)
    {
      guint64 n;

      if (!parse_count (practices, 50000, &n) || n == 0)
        {
          rx_cli_error ("--practices must be 1 to 50000, not '%s'", practices);
          return RX_EXIT_USAGE;
        }
      opts.n_practices = (guint) n;
    }
  if (months != NULL && !parse_months (months, &opts.from_month, &opts.to_month))
    {
      rx_cli_error ("--months must be FROM..TO (YYYY-MM or YYYYMM, FROM not after TO), not '%s'",
                    months);
      return RX_EXIT_USAGE;
    }
  if (layout != NULL && !rx_layout_from_string (layout, &opts.layout))
    {
      rx_cli_error ("unknown layout '%s' (epd, epd-icb, epd-stp, epd-area-team, pdpi)", layout);
      return RX_EXIT_USAGE;
    }
  opts.gzip = gzip;

  progress.live = !quiet && isatty (STDERR_FILENO);
  signal (SIGINT, on_sigint);
  started = g_get_monotonic_time ();
  if (!rx_generate_full (&opts, out, progress_cb, &progress, cancellable, &result, &error))
    {
      if (progress.live)
        fprintf (stderr, "\r\033[K");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          rx_cli_error ("generate: interrupted; the file being written was removed");
          return RX_EXIT_INTERRUPTED;
        }
      rx_cli_error ("%s", error->message);
      return error->domain == RX_GENERATE_ERROR ? RX_EXIT_USAGE : rx_cli_exit_for_error (error);
    }
  if (progress.live)
    fprintf (stderr, "\r\033[K");
  if (!quiet)
    fprintf (stderr, "generate: %u files, %" G_GUINT64_FORMAT " rows, %.1f s\n", result.n_files,
             result.rows, (g_get_monotonic_time () - started) / 1e6);
  return RX_EXIT_OK;
}

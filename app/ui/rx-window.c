// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rx-db.h"
#include "rx-demo.h"
#include "rx-import.h"
#include "rx-window.h"

struct _RxWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *content_box;
  GtkStack             *main_stack;
  AdwStatusPage        *summary_page;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;

  /* Owned */
  GSettings            *settings;
  char                 *db_path;
  GCancellable         *import_cancellable;
  GtkFileChooserNative *chooser;

  /* Progress from the import worker: it writes under the mutex, one idle
   * at low priority shows the latest state, so the main loop never waits. */
  GMutex                progress_lock;
  RxProgress            progress;
  char                 *progress_file;
  guint                 progress_idle;
};

G_DEFINE_FINAL_TYPE (RxWindow, rx_window, ADW_TYPE_APPLICATION_WINDOW)

void
rx_window_show_toast (RxWindow   *self,
                      const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

const char *
rx_window_get_visible_page (RxWindow *self)
{
  return gtk_stack_get_visible_child_name (self->main_stack);
}

/* Shows the empty state until the database holds prescribing. */
static void
refresh_page (RxWindow *self)
{
  g_autoptr(RxDb) db = NULL;
  int months = 0;

  if (g_file_test (self->db_path, G_FILE_TEST_EXISTS))
    db = rx_db_open (self->db_path, RX_DB_OPEN_READ, NULL);
  if (db != NULL)
    months = rx_db_count_months (db, "prescribing");
  if (months > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%d month of prescribing is held.",
                                                         "%d months of prescribing are held.",
                                                         months), months);
      adw_status_page_set_description (self->summary_page, text);
      gtk_stack_set_visible_child_name (self->main_stack, "summary");
    }
  else
    gtk_stack_set_visible_child_name (self->main_stack, "empty");
}

static gboolean
show_progress (gpointer user_data)
{
  RxWindow *self = user_data;
  g_autofree char *file = NULL;
  g_autofree char *text = NULL;
  RxProgress p;

  g_mutex_lock (&self->progress_lock);
  p = self->progress;
  file = g_strdup (self->progress_file);
  self->progress_idle = 0;
  g_mutex_unlock (&self->progress_lock);

  if (p.fraction >= 0)
    gtk_progress_bar_set_fraction (self->progress_bar, p.fraction);
  else
    gtk_progress_bar_pulse (self->progress_bar);
  if (g_strcmp0 (p.stage, "computing") == 0)
    text = g_strdup (_("Computing measures…"));
  else
    {
      g_autofree char *base = file ? g_path_get_basename (file) : g_strdup ("");
      double left = p.fraction > 0.01 && p.rows_per_second > 0
        ? (1 - p.fraction) * (p.rows / p.fraction) / p.rows_per_second : -1;
      if (left >= 0)
        text = g_strdup_printf (_("Importing %s — %'.0f rows a second, about %.0f s left"),
                                base, p.rows_per_second, left);
      else
        text = g_strdup_printf (_("Importing %s — %'.0f rows a second"), base, p.rows_per_second);
    }
  gtk_label_set_text (self->progress_label, text);
  return G_SOURCE_REMOVE;
}

/* Called on the import thread. */
static void
on_import_progress (const RxProgress *progress,
                    gpointer          user_data)
{
  RxWindow *self = user_data;

  g_mutex_lock (&self->progress_lock);
  self->progress = *progress;
  self->progress.file = NULL;
  self->progress.stage = g_intern_string (progress->stage);
  if (progress->file != NULL && g_strcmp0 (progress->file, self->progress_file) != 0)
    {
      g_free (self->progress_file);
      self->progress_file = g_strdup (progress->file);
    }
  if (self->progress_idle == 0)
    self->progress_idle = g_idle_add_full (G_PRIORITY_LOW, show_progress, g_object_ref (self),
                                           g_object_unref);
  g_mutex_unlock (&self->progress_lock);
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RxWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = rx_import_files_finish (result, &error);

  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", TRUE);
  g_clear_object (&self->import_cancellable);
  if (results == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rx_window_show_toast (self, _("Import cancelled; nothing of that file was stored"));
      else
        {
          /* The first line names the file and the reason; the rest (the
           * rejected rows) is too long for a toast. */
          g_auto(GStrv) lines = g_strsplit (error->message, "\n", -1);
          rx_window_show_toast (self, lines[g_strv_length (lines) - 1]);
        }
    }
  else
    {
      guint64 rows = 0;
      guint skipped = 0;
      g_autofree char *text = NULL;
      RxImportResult *last = results->len > 0 ? g_ptr_array_index (results, results->len - 1) : NULL;

      for (guint i = 0; i < results->len; i++)
        {
          RxImportResult *r = g_ptr_array_index (results, i);
          rows += r->rows_stored;
          skipped += r->skipped;
        }
      if (last != NULL && last->compute_error != NULL)
        text = g_error_matches (last->compute_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          ? g_strdup (_("Imported; computing its results was cancelled, so some figures are out of date"))
          : g_strdup_printf (_("Imported, but computing the results failed: %s"), last->compute_error->message);
      else if (skipped == results->len)
        text = g_strdup (_("Already imported: nothing new"));
      else
        text = g_strdup_printf (ngettext ("Imported %u file, %'" G_GUINT64_FORMAT " rows",
                                          "Imported %u files, %'" G_GUINT64_FORMAT " rows",
                                          results->len - skipped),
                                results->len - skipped, rows);
      rx_window_show_toast (self, text);
    }
  refresh_page (self);
}

/**
 * rx_window_import_files:
 * @files: (element-type GFile): what the user chose or dropped
 *
 * Imports in a worker thread with a progress bar and a Cancel button.
 */
void
rx_window_import_files (RxWindow *self,
                        GList    *files)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  RxImportOptions options;

  g_return_if_fail (RX_IS_WINDOW (self));

  if (files == NULL)
    return;
  if (self->import_cancellable != NULL)
    {
      rx_window_show_toast (self, _("An import is already running"));
      return;
    }
  for (GList *l = files; l != NULL; l = l->next)
    {
      char *path = g_file_get_path (l->data);
      if (path == NULL)
        {
          rx_window_show_toast (self, _("Only local files can be imported"));
          return;
        }
      g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);

  rx_import_options_init (&options);
  options.progress = on_import_progress;
  options.progress_data = self;
  self->import_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_label, _("Starting the import…"));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", FALSE);
  rx_import_files_async (self->db_path, (char **) paths->pdata, &options, self->import_cancellable,
                         import_done, g_object_ref (self));
}

static void
chooser_response (GtkNativeDialog *dialog,
                  int              response,
                  RxWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) model = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autolist(GFile) list = NULL;

      for (guint i = g_list_model_get_n_items (model); i > 0; i--)
        list = g_list_prepend (list, g_list_model_get_item (model, i - 1));
      rx_window_import_files (self, list);
    }
  g_clear_object (&self->chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RxWindow *self = RX_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Import Files"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Published data (CSV, .gz, .zip)"));
  gtk_file_filter_add_pattern (filter, "*.[cC][sS][vV]");
  gtk_file_filter_add_pattern (filter, "*.[gG][zZ]");
  gtk_file_filter_add_pattern (filter, "*.[zZ][iI][pP]");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RxWindow *self = RX_WINDOW (widget);

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}

static void
demo_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RxWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.build-demo", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", TRUE);
  if (!rx_demo_build_finish (result, &error))
    rx_window_show_toast (self, error->message);
  else
    rx_window_show_toast (self, _("Demonstration data: a fictional ICB, not real prescribing"));
  refresh_page (self);
}

static gboolean
pulse_demo (gpointer user_data)
{
  RxWindow *self = user_data;

  if (!gtk_revealer_get_reveal_child (self->progress_revealer))
    return G_SOURCE_REMOVE;
  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
build_demo_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RxWindow *self = RX_WINDOW (widget);

  gtk_label_set_text (self->progress_label, _("Building the demonstration database…"));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  gtk_widget_action_set_enabled (widget, "win.build-demo", FALSE);
  gtk_widget_action_set_enabled (widget, "win.import", FALSE);
  g_timeout_add_full (G_PRIORITY_LOW, 100, pulse_demo, g_object_ref (self), g_object_unref);
  rx_demo_build_async (self->db_path, TRUE, NULL, demo_done, g_object_ref (self));
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         RxWindow      *self)
{
  g_autoptr(GSList) dropped = NULL;
  g_autoptr(GList) files = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  dropped = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = dropped; l != NULL; l = l->next)
    files = g_list_append (files, l->data);
  gtk_widget_remove_css_class (self->content_box, "drop-highlight");
  rx_window_import_files (self, files);
  return TRUE;
}

static GdkDragAction
on_drop_enter (GtkDropTarget *target,
               double         x,
               double         y,
               RxWindow      *self)
{
  gtk_widget_add_css_class (self->content_box, "drop-highlight");
  return GDK_ACTION_COPY;
}

static void
on_drop_leave (GtkDropTarget *target,
               RxWindow      *self)
{
  gtk_widget_remove_css_class (self->content_box, "drop-highlight");
}

static void
save_window_state (RxWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
rx_window_close_request (GtkWindow *window)
{
  save_window_state (RX_WINDOW (window));
  return GTK_WINDOW_CLASS (rx_window_parent_class)->close_request (window);
}

static void
rx_window_dispose (GObject *object)
{
  RxWindow *self = RX_WINDOW (object);

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), RX_TYPE_WINDOW);
  G_OBJECT_CLASS (rx_window_parent_class)->dispose (object);
}

static void
rx_window_finalize (GObject *object)
{
  RxWindow *self = RX_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->progress_file, g_free);
  g_mutex_clear (&self->progress_lock);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->db_path, g_free);
  G_OBJECT_CLASS (rx_window_parent_class)->finalize (object);
}

static void
rx_window_class_init (RxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rx_window_dispose;
  object_class->finalize = rx_window_finalize;
  window_class->close_request = rx_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rxreview/RxReview/rx-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RxWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RxWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, RxWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RxWindow, summary_page);
  gtk_widget_class_bind_template_child (widget_class, RxWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, RxWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, RxWindow, progress_bar);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.build-demo", NULL, build_demo_action);
}

static void
rx_window_init (RxWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_mutex_init (&self->progress_lock);

  self->settings = g_settings_new (APPLICATION_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  g_signal_connect (drop, "enter", G_CALLBACK (on_drop_enter), self);
  g_signal_connect (drop, "leave", G_CALLBACK (on_drop_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", FALSE);
}

RxWindow *
rx_window_new (GtkApplication *application,
               const char     *db_path)
{
  RxWindow *self = g_object_new (RX_TYPE_WINDOW, "application", application, NULL);

  self->db_path = g_strdup (db_path);
  refresh_page (self);
  return self;
}

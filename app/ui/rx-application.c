// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-application"

#include "config.h"

#include <glib/gi18n.h>

#include "rx-db.h"
#include "rx-window.h"
#include "rx-application.h"

struct _RxApplication
{
  AdwApplication  parent_instance;

  char           *db_path;
};

G_DEFINE_FINAL_TYPE (RxApplication, rx_application, ADW_TYPE_APPLICATION)

RxApplication *
rx_application_new (const char *db_option)
{
  RxApplication *self = g_object_new (RX_TYPE_APPLICATION,
                                      "application-id", APPLICATION_ID,
                                      "flags", G_APPLICATION_HANDLES_OPEN,
                                      "resource-base-path", "/io/github/rxreview/RxReview",
                                      NULL);

  self->db_path = rx_db_resolve_path (db_option);
  return self;
}

const char *
rx_application_get_db_path (RxApplication *self)
{
  g_return_val_if_fail (RX_IS_APPLICATION (self), NULL);
  return self->db_path;
}

static RxWindow *
ensure_window (RxApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (rx_window_new (GTK_APPLICATION (self), self->db_path));
  return RX_WINDOW (window);
}

static void
rx_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (ensure_window (RX_APPLICATION (app))));
}

static void
rx_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  RxWindow *window = ensure_window (RX_APPLICATION (app));
  g_autoptr(GList) list = NULL;

  for (int i = n_files - 1; i >= 0; i--)
    list = g_list_prepend (list, files[i]);
  gtk_window_present (GTK_WINDOW (window));
  rx_window_import_files (window, list);
}

static void
show_about (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  RxApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Rx Review developers", NULL };
  AdwAboutWindow *about;

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  g_object_set (about,
                "application-name", _("Rx Review"),
                "application-icon", APPLICATION_ID,
                "developer-name", _("The Rx Review developers"),
                "developers", developers,
                "version", PACKAGE_VERSION,
                "comments", _("Review a GP practice's prescribing against its peers, "
                              "find savings, keep the action plan and build visit packs."),
                "license-type", GTK_LICENSE_GPL_3_0,
                "copyright", "© 2026 The Rx Review developers",
                NULL);
  adw_about_window_add_legal_section (about,
    _("Prescribing data"),
    _("Contains public sector information from the NHS Business Services Authority (NHSBSA): "
      "the English Prescribing Dataset and the BNF code information."),
    GTK_LICENSE_CUSTOM,
    _("Licensed under the <a href=\"https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/\">"
      "Open Government Licence v3.0</a>."));
  adw_about_window_add_legal_section (about,
    _("Organisation and patient data"),
    _("Contains public sector information from NHS Digital (NHS England): practice-level "
      "prescribing, the GP practice mapping, ODS epraccur and patients registered at a "
      "GP practice."),
    GTK_LICENSE_CUSTOM,
    _("Licensed under the <a href=\"https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/\">"
      "Open Government Licence v3.0</a>."));
  adw_about_window_add_acknowledgement_section (about, _("Method"),
    (const char *[]) { _("The measure method of OpenPrescribing (Bennett Institute for Applied Data Science)"), NULL });
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  gtk_window_present (GTK_WINDOW (about));
}

static void
color_scheme_changed (AdwComboRow *row,
                      GParamSpec  *pspec,
                      gpointer     user_data)
{
  static const AdwColorScheme schemes[] = {
    ADW_COLOR_SCHEME_DEFAULT, ADW_COLOR_SCHEME_FORCE_LIGHT, ADW_COLOR_SCHEME_FORCE_DARK,
  };
  guint selected = adw_combo_row_get_selected (row);

  if (selected < G_N_ELEMENTS (schemes))
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), schemes[selected]);
}

static void
show_preferences (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  RxApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  AdwPreferencesWindow *prefs = ADW_PREFERENCES_WINDOW (adw_preferences_window_new ());
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *data_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *look_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwActionRow *db_row = ADW_ACTION_ROW (adw_action_row_new ());
  AdwComboRow *style_row = ADW_COMBO_ROW (adw_combo_row_new ());
  const char *styles[] = { _("Follow System"), _("Light"), _("Dark"), NULL };

  adw_preferences_page_set_title (page, _("General"));
  adw_preferences_page_set_icon_name (page, "preferences-system-symbolic");
  adw_preferences_group_set_title (data_group, _("Data"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (db_row), _("Database"));
  adw_action_row_set_subtitle (db_row, self->db_path);
  adw_preferences_group_add (data_group, GTK_WIDGET (db_row));

  adw_preferences_group_set_title (look_group, _("Appearance"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (style_row), _("Style"));
  adw_combo_row_set_model (style_row, G_LIST_MODEL (gtk_string_list_new (styles)));
  switch (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()))
    {
    case ADW_COLOR_SCHEME_FORCE_LIGHT: adw_combo_row_set_selected (style_row, 1); break;
    case ADW_COLOR_SCHEME_FORCE_DARK:  adw_combo_row_set_selected (style_row, 2); break;
    default:                           adw_combo_row_set_selected (style_row, 0); break;
    }
  g_signal_connect (style_row, "notify::selected", G_CALLBACK (color_scheme_changed), NULL);
  adw_preferences_group_add (look_group, GTK_WIDGET (style_row));

  adw_preferences_page_add (page, data_group);
  adw_preferences_page_add (page, look_group);
  adw_preferences_window_add (prefs, page);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = show_about },
  { .name = "preferences", .activate = show_preferences },
  { .name = "quit", .activate = quit_activated },
};

static void
rx_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (rx_application_parent_class)->startup (app);

  /* Dark style follows the system preference (light when there is none). */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.import",
                                         (const char *[]) { "<Control>o", NULL });
}

static void
rx_application_finalize (GObject *object)
{
  RxApplication *self = RX_APPLICATION (object);

  g_clear_pointer (&self->db_path, g_free);
  G_OBJECT_CLASS (rx_application_parent_class)->finalize (object);
}

static void
rx_application_class_init (RxApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = rx_application_finalize;
  app_class->activate = rx_application_activate;
  app_class->open = rx_application_open;
  app_class->startup = rx_application_startup;
}

static void
rx_application_init (RxApplication *self)
{
}

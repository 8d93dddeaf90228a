// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <check.h>

#include "rx-application.h"
#include "rx-window.h"
#include "rx-ui-test.h"

static GtkWidget *
find_by_type (GtkWidget *root,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

START_TEST (test_window_empty_state)
{
  g_autofree char *db_path = rx_ui_test_temp_db_path ();
  g_autoptr(RxApplication) app = NULL;
  RxWindow *window;
  GtkWidget *status, *menu_button, *header;
  GMenuModel *menu;

  rx_ui_test_init ();
  app = rx_application_new (db_path);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = rx_window_new (GTK_APPLICATION (app), db_path);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 680);
  gtk_window_present (GTK_WINDOW (window));
  rx_ui_test_wait (400);

  /* No database yet: the empty state tells the user what to do. */
  ck_assert_str_eq (rx_window_get_visible_page (window), "empty");
  status = find_by_type (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  ck_assert_ptr_nonnull (status);
  ck_assert_str_eq (adw_status_page_get_title (ADW_STATUS_PAGE (status)), "No Prescribing Data Yet");
  ck_assert (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)), "Import") != NULL);
  /* Opening the window must not create a database. */
  ck_assert (!g_file_test (db_path, G_FILE_TEST_EXISTS));

  header = find_by_type (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  ck_assert_ptr_nonnull (header);
  menu_button = find_by_type (header, GTK_TYPE_MENU_BUTTON);
  ck_assert_ptr_nonnull (menu_button);
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
  ck_assert_ptr_nonnull (menu);
  ck_assert_int_eq (g_menu_model_get_n_items (menu), 2);   /* two sections */

  ck_assert (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  ck_assert (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  ck_assert (rx_ui_test_render_png (GTK_WIDGET (window), "window-empty"));

  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  rx_ui_test_wait (300);
  /* The popover is a surface of its own: render it by itself. */
  ck_assert (rx_ui_test_render_png (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button))),
                                    "window-menu"));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));

  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_window_size_saved)
{
  g_autofree char *db_path = rx_ui_test_temp_db_path ();
  g_autoptr(RxApplication) app = NULL;
  g_autoptr(GSettings) settings = NULL;
  RxWindow *window;

  rx_ui_test_init ();
  settings = g_settings_new (APPLICATION_ID);
  app = rx_application_new (db_path);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = rx_window_new (GTK_APPLICATION (app), db_path);
  gtk_window_set_default_size (GTK_WINDOW (window), 812, 604);
  gtk_window_present (GTK_WINDOW (window));
  rx_ui_test_wait (200);
  gtk_window_close (GTK_WINDOW (window));
  rx_ui_test_wait (100);
  ck_assert_int_eq (g_settings_get_int (settings, "window-width"), 812);
  ck_assert_int_eq (g_settings_get_int (settings, "window-height"), 604);
}
END_TEST

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* borrowed */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        return w;   /* still held by GTK's list of toplevels */
    }
  return NULL;
}

/* About credits the data sources; Preferences and the shortcuts open. */
START_TEST (test_window_about_and_preferences)
{
  g_autofree char *db_path = rx_ui_test_temp_db_path ();
  g_autoptr(RxApplication) app = NULL;
  RxWindow *window;
  GtkWindow *about, *prefs;
  g_autofree char *text = NULL;

  rx_ui_test_init ();
  app = rx_application_new (db_path);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = rx_window_new (GTK_APPLICATION (app), db_path);
  gtk_window_present (GTK_WINDOW (window));
  rx_ui_test_wait (200);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  rx_ui_test_wait (300);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  ck_assert_ptr_nonnull (about);
  ck_assert_str_eq (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), "Rx Review");
  ck_assert (rx_ui_test_render_png (GTK_WIDGET (about), "about"));
  gtk_window_destroy (about);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  rx_ui_test_wait (300);
  prefs = find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  ck_assert_ptr_nonnull (prefs);
  ck_assert (rx_ui_test_render_png (GTK_WIDGET (prefs), "preferences"));
  gtk_window_destroy (prefs);

  ck_assert (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  ck_assert_ptr_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  (void) text;
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

static const char epd_fixture[] =
  "YEAR_MONTH,REGIONAL_OFFICE_NAME,REGIONAL_OFFICE_CODE,ICB_NAME,ICB_CODE,PCO_NAME,PCO_CODE,"
  "PRACTICE_NAME,PRACTICE_CODE,ADDRESS_1,ADDRESS_2,ADDRESS_3,ADDRESS_4,POSTCODE,"
  "BNF_CHEMICAL_SUBSTANCE,CHEMICAL_SUBSTANCE_BNF_DESCR,BNF_CODE,BNF_DESCRIPTION,"
  "BNF_CHAPTER_PLUS_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,ADQUSAGE,NIC,ACTUAL_COST,UNIDENTIFIED\n"
  "202401,NORTH EAST AND YORKSHIRE,Y63,NHS NENC ICB,QHM,NHS NENC ICB - 16C,16C00,"
  "THE DENSHAM SURGERY,A81001,THE HEALTH CENTRE,LAWSON STREET,STOCKTON ON TEES,CLEVELAND,"
  "TS18 1HU,0206020T0,Verapamil hydrochloride,0206020T0AAAGAG,Verapamil 160mg tablets,"
  "02: Cardiovascular System,28,4,112,74.66667,9.36,8.51204,N\n";

/* Importing from the window: a worker imports, the page follows. */
START_TEST (test_window_import)
{
  g_autofree char *db_path = rx_ui_test_temp_db_path ();
  g_autofree char *dir = g_path_get_dirname (db_path);
  g_autofree char *csv = g_build_filename (dir, "epd_202401.csv", NULL);
  g_autoptr(RxApplication) app = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GList) files = NULL;
  RxWindow *window;
  gint64 deadline;

  rx_ui_test_init ();
  ck_assert (g_file_set_contents (csv, epd_fixture, -1, NULL));
  app = rx_application_new (db_path);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = rx_window_new (GTK_APPLICATION (app), db_path);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 680);
  gtk_window_present (GTK_WINDOW (window));
  rx_ui_test_wait (200);
  ck_assert_str_eq (rx_window_get_visible_page (window), "empty");

  file = g_file_new_for_path (csv);
  files = g_list_append (NULL, file);
  rx_window_import_files (window, files);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (g_strcmp0 (rx_window_get_visible_page (window), "summary") != 0 &&
         g_get_monotonic_time () < deadline)
    rx_ui_test_wait (50);
  ck_assert_str_eq (rx_window_get_visible_page (window), "summary");
  rx_ui_test_wait (300);
  ck_assert (rx_ui_test_render_png (GTK_WIDGET (window), "window-imported"));
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

static Suite *
window_suite (void)
{
  Suite *s = suite_create ("window");
  TCase *tc = tcase_create ("window");

  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_window_empty_state);
  tcase_add_test (tc, test_window_size_saved);
  tcase_add_test (tc, test_window_import);
  tcase_add_test (tc, test_window_about_and_preferences);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *runner = srunner_create (window_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}

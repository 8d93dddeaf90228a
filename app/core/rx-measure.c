// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-measure"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rx-bnf.h"
#include "rx-measure.h"

/* Measure definitions in OpenPrescribing's JSON format plus our two
 * extensions (quantity-per-item conditions, prescribing-unit denominators),
 * and the library of bundled and user definitions in the database. */

G_DEFINE_QUARK (rx-measure-error-quark, rx_measure_error)

#define BUNDLED_PATH "/io/github/rxreview/RxReview/measures"

static const char * const type_names[] = {
  [RX_MEASURE_ITEMS] = "bnf_items",
  [RX_MEASURE_QUANTITY] = "bnf_quantity",
  [RX_MEASURE_COST] = "bnf_cost",
  [RX_MEASURE_LIST_SIZE] = "list_size",
  [RX_MEASURE_STAR_PU_ANTIBIOTICS] = "star_pu_antibiotics",
  [RX_MEASURE_ASTRO_PU_ITEMS] = "astro_pu_items",
  [RX_MEASURE_ASTRO_PU_COST] = "astro_pu_cost",
};

static const char * const categories[] = {
  "financial", "safety", "antimicrobial", "mental-health", "respiratory", "cardiovascular",
  "pain", "diabetes", "nutrition", "waste", "other", NULL,
};

const char *
rx_measure_type_to_string (RxMeasureType type)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (type_names), "");
  return type_names[type];
}

gboolean
rx_measure_type_is_bnf (RxMeasureType type)
{
  return type == RX_MEASURE_ITEMS || type == RX_MEASURE_QUANTITY || type == RX_MEASURE_COST;
}

gboolean
rx_measure_id_is_valid (const char *id)
{
  if (id == NULL || *id == '\0')
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

void
rx_measure_free (RxMeasure *m)
{
  if (m == NULL)
    return;
  g_free (m->id);
  g_free (m->name);
  g_free (m->title);
  g_free (m->description);
  g_free (m->why_it_matters);
  g_free (m->category);
  g_free (m->numerator_short);
  g_free (m->denominator_short);
  g_free (m->source_notes);
  g_strfreev (m->numerator_filter);
  g_strfreev (m->denominator_filter);
  g_free (m->json);
  g_free (m);
}

static gboolean
invalid (GError    **error,
         const char *id,
         const char *format,
         ...) G_GNUC_PRINTF (3, 4);

static gboolean
invalid (GError    **error,
         const char *id,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, RX_MEASURE_ERROR, RX_MEASURE_ERROR_INVALID, "measure %s: %s", id, message);
  return FALSE;
}

/* A string, or an array of strings joined with spaces (OP's style). */
static char *
text_member (JsonObject *obj,
             const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GString) out = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
            g_string_append_printf (out, "%s%s", out->len ? " " : "", json_node_get_string (item));
        }
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  return NULL;
}

static gboolean
bool_member (JsonObject  *obj,
             const char  *id,
             const char  *name,
             gboolean    *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return invalid (error, id, "%s must be true or false", name);
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
parse_type (JsonObject     *obj,
            const char     *id,
            const char     *name,
            gboolean        denominator,
            RxMeasureType  *out,
            GError        **error)
{
  JsonNode *node = json_object_get_member (obj, name);
  const char *text;

  /* Not json_object_get_string_member_with_default (): it is critical
   * about a member that is an array or object. */
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return invalid (error, id, "%s is missing", name);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, id, "%s must be a string such as \"bnf_items\"", name);
  text = json_node_get_string (node);
  for (gsize i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (g_str_equal (text, type_names[i]))
      {
        if (!denominator && !rx_measure_type_is_bnf (i))
          break;
        *out = i;
        return TRUE;
      }
  return invalid (error, id, "%s \"%s\" cannot be computed (%s)", name, text,
                  denominator ? "bnf_items, bnf_quantity, bnf_cost, list_size, star_pu_antibiotics, "
                                "astro_pu_items or astro_pu_cost"
                              : "bnf_items, bnf_quantity or bnf_cost");
}

static gboolean
parse_filter (JsonObject   *obj,
              const char   *id,
              const char   *name,
              char       ***out,
              GError      **error)
{
  JsonNode *node = json_object_get_member (obj, name);
  g_autoptr(GPtrArray) patterns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RxBnfFilter) filter = NULL;
  g_autoptr(GError) local = NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, id, "%s must be an array of BNF code patterns", name);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        return invalid (error, id, "%s[%u] is not a string", name, i);
      g_ptr_array_add (patterns, g_strdup (json_node_get_string (item)));
    }
  filter = rx_bnf_filter_new ((const char * const *) patterns->pdata, patterns->len, &local);
  if (filter == NULL)
    return invalid (error, id, "%s: %s", name, local->message);
  g_ptr_array_add (patterns, NULL);
  *out = (char **) g_ptr_array_free (g_steal_pointer (&patterns), FALSE);
  return TRUE;
}

static gboolean
parse_qpi (JsonObject      *obj,
           const char      *id,
           const char      *name,
           RxQpiCondition  *out,
           GError         **error)
{
  JsonNode *node = json_object_get_member (obj, name);
  JsonObject *cond;
  g_autoptr(GList) members = NULL;

  memset (out, 0, sizeof *out);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, id, "%s must be an object such as {\"ge\": 7, \"le\": 7}", name);
  cond = json_node_get_object (node);
  members = json_object_get_members (cond);
  if (members == NULL)
    return invalid (error, id, "%s is empty", name);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (cond, l->data);
      double v;

      if (!JSON_NODE_HOLDS_VALUE (value) ||
          (json_node_get_value_type (value) != G_TYPE_DOUBLE &&
           json_node_get_value_type (value) != G_TYPE_INT64))
        return invalid (error, id, "%s.%s must be a number", name, (const char *) l->data);
      v = json_node_get_double (value);
      if (g_str_equal (l->data, "gt"))
        out->has_gt = TRUE, out->gt = v;
      else if (g_str_equal (l->data, "ge"))
        out->has_ge = TRUE, out->ge = v;
      else if (g_str_equal (l->data, "lt"))
        out->has_lt = TRUE, out->lt = v;
      else if (g_str_equal (l->data, "le"))
        out->has_le = TRUE, out->le = v;
      else
        return invalid (error, id, "%s.%s is not one of gt, ge, lt, le", name, (const char *) l->data);
    }
  return TRUE;
}

gboolean
rx_qpi_condition_is_empty (const RxQpiCondition *c)
{
  return !c->has_gt && !c->has_ge && !c->has_lt && !c->has_le;
}

/* @qpi in thousandths, as stored. */
gboolean
rx_qpi_condition_holds (const RxQpiCondition *c,
                        gint64                qpi)
{
  double q = (double) qpi / 1000.0;

  return (!c->has_gt || q > c->gt) && (!c->has_ge || q >= c->ge) &&
         (!c->has_lt || q < c->lt) && (!c->has_le || q <= c->le);
}

static char *
category_from_tags (JsonObject *obj)
{
  static const struct { const char *tag, *category; } map[] = {
    { "antimicrobial", "antimicrobial" }, { "infections", "antimicrobial" },
    { "mental", "mental-health" }, { "mental-health", "mental-health" },
    { "respiratory", "respiratory" }, { "cardiovascular", "cardiovascular" },
    { "pain", "pain" }, { "opioids", "pain" }, { "diabetes", "diabetes" },
    { "nutrition", "nutrition" }, { "safety", "safety" }, { "waste", "waste" },
    { "lowpriority", "financial" }, { "cost", "financial" }, { "generic", "financial" },
    { "financial", "financial" },
  };
  JsonNode *node = json_object_get_member (obj, "tags");
  JsonArray *tags = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
    {
      JsonNode *item = json_array_get_element (tags, i);
      const char *tag = JSON_NODE_HOLDS_VALUE (item) &&
                        json_node_get_value_type (item) == G_TYPE_STRING
                        ? json_node_get_string (item) : NULL;
      for (gsize j = 0; tag != NULL && j < G_N_ELEMENTS (map); j++)
        if (g_str_equal (tag, map[j].tag))
          return g_strdup (map[j].category);
    }
  return g_strdup ("other");
}

/* Fields OP uses for definitions this program cannot compute. */
static gboolean
check_unsupported (JsonObject  *obj,
                   const char  *id,
                   GError     **error)
{
  static const char *fields[] = {
    "numerator_bnf_codes_query", "denominator_bnf_codes_query", "numerator_columns",
    "denominator_columns", "numerator_from", "denominator_from", "numerator_where",
    "denominator_where", "numerator_is_list_of_bnf_codes", NULL,
  };

  for (const char **f = fields; *f != NULL; f++)
    {
      JsonNode *node = json_object_get_member (obj, *f);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      /* OP writes numerator_is_list_of_bnf_codes: true on ordinary ones. */
      if (g_str_equal (*f, "numerator_is_list_of_bnf_codes") &&
          JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node))
        continue;
      return invalid (error, id, "uses %s, which this program cannot compute", *f);
    }
  return TRUE;
}

/**
 * rx_measure_parse:
 * @id: the measure id (the file stem)
 *
 * Parses and validates a definition; anything that cannot be computed is
 * refused naming the field.
 */
RxMeasure *
rx_measure_parse (const char  *id,
                  const char  *json,
                  gssize       len,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RxMeasure) m = g_new0 (RxMeasure, 1);
  g_autoptr(GError) local = NULL;
  JsonObject *obj;
  JsonNode *low;

  if (!rx_measure_id_is_valid (id))
    {
      invalid (error, id, "the id (the file name without .json) may only hold a-z, 0-9 and _");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, json, len, &local))
    {
      invalid (error, id, "not valid JSON: %s", local->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      invalid (error, id, "the definition must be a JSON object");
      return NULL;
    }
  obj = json_node_get_object (json_parser_get_root (parser));
  m->id = g_strdup (id);
  m->json = len < 0 ? g_strdup (json) : g_strndup (json, len);
  m->name = text_member (obj, "name");
  if (m->name == NULL)
    {
      invalid (error, id, "name is missing");
      return NULL;
    }
  m->title = text_member (obj, "title");
  m->description = text_member (obj, "description");
  m->why_it_matters = text_member (obj, "why_it_matters");
  m->numerator_short = text_member (obj, "numerator_short");
  m->denominator_short = text_member (obj, "denominator_short");
  m->source_notes = text_member (obj, "source_notes");
  m->category = text_member (obj, "category");
  if (m->category == NULL)
    m->category = category_from_tags (obj);
  else if (!g_strv_contains (categories, m->category))
    {
      invalid (error, id, "category \"%s\" is not one of financial, safety, antimicrobial, "
               "mental-health, respiratory, cardiovascular, pain, diabetes, nutrition, waste, other",
               m->category);
      return NULL;
    }
  if (!check_unsupported (obj, id, error) ||
      !parse_type (obj, id, "numerator_type", FALSE, &m->numerator_type, error) ||
      !parse_type (obj, id, "denominator_type", TRUE, &m->denominator_type, error) ||
      !parse_filter (obj, id, "numerator_bnf_codes_filter", &m->numerator_filter, error) ||
      !parse_qpi (obj, id, "numerator_quantity_per_item", &m->numerator_qpi, error) ||
      !parse_qpi (obj, id, "denominator_quantity_per_item", &m->denominator_qpi, error) ||
      !bool_member (obj, id, "is_percentage", &m->is_percentage, error) ||
      !bool_member (obj, id, "is_cost_based", &m->is_cost_based, error))
    return NULL;
  if (rx_measure_type_is_bnf (m->denominator_type))
    {
      if (!parse_filter (obj, id, "denominator_bnf_codes_filter", &m->denominator_filter, error))
        return NULL;
    }
  else if (!rx_qpi_condition_is_empty (&m->denominator_qpi))
    {
      invalid (error, id, "denominator_quantity_per_item needs a BNF denominator");
      return NULL;
    }
  low = json_object_get_member (obj, "low_is_good");
  if (low == NULL || JSON_NODE_HOLDS_NULL (low))
    m->low_is_good = -1;
  else if (JSON_NODE_HOLDS_VALUE (low) && json_node_get_value_type (low) == G_TYPE_BOOLEAN)
    m->low_is_good = json_node_get_boolean (low) ? 1 : 0;
  else
    {
      invalid (error, id, "low_is_good must be true, false or null");
      return NULL;
    }
  return g_steal_pointer (&m);
}

RxMeasure *
rx_measure_load_file (const char  *path,
                      GError     **error)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_str_has_suffix (base, ".json"))
    {
      g_set_error (error, RX_MEASURE_ERROR, RX_MEASURE_ERROR_INVALID,
                   "%s: a measure definition is a .json file", path);
      return NULL;
    }
  base[strlen (base) - 5] = '\0';
  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  return rx_measure_parse (base, contents, len, error);
}

/* qsort passes pointers to the elements, here char **. */
static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * rx_measure_load_bundled:
 *
 * Returns: (element-type RxMeasure): the bundled library, sorted by id.
 */
GPtrArray *
rx_measure_load_bundled (GError **error)
{
  g_auto(GStrv) names = g_resources_enumerate_children (BUNDLED_PATH, 0, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) rx_measure_free);

  if (names == NULL)
    return NULL;
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  for (char **n = names; *n != NULL; n++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s", BUNDLED_PATH, *n);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, error);
      g_autofree char *id = g_strndup (*n, strlen (*n) - 5);
      RxMeasure *m;
      gsize len;
      const char *data;

      if (bytes == NULL)
        return NULL;
      data = g_bytes_get_data (bytes, &len);
      m = rx_measure_parse (id, data, len, error);
      if (m == NULL)
        return NULL;
      m->bundled = TRUE;
      g_ptr_array_add (out, m);
    }
  return g_steal_pointer (&out);
}

static char *
digest (const char *json)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, json, -1);
}

/**
 * rx_measure_sync_bundled:
 * @changed: (out) (optional): ids of bundled measures added or changed
 *
 * Brings the database's copy of the bundled library up to date with this
 * build's; a user definition of the same id is left alone.
 */
gboolean
rx_measure_sync_bundled (RxDb       *db,
                         GPtrArray **changed,
                         GError    **error)
{
  g_autoptr(GPtrArray) bundled = rx_measure_load_bundled (error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) get = NULL;
  g_autoptr(sqlite3_stmt) put = NULL;

  if (bundled == NULL)
    return FALSE;
  get = rx_db_prepare (db, "SELECT source, digest FROM measure WHERE name = ?", error);
  put = rx_db_prepare (db,
    "INSERT INTO measure (name, source, definition, digest) VALUES (?1, 'bundled', ?2, ?3) "
    "ON CONFLICT (name) DO UPDATE SET definition = ?2, digest = ?3, computed = NULL "
    "WHERE source = 'bundled'", error);
  if (get == NULL || put == NULL)
    return FALSE;
  for (guint i = 0; i < bundled->len; i++)
    {
      RxMeasure *m = g_ptr_array_index (bundled, i);
      g_autofree char *d = digest (m->json);
      gboolean same = FALSE;

      sqlite3_bind_text (get, 1, m->id, -1, SQLITE_STATIC);
      if (sqlite3_step (get) == SQLITE_ROW)
        same = g_str_equal ((const char *) sqlite3_column_text (get, 0), "user") ||
               g_strcmp0 ((const char *) sqlite3_column_text (get, 1), d) == 0;
      sqlite3_reset (get);
      if (same)
        continue;
      sqlite3_bind_text (put, 1, m->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (put, 2, m->json, -1, SQLITE_STATIC);
      sqlite3_bind_text (put, 3, d, -1, SQLITE_STATIC);
      if (sqlite3_step (put) != SQLITE_DONE)
        return rx_db_set_error (db, error, "cannot store the bundled measures");
      sqlite3_reset (put);
      g_ptr_array_add (ids, g_strdup (m->id));
    }
  if (changed != NULL)
    *changed = g_steal_pointer (&ids);
  return TRUE;
}

static RxMeasure *
measure_from_row (sqlite3_stmt  *stmt,
                  GError       **error)
{
  RxMeasure *m = rx_measure_parse ((const char *) sqlite3_column_text (stmt, 1),
                                   (const char *) sqlite3_column_text (stmt, 3), -1, error);

  if (m != NULL)
    {
      m->db_id = sqlite3_column_int64 (stmt, 0);
      m->bundled = g_str_equal ((const char *) sqlite3_column_text (stmt, 2), "bundled");
    }
  return m;
}

/**
 * rx_measure_list:
 *
 * Returns: (element-type RxMeasure): every measure in the database, by id
 * (rx_measure_sync_bundled() brings the bundled library up to date first;
 * `measures list` sorts by category itself).
 */
GPtrArray *
rx_measure_list (RxDb    *db,
                 GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) rx_measure_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = rx_db_prepare (db, "SELECT id, name, source, definition FROM measure ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      RxMeasure *m = measure_from_row (stmt, error);
      if (m == NULL)
        return NULL;
      g_ptr_array_add (out, m);
    }
  return g_steal_pointer (&out);
}

RxMeasure *
rx_measure_get (RxDb        *db,
                const char  *id,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = rx_db_prepare (db,
    "SELECT id, name, source, definition FROM measure WHERE name = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, RX_MEASURE_ERROR, RX_MEASURE_ERROR_NOT_FOUND,
                   "there is no measure '%s' (rxreview measures list shows them)", id);
      return NULL;
    }
  return measure_from_row (stmt, error);
}

gboolean
rx_measure_store_user (RxDb       *db,
                       RxMeasure  *m,
                       gboolean    replace,
                       GError    **error)
{
  g_autoptr(sqlite3_stmt) exists = rx_db_prepare (db, "SELECT source FROM measure WHERE name = ?", error);
  g_autoptr(sqlite3_stmt) put = NULL;
  g_autofree char *d = digest (m->json);

  if (exists == NULL)
    return FALSE;
  sqlite3_bind_text (exists, 1, m->id, -1, SQLITE_STATIC);
  if (sqlite3_step (exists) == SQLITE_ROW && !replace)
    {
      g_set_error (error, RX_MEASURE_ERROR, RX_MEASURE_ERROR_EXISTS,
                   "a measure '%s' exists (%s); use --replace to replace it", m->id,
                   sqlite3_column_text (exists, 0));
      return FALSE;
    }
  put = rx_db_prepare (db,
    "INSERT INTO measure (name, source, definition, digest) VALUES (?1, 'user', ?2, ?3) "
    "ON CONFLICT (name) DO UPDATE SET source = 'user', definition = ?2, digest = ?3, computed = NULL",
    error);
  if (put == NULL)
    return FALSE;
  sqlite3_bind_text (put, 1, m->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (put, 2, m->json, -1, SQLITE_STATIC);
  sqlite3_bind_text (put, 3, d, -1, SQLITE_STATIC);
  if (sqlite3_step (put) != SQLITE_DONE)
    return rx_db_set_error (db, error, "cannot store the measure");
  m->db_id = sqlite3_last_insert_rowid (rx_db_get_handle (db));
  {
    g_autoptr(sqlite3_stmt) id = rx_db_prepare (db, "SELECT id FROM measure WHERE name = ?", error);
    if (id == NULL)
      return FALSE;
    sqlite3_bind_text (id, 1, m->id, -1, SQLITE_STATIC);
    if (sqlite3_step (id) == SQLITE_ROW)
      m->db_id = sqlite3_column_int64 (id, 0);
  }
  m->bundled = FALSE;
  return TRUE;
}

/* Removes a user definition; a bundled one of the same id comes back at
 * the next sync. */
gboolean
rx_measure_remove_user (RxDb        *db,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) del = rx_db_prepare (db,
    "DELETE FROM measure WHERE name = ? AND source = 'user'", error);

  if (del == NULL)
    return FALSE;
  sqlite3_bind_text (del, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (del) != SQLITE_DONE)
    return rx_db_set_error (db, error, "cannot remove the measure");
  if (sqlite3_changes (rx_db_get_handle (db)) == 0)
    {
      g_set_error (error, RX_MEASURE_ERROR, RX_MEASURE_ERROR_NOT_FOUND,
                   "there is no user measure '%s' to remove", id);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Numerator within denominator (methodology.md §2.4, §2.5)             */

/* A condition as an interval: lo/hi with inclusiveness; ±INFINITY when
 * unbounded.  gt and ge together give the tighter bound. */
typedef struct
{
  double   lo, hi;
  gboolean lo_open, hi_open;
} QpiInterval;

static QpiInterval
qpi_interval (const RxQpiCondition *c)
{
  QpiInterval i = { -INFINITY, INFINITY, TRUE, TRUE };

  if (c->has_ge)
    i.lo = c->ge, i.lo_open = FALSE;
  if (c->has_gt && (c->gt > i.lo || (c->gt == i.lo && !i.lo_open)))
    i.lo = c->gt, i.lo_open = TRUE;
  if (c->has_le)
    i.hi = c->le, i.hi_open = FALSE;
  if (c->has_lt && (c->lt < i.hi || (c->lt == i.hi && !i.hi_open)))
    i.hi = c->lt, i.hi_open = TRUE;
  return i;
}

/* Whether every quantity per item that @n admits, @d admits too. */
static gboolean
qpi_within (const RxQpiCondition *n,
            const RxQpiCondition *d)
{
  QpiInterval a = qpi_interval (n), b = qpi_interval (d);
  gboolean lo_ok = a.lo > b.lo || (a.lo == b.lo && (a.lo_open || !b.lo_open));
  gboolean hi_ok = a.hi < b.hi || (a.hi == b.hi && (a.hi_open || !b.hi_open));

  return lo_ok && hi_ok;
}

static RxBnfFilter *
side_filter (char **patterns)
{
  return rx_bnf_filter_new ((const char * const *) patterns,
                            patterns != NULL ? g_strv_length (patterns) : 0, NULL);
}

/**
 * rx_measure_check_sets:
 * @db: the database whose presentations the sets are compiled over
 * @measure: a parsed definition
 * @n_numerator: (out) (optional): presentations the numerator matches
 * @n_denominator: (out) (optional): presentations a BNF denominator matches
 *
 * The warnings `measures add` and `measures show` give (methodology.md
 * §2.4–2.5), never refusals: an empty numerator or BNF denominator set, a
 * numerator presentation outside the denominator set (naming up to five),
 * and a numerator quantity-per-item condition that admits rows the
 * denominator's does not.  The sets are over the presentations held (every
 * code seen in prescribing or a `bnf-codes` file).
 *
 * Returns: (transfer full) (element-type utf8): the warnings, possibly none
 */
GPtrArray *
rx_measure_check_sets (RxDb            *db,
                       const RxMeasure *m,
                       guint           *n_numerator,
                       guint           *n_denominator,
                       GError         **error)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RxBnfFilter) num = side_filter (m->numerator_filter);
  g_autoptr(RxBnfFilter) den = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree guint8 *in_num = NULL, *in_den = NULL;
  gboolean bnf_den = rx_measure_type_is_bnf (m->denominator_type);
  guint nn = 0, nd = 0, outside = 0;
  g_autoptr(GString) shown = g_string_new (NULL);

  if (bnf_den)
    den = side_filter (m->denominator_filter);
  stmt = rx_db_prepare (db, "SELECT code FROM bnf WHERE length (code) IN (11, 15) ORDER BY code", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

  in_num = g_malloc0 (MAX (codes->len, 1));
  in_den = g_malloc0 (MAX (codes->len, 1));
  if (num != NULL && codes->len > 0)
    rx_bnf_filter_mark (num, (const char * const *) codes->pdata, codes->len, in_num);
  if (den != NULL && codes->len > 0)
    rx_bnf_filter_mark (den, (const char * const *) codes->pdata, codes->len, in_den);
  for (guint i = 0; i < codes->len; i++)
    {
      nn += in_num[i] != 0;
      nd += in_den[i] != 0;
      if (bnf_den && in_num[i] && !in_den[i] && outside++ < 5)
        g_string_append_printf (shown, "%s%s", shown->len ? ", " : "",
                                (const char *) g_ptr_array_index (codes, i));
    }

  if (num == NULL || rx_bnf_filter_is_empty (num))
    g_ptr_array_add (warnings, g_strdup ("the numerator has no inclusion pattern: N = 0 everywhere"));
  else if (codes->len > 0 && nn == 0)
    g_ptr_array_add (warnings, g_strdup_printf ("the numerator matches none of the %u presentations "
                                                "held: N = 0 everywhere", codes->len));
  if (bnf_den)
    {
      if (den == NULL || rx_bnf_filter_is_empty (den))
        g_ptr_array_add (warnings, g_strdup ("the denominator has no inclusion pattern: D = 0, "
                                             "so every value is NULL"));
      else if (codes->len > 0 && nd == 0)
        g_ptr_array_add (warnings, g_strdup_printf ("the denominator matches none of the %u "
                                                    "presentations held: every value is NULL",
                                                    codes->len));
      if (outside > 0)
        g_ptr_array_add (warnings, g_strdup_printf ("%u numerator presentation%s outside the "
                                                    "denominator: %s%s", outside,
                                                    outside == 1 ? " is" : "s are", shown->str,
                                                    outside > 5 ? ", …" : ""));
      if (!qpi_within (&m->numerator_qpi, &m->denominator_qpi))
        g_ptr_array_add (warnings, g_strdup ("the numerator's quantity-per-item condition admits "
                                             "rows the denominator's does not"));
    }
  if (n_numerator != NULL)
    *n_numerator = nn;
  if (n_denominator != NULL)
    *n_denominator = nd;
  return g_steal_pointer (&warnings);
}

// SPDX-License-Identifier: GPL-3.0-or-later
//
// rx-generate: synthetic files in the published layouts (data-formats.md
// §2), deterministic by seed.  The organisations, names and postcodes are
// fictional; the BNF catalogue holds the real presentations the bundled
// measures select (methodology.md §8) and, at national scale, a long
// synthetic tail so that a month has the size of a real one.
//
// Prescribing is modelled as one Poisson stream of items for each cost
// centre × presentation × quantity per item: a row is written when its
// stream is non-zero, so the same presentation is split over several rows
// as in the published files.  The hot loop formats numbers by hand into a
// 1 MiB buffer: no printf, nothing that depends on the locale.

#define G_LOG_DOMAIN "rx-generate"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "rx-generate.h"

G_DEFINE_QUARK (rx-generate-error-quark, rx_generate_error)

#define OUT_BUF_SIZE   (1024 * 1024)
#define OUT_ROW_MAX    4096            /* longer than any row we write */
#define MAX_PRACTICES  50000
#define MAX_MONTHS     240

/* ------------------------------------------------------------------ */
/* Options                                                             */

void
rx_generate_options_init (RxGenerateOptions *opts)
{
  g_return_if_fail (opts != NULL);

  memset (opts, 0, sizeof *opts);
  opts->seed = 1;
  opts->scale = RX_GENERATE_SCALE_SMALL;
  opts->layout = RX_LAYOUT_EPD;
}

static const char *const layout_names[] = {
  [RX_LAYOUT_EPD] = "epd",
  [RX_LAYOUT_EPD_ICB] = "epd-icb",
  [RX_LAYOUT_EPD_STP] = "epd-stp",
  [RX_LAYOUT_EPD_AREA_TEAM] = "epd-area-team",
  [RX_LAYOUT_PDPI] = "pdpi",
};

static const char *const scale_names[] = {
  [RX_GENERATE_SCALE_SMALL] = "small",
  [RX_GENERATE_SCALE_DEMO] = "demo",
  [RX_GENERATE_SCALE_NATIONAL] = "national",
};

gboolean
rx_layout_from_string (const char *s,
                       RxLayout   *out)
{
  if (s == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (layout_names); i++)
    if (g_ascii_strcasecmp (s, layout_names[i]) == 0)
      {
        if (out != NULL)
          *out = (RxLayout) i;
        return TRUE;
      }
  return FALSE;
}

const char *
rx_layout_to_string (RxLayout layout)
{
  if ((guint) layout >= G_N_ELEMENTS (layout_names))
    return NULL;
  return layout_names[layout];
}

gboolean
rx_generate_scale_from_string (const char      *s,
                               RxGenerateScale *out)
{
  if (s == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (scale_names); i++)
    if (g_ascii_strcasecmp (s, scale_names[i]) == 0)
      {
        if (out != NULL)
          *out = (RxGenerateScale) i;
        return TRUE;
      }
  return FALSE;
}

const char *
rx_generate_scale_to_string (RxGenerateScale scale)
{
  if ((guint) scale >= G_N_ELEMENTS (scale_names))
    return NULL;
  return scale_names[scale];
}

/* ------------------------------------------------------------------ */
/* Random numbers: splitmix64, never rand (), so that a seed gives the  */
/* same files on every machine.                                        */

typedef struct
{
  guint64 s;
} Rng;

static inline guint64
mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static inline guint64
rng_next (Rng *r)
{
  r->s += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  return mix64 (r->s);
}

static inline void
rng_seed (Rng     *r,
          guint64  a,
          guint64  b)
{
  r->s = mix64 (a * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) + mix64 (b + 0x632BE59BD9B4E019));
}

/* Uniform in [0, 1). */
static inline double
rng_double (Rng *r)
{
  return (double) (rng_next (r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in [0, n). */
static inline guint32
rng_below (Rng     *r,
           guint32  n)
{
  return (guint32) (((rng_next (r) >> 32) * (guint64) n) >> 32);
}

static inline int
rng_range (Rng *r,
           int  lo,
           int  hi)
{
  return lo + (int) rng_below (r, (guint32) (hi - lo + 1));
}

static double
rng_normal (Rng *r)
{
  double u1 = 1.0 - rng_double (r);
  double u2 = rng_double (r);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

static inline gboolean
rng_chance (Rng    *r,
            double  p)
{
  return rng_double (r) < p;
}

#define PICK(r, array) ((array)[rng_below ((r), G_N_ELEMENTS (array))])

/* FNV-1a, finished with the splitmix mixer. */
static guint64
hash_str (const char *s)
{
  guint64 h = G_GUINT64_CONSTANT (0xCBF29CE484222325);

  for (; *s; s++)
    h = (h ^ (guchar) *s) * G_GUINT64_CONSTANT (0x100000001B3);
  return mix64 (h);
}

/* Poisson by inversion for small means (most streams are zero and cost
 * one comparison), a rounded normal for large ones. */
static inline guint32
poisson (Rng    *r,
         double  mu)
{
  double u = rng_double (r);

  if (mu < 20.0)
    {
      double p, cum;
      guint32 k = 0;

      if (1.0 - u > mu)         /* then u < 1 - mu <= exp (-mu): zero */
        return 0;
      p = exp (-mu);
      cum = p;
      while (u >= cum && k < 400)
        {
          k++;
          p *= mu / k;
          cum += p;
        }
      return k;
    }
  else
    {
      double n = floor (mu + sqrt (mu) * rng_normal (r) + 0.5);
      return n < 0 ? 0 : (guint32) n;
    }
}

/* ------------------------------------------------------------------ */
/* Number formatting by hand: the hot loop writes ~18 M rows a month.   */

static const char digit_pairs[201] =
  "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
  "8081828384858687888990919293949596979899";

static inline char *
put_u64 (char    *p,
         guint64  v)
{
  char tmp[24];
  char *t = tmp + sizeof tmp;
  gsize n;

  while (v >= 100)
    {
      guint r = (guint) (v % 100);
      v /= 100;
      t -= 2;
      memcpy (t, digit_pairs + 2 * r, 2);
    }
  if (v >= 10)
    {
      t -= 2;
      memcpy (t, digit_pairs + 2 * v, 2);
    }
  else
    *--t = (char) ('0' + v);
  n = (gsize) (tmp + sizeof tmp - t);
  memcpy (p, t, n);
  return p + n;
}

/* Zero-padded to at least width digits (PDPI). */
static inline char *
put_u64_padded (char    *p,
                guint64  v,
                int      width)
{
  char tmp[24];
  char *end = put_u64 (tmp, v);
  int n = (int) (end - tmp);

  for (; n < width; width--)
    *p++ = '0';
  memcpy (p, tmp, (gsize) n);
  return p + n;
}

static const guint64 powers_of_ten[] = {
  1, 10, 100, 1000, 10000, 100000, 1000000,
};

/* v / 10^dp with exactly dp decimals: put_fixed (p, 941, 2) = "9.41". */
static inline char *
put_fixed (char   *p,
           gint64  v,
           int     dp)
{
  guint64 a, whole, frac;

  if (v < 0)
    {
      *p++ = '-';
      a = (guint64) -v;
    }
  else
    a = (guint64) v;
  whole = a / powers_of_ten[dp];
  frac = a % powers_of_ten[dp];
  p = put_u64 (p, whole);
  *p++ = '.';
  return put_u64_padded (p, frac, dp);
}

/* As put_fixed, the whole part zero-padded so that the field has width
 * characters (PDPI's "00000000.64"). */
static inline char *
put_fixed_padded (char   *p,
                  gint64  v,
                  int     dp,
                  int     width)
{
  guint64 a = v < 0 ? 0 : (guint64) v;

  p = put_u64_padded (p, a / powers_of_ten[dp], width - dp - 1);
  *p++ = '.';
  return put_u64_padded (p, a % powers_of_ten[dp], dp);
}

/* A CSV field, quoted as RFC 4180 requires (cli.md "CSV written"). */
static void
csv_field (GString    *s,
           const char *field)
{
  if (field == NULL)
    return;
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (s, field);
      return;
    }
  g_string_append_c (s, '"');
  for (const char *c = field; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *c);
    }
  g_string_append_c (s, '"');
}

/* A field that is always quoted (epraccur). */
static void
csv_quoted (GString    *s,
            const char *field)
{
  g_string_append_c (s, '"');
  for (const char *c = field != NULL ? field : ""; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *c);
    }
  g_string_append_c (s, '"');
}

/* Padded with spaces to width, cut there (PDPI, ADDR, CHEM); a comma
 * puts the padded text in quotes. */
static void
padded_field (GString    *s,
              const char *field,
              int         width)
{
  g_autoptr(GString) tmp = g_string_new (NULL);
  gsize len = strlen (field);

  g_string_append_len (tmp, field, (gssize) MIN (len, (gsize) width));
  while (tmp->len < (gsize) width)
    g_string_append_c (tmp, ' ');
  if (strpbrk (tmp->str, ",\"") != NULL)
    csv_quoted (s, tmp->str);
  else
    g_string_append_len (s, tmp->str, (gssize) tmp->len);
}

/* ------------------------------------------------------------------ */
/* Output: a 1 MiB buffer written with write (2), or deflated at level  */
/* 1 into a gzip stream (mtime 0, so the bytes depend on the seed only). */

typedef struct
{
  int       fd;
  char     *path;
  char     *name;               /* base name, for progress and messages */
  char     *buf;
  gsize     len;
  gboolean  gzip;
  z_stream  z;
  char     *zbuf;
  guint64   bytes_in;           /* before compression */
  guint64   bytes_out;          /* to disk */
  guint64   rows;
  GError   *error;              /* the first failure; later writes are dropped */
} Out;

static gboolean
write_all (Out        *o,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      gssize n = write (o->fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          if (o->error == NULL)
            g_set_error (&o->error, G_IO_ERROR, g_io_error_from_errno (saved),
                         "%s: %s", o->path, g_strerror (saved));
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
      o->bytes_out += (guint64) n;
    }
  return TRUE;
}

static gboolean
out_deflate (Out *o,
             int  flush)
{
  int ret;

  do
    {
      o->z.next_out = (Bytef *) o->zbuf;
      o->z.avail_out = OUT_BUF_SIZE;
      ret = deflate (&o->z, flush);
      if (ret == Z_STREAM_ERROR)
        {
          if (o->error == NULL)
            g_set_error (&o->error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: compression failed",
                         o->path);
          return FALSE;
        }
      if (!write_all (o, o->zbuf, OUT_BUF_SIZE - o->z.avail_out))
        return FALSE;
    }
  while (o->z.avail_out == 0 || (flush == Z_FINISH && ret != Z_STREAM_END));
  return TRUE;
}

static void
out_flush (Out *o)
{
  if (o->len == 0)
    return;
  o->bytes_in += o->len;
  if (o->error == NULL)
    {
      if (o->gzip)
        {
          o->z.next_in = (Bytef *) o->buf;
          o->z.avail_in = (uInt) o->len;
          out_deflate (o, Z_NO_FLUSH);
        }
      else
        write_all (o, o->buf, o->len);
    }
  o->len = 0;
}

/* Room for one row at least; returns where to write it. */
static inline char *
out_reserve (Out *o)
{
  if (OUT_BUF_SIZE - o->len < OUT_ROW_MAX)
    out_flush (o);
  return o->buf + o->len;
}

static inline void
out_commit (Out  *o,
            char *end)
{
  o->len = (gsize) (end - o->buf);
}

static void
out_put (Out        *o,
         const char *data,
         gsize       len)
{
  while (len > 0)
    {
      gsize room = OUT_BUF_SIZE - o->len;
      gsize n = MIN (room, len);

      memcpy (o->buf + o->len, data, n);
      o->len += n;
      data += n;
      len -= n;
      if (o->len == OUT_BUF_SIZE)
        out_flush (o);
    }
}

static void
out_put_gstring (Out     *o,
                 GString *s)
{
  out_put (o, s->str, s->len);
}

static gboolean
out_open (Out         *o,
          const char  *dir,
          const char  *name,
          gboolean     gzip,
          GError     **error)
{
  memset (o, 0, sizeof *o);
  o->name = g_strconcat (name, gzip ? ".gz" : "", NULL);
  o->path = g_build_filename (dir, o->name, NULL);
  o->gzip = gzip;
  o->fd = g_open (o->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (o->fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", o->path,
                   g_strerror (saved));
      g_clear_pointer (&o->name, g_free);
      g_clear_pointer (&o->path, g_free);
      return FALSE;
    }
  o->buf = g_malloc (OUT_BUF_SIZE);
  if (gzip)
    {
      o->zbuf = g_malloc (OUT_BUF_SIZE);
      /* windowBits 15 + 16: a gzip wrapper with mtime 0 and no name. */
      if (deflateInit2 (&o->z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot start compression",
                       o->path);
          close (o->fd);
          g_unlink (o->path);
          g_clear_pointer (&o->zbuf, g_free);
          g_clear_pointer (&o->buf, g_free);
          g_clear_pointer (&o->name, g_free);
          g_clear_pointer (&o->path, g_free);
          return FALSE;
        }
    }
  return TRUE;
}

static void
out_free (Out *o)
{
  if (o->gzip && o->zbuf != NULL)
    deflateEnd (&o->z);
  g_clear_pointer (&o->zbuf, g_free);
  g_clear_pointer (&o->buf, g_free);
  g_clear_pointer (&o->name, g_free);
  g_clear_pointer (&o->path, g_free);
  g_clear_error (&o->error);
}

/* Closes the file, or on failure removes it; adds what was written to
 * the result either way. */
static gboolean
out_close (Out               *o,
           RxGenerateResult  *result,
           GError           **error)
{
  gboolean ok;

  out_flush (o);
  if (o->gzip && o->error == NULL)
    {
      o->z.next_in = NULL;
      o->z.avail_in = 0;
      out_deflate (o, Z_FINISH);
    }
  if (close (o->fd) != 0 && o->error == NULL)
    {
      int saved = errno;
      g_set_error (&o->error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", o->path,
                   g_strerror (saved));
    }
  ok = o->error == NULL;
  if (ok)
    {
      result->n_files++;
      result->rows += o->rows;
      result->bytes += o->bytes_out;
    }
  else
    {
      g_unlink (o->path);
      g_propagate_error (error, g_steal_pointer (&o->error));
    }
  out_free (o);
  return ok;
}

/* A file abandoned (cancelled, or another error first): removed. */
static void
out_abort (Out *o)
{
  if (o->path == NULL)
    return;
  close (o->fd);
  g_unlink (o->path);
  out_free (o);
}

/* ------------------------------------------------------------------ */
/* The BNF: chapters, sections, paragraphs (data-formats.md §6.5)       */

static const char *const chapter_names[24] = {
  [1] = "Gastro-Intestinal System",
  [2] = "Cardiovascular System",
  [3] = "Respiratory System",
  [4] = "Central Nervous System",
  [5] = "Infections",
  [6] = "Endocrine System",
  [7] = "Obstetrics, Gynaecology and Urinary-Tract Disorders",
  [8] = "Malignant Disease and Immunosuppression",
  [9] = "Nutrition and Blood",
  [10] = "Musculoskeletal and Joint Diseases",
  [11] = "Eye",
  [12] = "Ear, Nose and Oropharynx",
  [13] = "Skin",
  [14] = "Immunological Products and Vaccines",
  [15] = "Anaesthesia",
  [18] = "Preparations used in Diagnosis",
  [19] = "Other Drugs and Preparations",
  [20] = "Dressings",
  [21] = "Appliances",
  [22] = "Incontinence Appliances",
  [23] = "Stoma Appliances",
};

/* Families of form, for the synthetic chemicals of a paragraph. */
typedef enum
{
  FAM_NONE,
  FAM_ORAL,
  FAM_TOPICAL,
  FAM_INHALED,
  FAM_INJECTION,
  FAM_EYE,
  FAM_NOSE,
  FAM_FOOD,
  FAM_APPLIANCE,
} Family;

/* Names of sections (4), paragraphs (6) and sub-paragraphs (7); a level
 * missing here takes its parent's name.  Paragraphs with a family also
 * receive synthetic chemicals, named with the stem given. */
typedef struct
{
  const char *code;
  const char *name;
  guint8      family;
  const char *stem;
} Level;

static const Level levels[] = {
  { "0101", "Dyspepsia and gastro-oesophageal reflux disease" },
  { "010101", "Antacids and simeticone", FAM_ORAL, "alcite" },
  { "0102", "Antispasmodics and other drugs altering gut motility" },
  { "010200", "Antispasmodics and other drugs altering gut motility", FAM_ORAL, "verine" },
  { "0103", "Antisecretory drugs and mucosal protectants" },
  { "010301", "H2-receptor antagonists", FAM_ORAL, "tidine" },
  { "010305", "Proton pump inhibitors", FAM_ORAL, "prazole" },
  { "0104", "Acute diarrhoea" },
  { "010402", "Antimotility drugs", FAM_ORAL, "peramide" },
  { "0105", "Chronic bowel disorders" },
  { "010501", "Aminosalicylates", FAM_ORAL, "salazine" },
  { "0106", "Laxatives" },
  { "010601", "Bulk-forming laxatives", FAM_ORAL, "cellose" },
  { "010602", "Stimulant laxatives", FAM_ORAL, "codyl" },
  { "010604", "Osmotic laxatives", FAM_ORAL, "lactol" },
  { "0107", "Local preparations for anal and rectal disorders" },
  { "010702", "Compound haemorrhoidal preparations with corticosteroids", FAM_TOPICAL, "proctone" },
  { "0109", "Drugs affecting intestinal secretions" },
  { "010904", "Pancreatin", FAM_ORAL, "creatin" },
  { "0201", "Positive inotropic drugs" },
  { "020101", "Cardiac glycosides", FAM_ORAL, "oxin" },
  { "0202", "Diuretics" },
  { "020201", "Thiazides and related diuretics", FAM_ORAL, "thiazide" },
  { "020202", "Loop diuretics", FAM_ORAL, "semide" },
  { "020203", "Potassium-sparing diuretics and aldosterone antagonists", FAM_ORAL, "renone" },
  { "0203", "Anti-arrhythmic drugs" },
  { "020302", "Drugs for arrhythmias", FAM_ORAL, "darone" },
  { "0204", "Beta-adrenoceptor blocking drugs" },
  { "020400", "Beta-adrenoceptor blocking drugs", FAM_ORAL, "olol" },
  { "0205", "Hypertension and heart failure" },
  { "020504", "Alpha-adrenoceptor blocking drugs", FAM_ORAL, "azosin" },
  { "020505", "Drugs affecting the renin-angiotensin system" },
  { "0205051", "Angiotensin-converting enzyme inhibitors" },
  { "0205052", "Angiotensin-II receptor antagonists" },
  { "0205053", "Renin inhibitors" },
  { "020501", "Vasodilator antihypertensive drugs", FAM_ORAL, "dralazine" },
  { "0206", "Nitrates, calcium-channel blockers and other antianginal drugs" },
  { "020601", "Nitrates", FAM_ORAL, "nitrate" },
  { "020602", "Calcium-channel blockers", FAM_ORAL, "dipine" },
  { "0208", "Anticoagulants and protamine" },
  { "020801", "Parenteral anticoagulants", FAM_INJECTION, "parin" },
  { "020802", "Oral anticoagulants", FAM_ORAL, "xaban" },
  { "0209", "Antiplatelet drugs" },
  { "020900", "Antiplatelet drugs", FAM_ORAL, "grel" },
  { "0212", "Lipid-regulating drugs" },
  { "021200", "Lipid-regulating drugs", FAM_ORAL, "vastatin" },
  { "0301", "Bronchodilators" },
  { "030101", "Adrenoceptor agonists" },
  { "0301011", "Selective beta2 agonists", FAM_INHALED, "terol" },
  { "030102", "Antimuscarinic bronchodilators", FAM_INHALED, "tropium" },
  { "0302", "Corticosteroids" },
  { "030200", "Corticosteroids", FAM_INHALED, "sonide" },
  { "0303", "Cromoglicate and related therapy and leukotriene antagonists" },
  { "030302", "Leukotriene receptor antagonists", FAM_ORAL, "lukast" },
  { "0304", "Antihistamines, hyposensitisation and allergic emergencies" },
  { "030401", "Antihistamines", FAM_ORAL, "tadine" },
  { "0309", "Antitussives, expectorants and demulcents" },
  { "030902", "Expectorant and demulcent cough preparations", FAM_ORAL, "tussin" },
  { "0401", "Hypnotics and anxiolytics" },
  { "040101", "Hypnotics", FAM_ORAL, "piclone" },
  { "040102", "Anxiolytics", FAM_ORAL, "azepam" },
  { "0402", "Drugs used in psychoses and related disorders" },
  { "040201", "Antipsychotic drugs", FAM_ORAL, "peridol" },
  { "040202", "Antipsychotic depot injections", FAM_INJECTION, "penthixol" },
  { "040203", "Drugs used for mania and hypomania", FAM_ORAL, "trigine" },
  { "0403", "Antidepressant drugs" },
  { "040301", "Tricyclic and related antidepressant drugs", FAM_ORAL, "triptyline" },
  { "040302", "Monoamine-oxidase inhibitors", FAM_ORAL, "elzine" },
  { "040303", "Selective serotonin re-uptake inhibitors", FAM_ORAL, "oxetine" },
  { "040304", "Other antidepressant drugs", FAM_ORAL, "faxine" },
  { "0404", "CNS stimulants and drugs used for ADHD" },
  { "040400", "CNS stimulants and drugs used for ADHD", FAM_ORAL, "phenidate" },
  { "0406", "Drugs used in nausea and vertigo" },
  { "040600", "Drugs used in nausea and vertigo", FAM_ORAL, "setron" },
  { "0407", "Analgesics" },
  { "040701", "Non-opioid analgesics and compound preparations", FAM_ORAL, "amol" },
  { "040702", "Opioid analgesics", FAM_ORAL, "orphone" },
  { "040704", "Antimigraine drugs", FAM_ORAL, "triptan" },
  { "0408", "Antiepileptic drugs" },
  { "040801", "Control of epilepsy", FAM_ORAL, "tiracetam" },
  { "0409", "Drugs used in parkinsonism and related disorders" },
  { "040901", "Dopaminergic drugs used in parkinsonism", FAM_ORAL, "pexole" },
  { "0411", "Drugs for dementia" },
  { "041100", "Drugs for dementia", FAM_ORAL, "pezil" },
  { "0501", "Antibacterial drugs" },
  { "050101", "Penicillins" },
  { "0501011", "Benzylpenicillin and phenoxymethylpenicillin" },
  { "0501012", "Penicillinase-resistant penicillins" },
  { "0501013", "Broad-spectrum penicillins" },
  { "0501015", "Mecillinams" },
  { "050102", "Cephalosporins, carbapenems and other beta-lactams" },
  { "0501021", "Cephalosporins" },
  { "050103", "Tetracyclines", FAM_ORAL, "cycline" },
  { "050105", "Macrolides", FAM_ORAL, "thromycin" },
  { "050107", "Some other antibacterials" },
  { "050108", "Sulfonamides and trimethoprim" },
  { "050109", "Antituberculosis drugs" },
  { "050111", "Metronidazole, tinidazole and ornidazole" },
  { "050112", "Quinolones", FAM_ORAL, "floxacin" },
  { "050113", "Urinary-tract infections" },
  { "0502", "Antifungal drugs" },
  { "050200", "Antifungal drugs", FAM_ORAL, "conazole" },
  { "0503", "Antiviral drugs" },
  { "050302", "Herpesvirus infections", FAM_ORAL, "ciclovir" },
  { "0601", "Drugs used in diabetes" },
  { "060101", "Insulins" },
  { "0601011", "Short-acting insulins" },
  { "0601012", "Intermediate and long-acting insulins" },
  { "060102", "Antidiabetic drugs" },
  { "0601021", "Sulfonylureas" },
  { "0601022", "Biguanides" },
  { "0601023", "Other antidiabetic drugs", FAM_ORAL, "gliptin" },
  { "060106", "Diabetic diagnostic and monitoring agents" },
  { "0602", "Thyroid and antithyroid drugs" },
  { "060201", "Thyroid hormones" },
  { "0603", "Corticosteroids" },
  { "060302", "Glucocorticoid therapy", FAM_ORAL, "nisolone" },
  { "0604", "Sex hormones" },
  { "060401", "Female sex hormones and their modulators", FAM_ORAL, "estradiol" },
  { "0606", "Drugs affecting bone metabolism" },
  { "060602", "Bisphosphonates and other drugs", FAM_ORAL, "dronate" },
  { "0703", "Contraceptives" },
  { "070302", "Progestogen-only contraceptives" },
  { "0703021", "Oral progestogen-only contraceptives" },
  { "0704", "Drugs for genito-urinary disorders" },
  { "070401", "Drugs for urinary retention", FAM_ORAL, "sulosin" },
  { "070402", "Drugs for urinary frequency, enuresis and incontinence", FAM_ORAL, "fenacin" },
  { "070405", "Drugs for erectile dysfunction" },
  { "0802", "Drugs affecting the immune response" },
  { "080202", "Corticosteroids and other immunosuppressants" },
  { "080204", "Other immunomodulating drugs" },
  { "0803", "Sex hormones and hormone antagonists in malignant disease" },
  { "080304", "Hormone antagonists", FAM_ORAL, "trozole" },
  { "0901", "Anaemias and some other blood disorders" },
  { "090101", "Iron-deficiency anaemias", FAM_ORAL, "ferrate" },
  { "090102", "Drugs used in megaloblastic anaemias" },
  { "0906", "Vitamins" },
  { "090602", "Vitamin B group" },
  { "090604", "Vitamin D", FAM_ORAL, "calciferol" },
  { "0913", "Borderline substances" },
  { "091310", "Specialised formulae" },
  { "091313", "Specialised formulae for infants" },
  { "091327", "Gluten-free foods" },
  { "091335", "Nutritional supplements" },
  { "091336", "Nutritional supplements (non-disease specific)", FAM_FOOD, "" },
  { "091346", "Gluten-free bread and flour" },
  { "091353", "Probiotics" },
  { "1001", "Drugs used in rheumatic diseases and gout" },
  { "100101", "Non-steroidal anti-inflammatory drugs", FAM_ORAL, "profen" },
  { "100103", "Drugs that suppress the rheumatic disease process" },
  { "100104", "Drugs used for the treatment of gout", FAM_ORAL, "purinol" },
  { "1003", "Soft-tissue disorders and topical pain relief" },
  { "100302", "Rubefacients, topical NSAIDs, capsaicin and poultices", FAM_TOPICAL, "salate" },
  { "1103", "Anti-infective eye preparations" },
  { "110301", "Antibacterials", FAM_EYE, "fenicol" },
  { "1106", "Treatment of glaucoma" },
  { "110600", "Treatment of glaucoma", FAM_EYE, "prost" },
  { "1108", "Supplementary preparations and tear deficiency" },
  { "110802", "Tear deficiency, eye lubricants and astringents", FAM_EYE, "mellose" },
  { "1202", "Drugs acting on the nose" },
  { "120201", "Drugs used in nasal allergy", FAM_NOSE, "metasone" },
  { "1203", "Drugs acting on the oropharynx" },
  { "120304", "Mouthwashes, gargles and dentifrices", FAM_TOPICAL, "hexidine" },
  { "1302", "Emollient and barrier preparations" },
  { "130201", "Emollients", FAM_TOPICAL, "mollin" },
  { "1304", "Topical corticosteroids" },
  { "130400", "Topical corticosteroids", FAM_TOPICAL, "cortone" },
  { "1306", "Acne and rosacea" },
  { "130601", "Topical preparations for acne", FAM_TOPICAL, "tretin" },
  { "1310", "Anti-infective skin preparations" },
  { "131002", "Antifungal preparations" },
  { "1404", "Vaccines and antisera" },
  { "140400", "Vaccines and antisera" },
  { "1502", "Local anaesthesia" },
  { "150201", "Local anaesthetics" },
  { "1801", "Diagnostic agents" },
  { "180100", "Diagnostic agents" },
  { "1902", "Other preparations" },
  { "190203", "Homeopathic preparations" },
  { "1906", "Single substances and bases" },
  { "190602", "Other gases and bases", FAM_TOPICAL, "base" },
  { "2001", "Absorbent Cotton Products", FAM_APPLIANCE, "absorbent pad" },
  { "2002", "Arm Sling/Bandages", FAM_APPLIANCE, "bandage" },
  { "2003", "Wound Management & other Dressings", FAM_APPLIANCE, "dressing" },
  { "2004", "Surgical Adhesive Tapes", FAM_APPLIANCE, "surgical tape" },
  { "2020", "Silk Garments" },
  { "2102", "Arm/Leg Appliances", FAM_APPLIANCE, "compression hosiery" },
  { "2106", "Breast Pumps and Nipple Shields", FAM_APPLIANCE, "nipple shield" },
  { "2108", "Catheters - Urinary", FAM_APPLIANCE, "catheter" },
  { "2112", "Syringes and Needles", FAM_APPLIANCE, "pen needle" },
  { "2201", "Incontinence Appliances - Urinary Sheaths", FAM_APPLIANCE, "urinary sheath" },
  { "2202", "Incontinence Appliances - Drainage Bags", FAM_APPLIANCE, "leg bag" },
  { "2310", "Colostomy Bags", FAM_APPLIANCE, "colostomy bag" },
  { "2320", "Ileostomy Bags", FAM_APPLIANCE, "ileostomy bag" },
  { "2396", "Urostomy Bags", FAM_APPLIANCE, "urostomy bag" },
  { "2398", "Stoma Care Accessories", FAM_APPLIANCE, "stoma seal" },
};

/* Forms: the current name ("tablets"), the legacy one ("Tab"). */
typedef enum
{
  F_TAB, F_CAP, F_MR_TAB, F_MR_CAP, F_GR_TAB, F_GR_CAP, F_SOL_TAB, F_EFF_TAB, F_ORODISP,
  F_ORAL_SOL, F_ORAL_SUSP, F_CREAM, F_OINT, F_GEL, F_INHALER, F_DPI, F_NASAL, F_EYE_DROPS,
  F_INJ, F_PEN, F_PLASTER, F_STRIPS, F_LACQUER, F_SACHET, F_POWDER, F_FOOD, F_PILLULES,
  F_VACCINE, F_NONE, F_LOTION, N_FORMS
} Form;

typedef struct
{
  const char *current;
  const char *legacy;
  guint8      qpi;              /* default quantity profile */
} FormInfo;

/* Quantity-per-item profiles: up to three quantities and their shares of
 * items.  The first is the one a practice's habits move (see rows). */
typedef enum
{
  Q_MONTH, Q_SEVEN, Q_AMOX, Q_TRIM, Q_NITRO, Q_NITRO_MR, Q_DOXY, Q_PIV, Q_COURSE, Q_ACUTE,
  Q_PRN, Q_CONTRA, Q_LIQ, Q_TUBE, Q_ONE, Q_PEN, Q_STRIPS, Q_PLASTER, Q_APPL, Q_FOOD,
  Q_DROPS, Q_SINGLE, N_Q
} QProfileId;

typedef struct
{
  guint8  n;
  guint16 qty[3];
  guint8  share[3];             /* percent */
} QProfile;

static const QProfile qprofiles[N_Q] = {
  [Q_MONTH] = { 3, { 28, 56, 84 }, { 62, 28, 10 } },
  [Q_SEVEN] = { 3, { 28, 56, 7 }, { 70, 20, 10 } },
  [Q_AMOX] = { 3, { 15, 21, 30 }, { 55, 35, 10 } },
  [Q_TRIM] = { 2, { 6, 14 }, { 60, 40 } },
  [Q_NITRO] = { 2, { 12, 28 }, { 55, 45 } },
  [Q_NITRO_MR] = { 2, { 6, 14 }, { 60, 40 } },
  [Q_DOXY] = { 3, { 6, 7, 14 }, { 50, 20, 30 } },
  [Q_PIV] = { 2, { 10, 12 }, { 60, 40 } },
  [Q_COURSE] = { 3, { 21, 28, 14 }, { 50, 30, 20 } },
  [Q_ACUTE] = { 2, { 14, 28 }, { 60, 40 } },
  [Q_PRN] = { 3, { 100, 32, 60 }, { 55, 30, 15 } },
  [Q_CONTRA] = { 2, { 84, 168 }, { 70, 30 } },
  [Q_LIQ] = { 3, { 100, 200, 500 }, { 50, 35, 15 } },
  [Q_TUBE] = { 3, { 30, 50, 100 }, { 50, 30, 20 } },
  [Q_ONE] = { 2, { 1, 2 }, { 75, 25 } },
  [Q_PEN] = { 2, { 15, 30 }, { 70, 30 } },
  [Q_STRIPS] = { 2, { 50, 100 }, { 40, 60 } },
  [Q_PLASTER] = { 2, { 30, 10 }, { 85, 15 } },
  [Q_APPL] = { 3, { 10, 30, 5 }, { 50, 30, 20 } },
  [Q_FOOD] = { 2, { 4, 8 }, { 55, 45 } },
  [Q_DROPS] = { 2, { 5, 10 }, { 60, 40 } },
  [Q_SINGLE] = { 1, { 1 }, { 100 } },
};

static const FormInfo forms[N_FORMS] = {
  [F_TAB] = { "tablets", "Tab", Q_MONTH },
  [F_CAP] = { "capsules", "Cap", Q_MONTH },
  [F_MR_TAB] = { "modified-release tablets", "Tab M/R", Q_MONTH },
  [F_MR_CAP] = { "modified-release capsules", "Cap M/R", Q_MONTH },
  [F_GR_TAB] = { "gastro-resistant tablets", "Tab E/C", Q_MONTH },
  [F_GR_CAP] = { "gastro-resistant capsules", "Cap E/C", Q_MONTH },
  [F_SOL_TAB] = { "soluble tablets", "Tab Solb", Q_PRN },
  [F_EFF_TAB] = { "effervescent tablets", "Tab Eff", Q_PRN },
  [F_ORODISP] = { "orodispersible tablets", "Tab Orodisp", Q_MONTH },
  [F_ORAL_SOL] = { "oral solution", "Oral Soln", Q_LIQ },
  [F_ORAL_SUSP] = { "oral suspension", "Oral Susp", Q_LIQ },
  [F_CREAM] = { "cream", "Crm", Q_TUBE },
  [F_OINT] = { "ointment", "Oint", Q_TUBE },
  [F_GEL] = { "gel", "Gel", Q_TUBE },
  [F_INHALER] = { "inhaler", "Inha", Q_ONE },
  [F_DPI] = { "dry powder inhaler", "Inh Pdr", Q_ONE },
  [F_NASAL] = { "nasal spray", "Nsl Spy", Q_ONE },
  [F_EYE_DROPS] = { "eye drops", "Eye Dps", Q_DROPS },
  [F_INJ] = { "solution for injection ampoules", "Inj", Q_ONE },
  [F_PEN] = { "solution for injection 3ml pre-filled pens", "Inj 3ml Pf Pen", Q_PEN },
  [F_PLASTER] = { "medicated plasters", "Medicated Plstr", Q_PLASTER },
  [F_STRIPS] = { "testing strips", "Test Strips", Q_STRIPS },
  [F_LACQUER] = { "medicated nail lacquer", "Nail Lacq", Q_ONE },
  [F_SACHET] = { "oral powder sachets", "Oral Pdr Sach", Q_ACUTE },
  [F_POWDER] = { "powder", "Pdr", Q_FOOD },
  [F_FOOD] = { "", "", Q_FOOD },
  [F_PILLULES] = { "pillules", "Pill", Q_ONE },
  [F_VACCINE] = { "vaccine suspension for injection 0.5ml pre-filled syringes", "Vac Inj 0.5ml Pfs",
                  Q_SINGLE },
  [F_NONE] = { "", "", Q_APPL },
  [F_LOTION] = { "cutaneous solution", "Lot", Q_TUBE },
};

/* ------------------------------------------------------------------ */
/* The real chemicals and presentations, chosen so that every bundled   */
/* measure (methodology.md §8) selects rows on both of its sides.       */

typedef struct
{
  const char *code;
  const char *name;
} HandChemical;

static const HandChemical hand_chemicals[] = {
  { "0101021B0", "Alginic acid compound preparations" },
  { "0102000N0", "Hyoscine butylbromide" },
  { "0102000P0", "Mebeverine hydrochloride" },
  { "0103050E0", "Esomeprazole" },
  { "0103050L0", "Lansoprazole" },
  { "0103050P0", "Omeprazole" },
  { "0103050R0", "Pantoprazole" },
  { "0104020L0", "Loperamide hydrochloride" },
  { "0106020C0", "Bisacodyl" },
  { "0106020M0", "Senna" },
  { "0106040M0", "Macrogol 3350" },
  { "0106040G0", "Lactulose" },
  { "0202010B0", "Bendroflumethiazide" },
  { "0202010D0", "Indapamide" },
  { "0202020L0", "Furosemide" },
  { "0202030S0", "Spironolactone" },
  { "0203020D0", "Amiodarone hydrochloride" },
  { "0203020X0", "Dronedarone" },
  { "0204000E0", "Atenolol" },
  { "0204000H0", "Bisoprolol fumarate" },
  { "0204000R0", "Propranolol hydrochloride" },
  { "0204000AB", "Nebivolol" },
  { "0205040D0", "Doxazosin mesilate" },
  { "0205051AA", "Imidapril hydrochloride" },
  { "0205051C0", "Captopril" },
  { "0205051E0", "Cilazapril" },
  { "0205051L0", "Lisinopril" },
  { "0205051R0", "Ramipril" },
  { "0205051I0", "Perindopril erbumine" },
  { "0205052AD", "Azilsartan medoxomil" },
  { "0205052B0", "Eprosartan" },
  { "0205052C0", "Candesartan cilexetil" },
  { "0205052I0", "Irbesartan" },
  { "0205052N0", "Losartan potassium" },
  { "0205053A0", "Aliskiren" },
  { "0206010K0", "Isosorbide mononitrate" },
  { "0206020A0", "Amlodipine" },
  { "0206020C0", "Diltiazem hydrochloride" },
  { "0206020M0", "Nimodipine" },
  { "0206020T0", "Verapamil hydrochloride" },
  { "0208020AA", "Edoxaban" },
  { "0208020V0", "Warfarin sodium" },
  { "0208020X0", "Dabigatran etexilate" },
  { "0208020Y0", "Rivaroxaban" },
  { "0208020Z0", "Apixaban" },
  { "0209000A0", "Aspirin" },
  { "0209000C0", "Clopidogrel" },
  { "0209000L0", "Dipyridamole" },
  { "0209000V0", "Dipyridamole and aspirin" },
  { "0212000A0", "Bezafibrate" },
  { "0212000AB", "Omega-3-acid ethyl esters" },
  { "0212000AC", "Rosuvastatin calcium" },
  { "0212000AE", "Ezetimibe and simvastatin" },
  { "0212000B0", "Atorvastatin" },
  { "0212000D0", "Colestyramine" },
  { "0212000F0", "Fenofibrate" },
  { "0212000U0", "Colesevelam hydrochloride" },
  { "0212000V0", "Omega-3 fatty acid compounds" },
  { "0212000X0", "Pravastatin sodium" },
  { "0212000Y0", "Simvastatin" },
  { "0212000AJ", "Ezetimibe" },
  { "0301011R0", "Salbutamol" },
  { "0301011V0", "Terbutaline sulfate" },
  { "0301020Q0", "Tiotropium bromide" },
  { "0302000C0", "Beclometasone dipropionate" },
  { "0302000K0", "Budesonide" },
  { "0302000N0", "Fluticasone propionate" },
  { "0303020G0", "Montelukast" },
  { "0304010AB", "Cetirizine hydrochloride" },
  { "0304010AD", "Loratadine" },
  { "0401010AD", "Melatonin" },
  { "0401010T0", "Temazepam" },
  { "0401010Z0", "Zopiclone" },
  { "0401020K0", "Diazepam" },
  { "0401020P0", "Lorazepam" },
  { "040201010", "Zuclopenthixol acetate" },
  { "0402010AB", "Quetiapine" },
  { "0402010J0", "Olanzapine" },
  { "0402010W0", "Risperidone" },
  { "0402020Z0", "Zuclopenthixol decanoate" },
  { "0403010B0", "Amitriptyline hydrochloride" },
  { "0403010J0", "Dosulepin hydrochloride" },
  { "0403010Y0", "Trimipramine maleate" },
  { "0403020K0", "Phenelzine sulfate" },
  { "0403030D0", "Citalopram hydrobromide" },
  { "0403030E0", "Fluoxetine hydrochloride" },
  { "0403030L0", "Fluvoxamine maleate" },
  { "0403030P0", "Paroxetine hydrochloride" },
  { "0403030Q0", "Sertraline hydrochloride" },
  { "0403030X0", "Escitalopram" },
  { "0403030Z0", "Vortioxetine" },
  { "0403040W0", "Venlafaxine" },
  { "0403040X0", "Mirtazapine" },
  { "0407010F0", "Co-codamol (Codeine phosphate/paracetamol)" },
  { "0407010H0", "Paracetamol" },
  { "0407010Q0", "Co-proxamol (Dextropropoxyphene/paracetamol)" },
  { "0407020A0", "Codeine phosphate" },
  { "0407020AF", "Oxycodone hydrochloride/naloxone hydrochloride" },
  { "0407020Q0", "Morphine sulfate" },
  { "040702040", "Tramadol hydrochloride" },
  { "0407041T0", "Sumatriptan" },
  { "0408010A0", "Levetiracetam" },
  { "0408010AE", "Pregabalin" },
  { "0408010G0", "Gabapentin" },
  { "0408010H0", "Lamotrigine" },
  { "0501011P0", "Phenoxymethylpenicillin" },
  { "0501012G0", "Flucloxacillin sodium" },
  { "0501013B0", "Amoxicillin" },
  { "0501013K0", "Co-amoxiclav (Amoxicillin/clavulanic acid)" },
  { "0501015P0", "Pivmecillinam hydrochloride" },
  { "0501021A0", "Cefalexin" },
  { "0501021L0", "Cefuroxime axetil" },
  { "0501030I0", "Doxycycline hyclate" },
  { "0501030L0", "Lymecycline" },
  { "0501030P0", "Minocycline hydrochloride" },
  { "0501030Z0", "Doxycycline monohydrate" },
  { "0501050A0", "Azithromycin" },
  { "0501050B0", "Clarithromycin" },
  { "0501050C0", "Erythromycin" },
  { "0501070AE", "Fosfomycin trometamol" },
  { "0501080J0", "Sulfadiazine" },
  { "0501080W0", "Trimethoprim" },
  { "0501090K0", "Isoniazid" },
  { "0501110C0", "Metronidazole" },
  { "0501120L0", "Ciprofloxacin" },
  { "0501120X0", "Levofloxacin" },
  { "0501130H0", "Methenamine hippurate" },
  { "0501130R0", "Nitrofurantoin" },
  { "0502030B0", "Fluconazole" },
  { "0503021C0", "Aciclovir" },
  { "0601011A0", "Insulin aspart" },
  { "060101200", "Insulin zinc suspension (mixed)" },
  { "0601012G0", "Insulin isophane biphasic human" },
  { "0601012S0", "Insulin isophane human" },
  { "0601012V0", "Insulin glargine" },
  { "0601012X0", "Insulin detemir" },
  { "0601012Z0", "Insulin degludec" },
  { "0601021M0", "Gliclazide" },
  { "0601022B0", "Metformin hydrochloride" },
  { "0601023AC", "Sitagliptin" },
  { "0601023AG", "Dapagliflozin" },
  { "0601023AN", "Empagliflozin" },
  { "0601023B0", "Pioglitazone hydrochloride" },
  { "0601060D0", "Glucose blood testing reagents" },
  { "0601060X0", "Ketones blood testing reagents" },
  { "0602010M0", "Liothyronine sodium" },
  { "0602010V0", "Levothyroxine sodium" },
  { "0603020T0", "Prednisolone" },
  { "0606020A0", "Alendronic acid" },
  { "0703021Q0", "Desogestrel" },
  { "0704010U0", "Tamsulosin hydrochloride" },
  { "0704020AB", "Solifenacin succinate" },
  { "0704050AA", "Vardenafil" },
  { "0704050B0", "Alprostadil" },
  { "0704050R0", "Tadalafil" },
  { "0704050Z0", "Sildenafil" },
  { "0802020G0", "Ciclosporin" },
  { "0802020T0", "Tacrolimus" },
  { "0802040X0", "Vaccinia immune globulin" },
  { "0803041B0", "Anastrozole" },
  { "0803041S0", "Tamoxifen citrate" },
  { "0901011F0", "Ferrous fumarate" },
  { "0901020G0", "Folic acid" },
  { "0906026M0", "Thiamine hydrochloride" },
  { "0906027G0", "Vitamin B compound" },
  { "0906040G0", "Colecalciferol" },
  { "0913101A0", "Extensively hydrolysed formula" },
  { "0913107A0", "Amino acid formula" },
  { "0913131A0", "Amino acid infant formula" },
  { "0913131B0", "Amino acid infant formula with LCP" },
  { "0913132A0", "Extensively hydrolysed infant formula" },
  { "0913270B0", "Gluten-free bread" },
  { "0913270C0", "Gluten-free pasta" },
  { "0913351A0", "Soya infant formula" },
  { "0913355A0", "Amino acid based supplement" },
  { "0913361A0", "Amino acid feed" },
  { "0913460X0", "Gluten-free flour mix" },
  { "0913531A0", "Probiotic compound" },
  { "1001010C0", "Diclofenac sodium" },
  { "1001010J0", "Ibuprofen" },
  { "1001010P0", "Naproxen" },
  { "1001010AH", "Etoricoxib" },
  { "1001010AJ", "Celecoxib" },
  { "1001030U0", "Methotrexate" },
  { "1001040G0", "Allopurinol" },
  { "1003020F0", "Methyl salicylate" },
  { "1003020H0", "Glycol salicylate" },
  { "1003020M0", "Capsaicin" },
  { "1003020P0", "Piroxicam" },
  { "1003020U0", "Ibuprofen" },
  { "1103010C0", "Chloramphenicol" },
  { "1106000L0", "Latanoprost" },
  { "1108010K0", "Hypromellose" },
  { "1202010M0", "Mometasone furoate" },
  { "1202010C0", "Beclometasone dipropionate" },
  { "1302011D0", "Emulsifying ointment" },
  { "1304000H0", "Hydrocortisone" },
  { "1310020A0", "Amorolfine hydrochloride" },
  { "1310020C0", "Clotrimazole" },
  { "1310020T0", "Tioconazole" },
  { "1404000G0", "Hepatitis A vaccine" },
  { "1404000U0", "Rabies vaccine" },
  { "1404000X0", "Typhoid vaccine" },
  { "1502010J0", "Lidocaine" },
  { "1801000P0", "Tuberculin purified protein derivative" },
  { "1902030B0", "Arnica" },
  { "1902030C0", "Nux vomica" },
};

typedef struct
{
  const char *code;
  const char *name;             /* NULL: the chemical's name */
  const char *strength;
  guint8      form;
  guint8      qpi;              /* QD: the form's profile */
  guint8      tier;             /* 1: every scale; 2: demo and national */
  float       per_1000;         /* items per 1,000 patients a month */
  float       ppu;              /* pounds a unit */
  guint8      adq_num;          /* ADQs a unit = num / den; 0: none */
  guint8      adq_den;
} HandPresentation;

#define QD 255

static const HandPresentation hand_presentations[] = {
  /* 01 Gastro-intestinal */
  { "0101021B0AAAJAJ", NULL, "", F_ORAL_SUSP, QD, 2, 1.0, 0.010, 0, 0 },
  { "0101021B0BEADAJ", "Gaviscon Advance", "", F_ORAL_SUSP, QD, 2, 3.0, 0.012, 0, 0 },
  { "0102000N0AAABAB", NULL, "10mg", F_TAB, Q_ACUTE, 2, 1.5, 0.06, 0, 0 },
  { "0102000P0AAABAB", NULL, "135mg", F_TAB, QD, 2, 2.5, 0.05, 1, 3 },
  { "0103050E0AAAAAA", NULL, "20mg", F_GR_CAP, QD, 2, 2.0, 0.07, 1, 1 },
  { "0103050E0BBAAAA", "Nexium", "20mg", F_GR_TAB, QD, 2, 0.15, 0.65, 1, 1 },
  { "0103050L0AAAAAA", NULL, "15mg", F_GR_CAP, QD, 2, 12.0, 0.035, 1, 2 },
  { "0103050L0AAABAB", NULL, "30mg", F_GR_CAP, QD, 1, 16.0, 0.04, 1, 1 },
  { "0103050L0BBABAB", "Zoton FasTab", "30mg", F_ORODISP, QD, 2, 0.3, 0.35, 1, 1 },
  { "0103050P0AAAAAA", NULL, "20mg", F_GR_CAP, QD, 1, 37.0, 0.035, 1, 1 },
  { "0103050P0AAABAB", NULL, "40mg", F_GR_CAP, QD, 2, 8.0, 0.06, 2, 1 },
  { "0103050P0AAAEAE", NULL, "10mg", F_GR_CAP, QD, 2, 3.0, 0.05, 1, 2 },
  { "0103050P0BBAAAA", "Losec", "20mg", F_GR_CAP, QD, 2, 0.1, 0.65, 1, 1 },
  { "0103050R0AAAAAA", NULL, "40mg", F_GR_TAB, QD, 2, 3.0, 0.05, 1, 1 },
  { "0104020L0AAAAAA", NULL, "2mg", F_CAP, Q_ACUTE, 2, 2.0, 0.04, 1, 5 },
  { "0106020C0AAADAD", NULL, "5mg", F_GR_TAB, QD, 2, 1.0, 0.05, 1, 2 },
  { "0106020M0AAAUAU", NULL, "7.5mg", F_TAB, QD, 2, 4.0, 0.03, 1, 2 },
  { "0106040M0AAAMAM", "Macrogol compound", "", F_SACHET, Q_COURSE, 2, 6.0, 0.15, 1, 2 },
  { "0106040G0AAAAAA", NULL, "3.1-3.7g/5ml", F_ORAL_SOL, Q_LIQ, 2, 2.5, 0.01, 1, 15 },
  /* 02 Cardiovascular */
  { "0202010B0AAABAB", NULL, "2.5mg", F_TAB, QD, 2, 5.0, 0.03, 1, 1 },
  { "0202010D0AAADAD", NULL, "1.5mg", F_MR_TAB, QD, 2, 3.0, 0.06, 1, 1 },
  { "0202020L0AAABAB", NULL, "40mg", F_TAB, QD, 2, 10.0, 0.03, 1, 1 },
  { "0202020L0AAAAAA", NULL, "20mg", F_TAB, QD, 2, 3.0, 0.03, 1, 2 },
  { "0202030S0AAAAAA", NULL, "25mg", F_TAB, QD, 2, 4.0, 0.06, 1, 3 },
  { "0203020D0AAAAAA", NULL, "100mg", F_TAB, QD, 2, 0.3, 0.15, 1, 2 },
  { "0203020D0AAABAB", NULL, "200mg", F_TAB, QD, 2, 0.5, 0.16, 1, 1 },
  { "0203020X0AAAAAA", NULL, "400mg", F_TAB, QD, 2, 0.08, 1.35, 2, 1 },
  { "0203020X0BBAAAA", "Multaq", "400mg", F_TAB, QD, 2, 0.05, 1.45, 2, 1 },
  { "0204000E0AAAAAA", NULL, "25mg", F_TAB, QD, 2, 2.0, 0.03, 1, 3 },
  { "0204000E0AAABAB", NULL, "50mg", F_TAB, QD, 2, 4.0, 0.03, 1, 2 },
  { "0204000H0AAAAAA", NULL, "10mg", F_TAB, QD, 2, 3.0, 0.04, 1, 1 },
  { "0204000H0AAAJAJ", NULL, "2.5mg", F_TAB, QD, 2, 14.0, 0.03, 1, 4 },
  { "0204000H0AAAKAK", NULL, "5mg", F_TAB, QD, 2, 10.0, 0.03, 1, 2 },
  { "0204000R0AAABAB", NULL, "10mg", F_TAB, QD, 2, 4.0, 0.05, 1, 16 },
  { "0204000ABAAAAAA", NULL, "5mg", F_TAB, QD, 2, 1.5, 0.04, 1, 1 },
  { "0204000ABAAABAB", NULL, "2.5mg", F_TAB, QD, 2, 0.4, 0.12, 1, 2 },
  { "0205040D0AAAAAA", NULL, "1mg", F_TAB, QD, 2, 1.5, 0.03, 1, 4 },
  { "0205040D0AAABAB", NULL, "2mg", F_TAB, QD, 2, 2.0, 0.03, 1, 2 },
  { "0205040D0AAACAC", NULL, "4mg", F_TAB, QD, 2, 3.0, 0.03, 1, 1 },
  { "0205040D0AAAQAQ", NULL, "4mg", F_MR_TAB, QD, 2, 0.6, 0.12, 1, 1 },
  { "0205040D0AAARAR", NULL, "8mg", F_MR_TAB, QD, 2, 0.3, 0.22, 2, 1 },
  { "0205040D0BBAQAQ", "Cardura XL", "4mg", F_MR_TAB, QD, 2, 0.1, 0.18, 1, 1 },
  { "0205051AAAAAAAA", NULL, "5mg", F_TAB, QD, 1, 0.15, 0.30, 1, 2 },
  { "0205051C0AAABAB", NULL, "25mg", F_TAB, QD, 2, 0.2, 0.09, 1, 2 },
  { "0205051E0AAAAAA", NULL, "2.5mg", F_TAB, QD, 2, 0.05, 0.25, 1, 1 },
  { "0205051L0AAAAAA", NULL, "10mg", F_TAB, QD, 1, 5.0, 0.03, 1, 1 },
  { "0205051L0AAABAB", NULL, "20mg", F_TAB, QD, 2, 4.0, 0.04, 2, 1 },
  { "0205051I0AAAAAA", NULL, "4mg", F_TAB, QD, 2, 1.0, 0.04, 1, 1 },
  { "0205051R0AAAAAA", NULL, "1.25mg", F_CAP, Q_SEVEN, 2, 3.0, 0.04, 1, 2 },
  { "0205051R0AAABAB", NULL, "2.5mg", F_CAP, Q_SEVEN, 2, 6.0, 0.04, 1, 1 },
  { "0205051R0AAACAC", NULL, "5mg", F_CAP, Q_SEVEN, 1, 8.0, 0.04, 2, 1 },
  { "0205051R0AAADAD", NULL, "10mg", F_CAP, Q_SEVEN, 2, 8.0, 0.05, 4, 1 },
  { "0205051R0BBACAC", "Tritace", "5mg", F_CAP, QD, 2, 0.05, 0.25, 2, 1 },
  { "0205052ADAAABAB", NULL, "40mg", F_TAB, QD, 2, 0.1, 0.60, 1, 1 },
  { "0205052B0AAAAAA", NULL, "600mg", F_TAB, QD, 2, 0.05, 0.35, 1, 1 },
  { "0205052B0BBAAAA", "Teveten", "600mg", F_TAB, QD, 2, 0.03, 0.70, 1, 1 },
  { "0205052C0AAABAB", NULL, "8mg", F_TAB, QD, 1, 5.0, 0.04, 1, 1 },
  { "0205052C0AAACAC", NULL, "16mg", F_TAB, QD, 2, 3.0, 0.05, 2, 1 },
  { "0205052C0BBABAB", "Amias", "8mg", F_TAB, QD, 1, 0.1, 0.40, 1, 1 },
  { "0205052I0AAABAB", NULL, "150mg", F_TAB, QD, 2, 1.5, 0.05, 1, 1 },
  { "0205052N0AAAAAA", NULL, "25mg", F_TAB, QD, 2, 5.0, 0.04, 1, 2 },
  { "0205052N0AAABAB", NULL, "50mg", F_TAB, QD, 1, 8.0, 0.04, 1, 1 },
  { "0205052N0AAACAC", NULL, "100mg", F_TAB, QD, 2, 6.0, 0.05, 2, 1 },
  { "0205053A0AAAAAA", NULL, "150mg", F_TAB, QD, 2, 0.02, 0.85, 1, 1 },
  { "0206010K0AAAKAK", NULL, "60mg", F_MR_TAB, QD, 2, 3.0, 0.08, 1, 1 },
  { "0206020A0AAAAAA", NULL, "5mg", F_TAB, Q_SEVEN, 1, 22.0, 0.03, 1, 1 },
  { "0206020A0AAABAB", NULL, "10mg", F_TAB, Q_SEVEN, 2, 18.0, 0.03, 2, 1 },
  { "0206020C0AAAAAA", NULL, "60mg", F_TAB, QD, 2, 0.3, 0.12, 1, 4 },
  { "0206020C0AAAEAE", NULL, "120mg", F_MR_CAP, QD, 1, 0.6, 0.25, 1, 2 },
  { "0206020C0AAAJAJ", NULL, "90mg", F_MR_CAP, QD, 2, 0.2, 0.30, 3, 8 },
  { "0206020C0BBAEAE", "Tildiem LA", "120mg", F_MR_CAP, QD, 2, 0.3, 0.28, 1, 2 },
  { "0206020C0BCAEAE", "Adizem-XL", "120mg", F_MR_CAP, QD, 2, 0.3, 0.22, 1, 2 },
  { "0206020M0AAAAAA", NULL, "30mg", F_TAB, QD, 2, 0.02, 3.20, 1, 12 },
  { "0206020T0AAAGAG", NULL, "160mg", F_TAB, QD, 2, 0.4, 0.17, 1, 2 },
  { "0208020AAAAACAC", NULL, "60mg", F_TAB, QD, 1, 1.0, 1.75, 1, 1 },
  { "0208020V0AAAAAA", NULL, "1mg", F_TAB, QD, 2, 3.0, 0.03, 1, 7 },
  { "0208020V0AAABAB", NULL, "3mg", F_TAB, QD, 2, 2.0, 0.03, 3, 7 },
  { "0208020X0AAABAB", NULL, "110mg", F_CAP, QD, 2, 0.5, 0.85, 1, 2 },
  { "0208020Y0AAABAB", NULL, "20mg", F_TAB, QD, 1, 4.0, 0.12, 1, 1 },
  { "0208020Y0BBABAB", "Xarelto", "20mg", F_TAB, QD, 1, 1.5, 1.80, 1, 1 },
  { "0208020Z0AAAAAA", NULL, "2.5mg", F_TAB, QD, 2, 5.0, 0.10, 1, 2 },
  { "0208020Z0AAABAB", NULL, "5mg", F_TAB, QD, 1, 9.0, 0.10, 1, 1 },
  { "0208020Z0BBABAB", "Eliquis", "5mg", F_TAB, QD, 1, 2.0, 0.95, 1, 1 },
  { "0209000A0AAABAB", NULL, "75mg", F_GR_TAB, QD, 2, 10.0, 0.03, 1, 1 },
  { "0209000A0AAAAAA", NULL, "75mg", F_SOL_TAB, Q_MONTH, 2, 8.0, 0.03, 1, 1 },
  { "0209000C0AAAAAA", NULL, "75mg", F_TAB, QD, 2, 11.0, 0.03, 1, 1 },
  { "0209000L0AAAEAE", NULL, "200mg", F_MR_CAP, QD, 2, 0.2, 0.20, 1, 2 },
  { "0209000V0AAAAAA", NULL, "200mg/25mg", F_MR_CAP, QD, 2, 0.08, 0.25, 1, 2 },
  { "0212000A0AAAAAA", NULL, "200mg", F_TAB, QD, 2, 0.1, 0.15, 1, 3 },
  { "0212000ABAAAAAA", NULL, "1000mg", F_CAP, QD, 2, 0.4, 0.35, 1, 2 },
  { "0212000ACAAAAAA", NULL, "5mg", F_TAB, QD, 2, 1.0, 0.05, 1, 1 },
  { "0212000ACAAABAB", NULL, "10mg", F_TAB, QD, 2, 2.5, 0.05, 2, 1 },
  { "0212000AEAAAAAA", NULL, "10mg/20mg", F_TAB, QD, 2, 0.1, 1.20, 1, 1 },
  { "0212000AJAAAAAA", NULL, "10mg", F_TAB, QD, 2, 3.0, 0.06, 1, 1 },
  { "0212000B0AAAAAA", NULL, "10mg", F_TAB, Q_SEVEN, 2, 10.0, 0.03, 1, 2 },
  { "0212000B0AAABAB", NULL, "20mg", F_TAB, Q_SEVEN, 1, 26.0, 0.03, 1, 1 },
  { "0212000B0AAACAC", NULL, "40mg", F_TAB, Q_SEVEN, 1, 21.0, 0.04, 2, 1 },
  { "0212000B0AAADAD", NULL, "80mg", F_TAB, Q_SEVEN, 2, 8.0, 0.06, 4, 1 },
  { "0212000B0BBABAB", "Lipitor", "20mg", F_TAB, Q_SEVEN, 1, 0.3, 0.85, 1, 1 },
  { "0212000B0BBACAC", "Lipitor", "40mg", F_TAB, Q_SEVEN, 2, 0.2, 0.95, 2, 1 },
  { "0212000D0AAAAAA", NULL, "4g", F_SACHET, QD, 2, 0.1, 0.45, 1, 3 },
  { "0212000F0AAAFAF", NULL, "267mg", F_CAP, QD, 2, 0.2, 0.30, 1, 1 },
  { "0212000U0AAAAAA", NULL, "625mg", F_TAB, QD, 2, 0.05, 0.90, 1, 6 },
  { "0212000V0AAAAAA", NULL, "1g", F_CAP, QD, 2, 0.1, 0.25, 1, 2 },
  { "0212000X0AAABAB", NULL, "20mg", F_TAB, QD, 2, 1.0, 0.04, 1, 2 },
  { "0212000Y0AAABAB", NULL, "20mg", F_TAB, Q_SEVEN, 2, 5.0, 0.03, 1, 1 },
  { "0212000Y0AAACAC", NULL, "40mg", F_TAB, Q_SEVEN, 1, 10.0, 0.03, 2, 1 },
  { "0212000Y0BBACAC", "Zocor", "40mg", F_TAB, Q_SEVEN, 2, 0.1, 0.55, 2, 1 },
  /* 03 Respiratory */
  { "0301011R0AAAPAP", NULL, "100micrograms/dose", F_INHALER, QD, 1, 22.0, 1.50, 25, 1 },
  { "0301011R0AAAAAA", NULL, "2mg", F_TAB, QD, 2, 0.05, 0.30, 1, 4 },
  { "0301011R0BBAPAP", "Ventolin Evohaler", "100micrograms/dose", F_INHALER, QD, 1, 7.0, 1.50,
    25, 1 },
  { "0301011V0AAAAAA", NULL, "500micrograms/dose", F_DPI, QD, 2, 0.6, 8.30, 25, 1 },
  { "0301020Q0AAAAAA", NULL, "18microgram inhalation powder capsules with device", F_NONE, Q_MONTH,
    2, 1.5, 1.20, 1, 1 },
  { "0302000C0AAAAAA", NULL, "100micrograms/dose", F_INHALER, QD, 1, 2.0, 7.40, 25, 1 },
  { "0302000C0AABFBF", "Beclometasone dipropionate / Formoterol",
    "100micrograms/dose / 6micrograms/dose", F_INHALER, QD, 2, 0.5, 29.00, 30, 1 },
  { "0302000C0BVABBF", "Fostair", "100micrograms/dose / 6micrograms/dose", F_INHALER, QD, 1, 8.0,
    29.32, 30, 1 },
  { "0302000K0AAAXAX", NULL, "200micrograms/dose", F_DPI, QD, 2, 1.2, 14.25, 40, 1 },
  { "0302000N0AAAUAU", NULL, "125micrograms/dose", F_INHALER, QD, 2, 1.5, 21.26, 30, 1 },
  { "0303020G0AAAAAA", NULL, "10mg", F_TAB, QD, 2, 3.0, 0.05, 1, 1 },
  { "0304010ABAAAAAA", NULL, "10mg", F_TAB, Q_COURSE, 2, 5.0, 0.03, 1, 1 },
  { "0304010ADAAAAAA", NULL, "10mg", F_TAB, Q_COURSE, 2, 3.0, 0.03, 1, 1 },
  /* 04 Central nervous system */
  { "0401010ADAAAAAA", NULL, "2mg", F_MR_TAB, QD, 2, 1.5, 0.55, 1, 1 },
  { "0401010T0AAABAB", NULL, "10mg", F_TAB, Q_ACUTE, 2, 0.6, 0.08, 1, 2 },
  { "0401010Z0AAAAAA", NULL, "3.75mg", F_TAB, Q_ACUTE, 2, 1.5, 0.04, 1, 2 },
  { "0401010Z0AAABAB", NULL, "7.5mg", F_TAB, Q_ACUTE, 1, 5.5, 0.04, 1, 1 },
  { "0401020K0AAAAAA", NULL, "2mg", F_TAB, Q_ACUTE, 2, 3.0, 0.03, 1, 5 },
  { "0401020K0AAABAB", NULL, "5mg", F_TAB, Q_ACUTE, 2, 2.5, 0.03, 1, 2 },
  { "0401020P0AAAAAA", NULL, "1mg", F_TAB, Q_ACUTE, 2, 0.6, 0.15, 1, 2 },
  { "040201010AAAAAA", NULL, "50mg/1ml", F_INJ, QD, 2, 0.01, 7.50, 1, 1 },
  { "0402010ABAAABAB", NULL, "25mg", F_TAB, QD, 1, 2.5, 0.04, 1, 16 },
  { "0402010ABAAACAC", NULL, "100mg", F_TAB, QD, 2, 1.0, 0.06, 1, 4 },
  { "0402010ABAAADAD", NULL, "150mg", F_TAB, QD, 2, 0.4, 0.12, 3, 8 },
  { "0402010ABAAAFAF", NULL, "200mg", F_TAB, QD, 2, 0.5, 0.09, 1, 2 },
  { "0402010ABAAAKAK", NULL, "300mg", F_TAB, QD, 2, 0.3, 0.12, 3, 4 },
  { "0402010ABAAAVAV", NULL, "50mg", F_MR_TAB, QD, 1, 0.3, 0.50, 1, 8 },
  { "0402010ABAAAWAW", NULL, "200mg", F_MR_TAB, QD, 2, 0.15, 1.10, 1, 2 },
  { "0402010ABAAAXAX", NULL, "300mg", F_MR_TAB, QD, 2, 0.12, 1.40, 3, 4 },
  { "0402010ABAAAYAY", NULL, "400mg", F_MR_TAB, QD, 2, 0.08, 1.90, 1, 1 },
  { "0402010ABAABABA", NULL, "150mg", F_MR_TAB, QD, 2, 0.05, 0.90, 3, 8 },
  { "0402010ABBBAVAV", "Seroquel XL", "50mg", F_MR_TAB, QD, 2, 0.05, 2.40, 1, 8 },
  { "0402010J0AAAAAA", NULL, "5mg", F_TAB, QD, 2, 1.5, 0.04, 1, 2 },
  { "0402010W0AAABAB", NULL, "1mg", F_TAB, QD, 2, 1.0, 0.04, 1, 5 },
  { "0402020Z0AAAAAA", NULL, "200mg/1ml", F_INJ, QD, 2, 0.1, 3.40, 14, 1 },
  { "0403010B0AAAAAA", NULL, "10mg", F_TAB, QD, 1, 11.0, 0.03, 1, 8 },
  { "0403010B0AAABAB", NULL, "25mg", F_TAB, QD, 2, 2.0, 0.04, 1, 3 },
  { "0403010J0AAAAAA", NULL, "25mg", F_CAP, QD, 2, 0.2, 0.10, 1, 6 },
  { "0403010J0AAABAB", NULL, "75mg", F_TAB, QD, 2, 0.15, 0.12, 1, 2 },
  { "0403010Y0AAAAAA", NULL, "10mg", F_TAB, QD, 2, 0.02, 1.40, 1, 15 },
  { "0403020K0AAAAAA", NULL, "15mg", F_TAB, QD, 2, 0.01, 1.60, 1, 4 },
  { "0403030D0AAAAAA", NULL, "20mg", F_TAB, QD, 1, 11.0, 0.03, 1, 1 },
  { "0403030D0AAABAB", NULL, "10mg", F_TAB, QD, 2, 4.0, 0.03, 1, 2 },
  { "0403030E0AAAAAA", NULL, "20mg", F_CAP, QD, 2, 10.0, 0.04, 1, 1 },
  { "0403030L0AAAAAA", NULL, "50mg", F_TAB, QD, 2, 0.02, 0.60, 1, 2 },
  { "0403030P0AAAAAA", NULL, "20mg", F_TAB, QD, 2, 1.0, 0.05, 1, 1 },
  { "0403030Q0AAAAAA", NULL, "50mg", F_TAB, QD, 1, 18.0, 0.03, 1, 1 },
  { "0403030Q0AAABAB", NULL, "100mg", F_TAB, QD, 2, 14.0, 0.04, 2, 1 },
  { "0403030X0AAAAAA", NULL, "10mg", F_TAB, QD, 2, 2.0, 0.04, 1, 1 },
  { "0403030Z0BBAAA0", "Brintellix", "10mg", F_TAB, QD, 2, 0.3, 0.98, 1, 1 },
  { "0403040W0AAAAAA", NULL, "75mg", F_MR_CAP, QD, 2, 2.0, 0.15, 1, 1 },
  { "0403040X0AAAAAA", NULL, "15mg", F_TAB, QD, 2, 5.0, 0.04, 1, 2 },
  { "0403040X0AAABAB", NULL, "30mg", F_TAB, QD, 2, 4.0, 0.05, 1, 1 },
  { "0407010F0AAAAAA", NULL, "8mg/500mg", F_TAB, Q_PRN, 2, 2.0, 0.02, 1, 8 },
  { "0407010F0AAABAB", NULL, "30mg/500mg", F_TAB, Q_PRN, 1, 8.0, 0.04, 1, 8 },
  { "0407010F0AAACAC", NULL, "8mg/500mg", F_EFF_TAB, Q_PRN, 2, 0.3, 0.10, 1, 8 },
  { "0407010F0AAADAD", NULL, "30mg/500mg", F_CAP, Q_PRN, 2, 4.0, 0.04, 1, 8 },
  { "0407010F0AAAFAF", NULL, "30mg/500mg", F_EFF_TAB, Q_PRN, 1, 1.2, 0.15, 1, 8 },
  { "0407010F0AAAHAH", NULL, "15mg/500mg", F_TAB, Q_PRN, 2, 0.5, 0.05, 1, 8 },
  { "0407010H0AAAMAM", NULL, "500mg", F_TAB, Q_PRN, 1, 13.0, 0.01, 1, 6 },
  { "0407010H0AAAAAA", NULL, "500mg", F_CAP, Q_PRN, 2, 2.0, 0.02, 1, 6 },
  { "0407010H0AAAQAQ", NULL, "500mg", F_SOL_TAB, Q_PRN, 2, 0.8, 0.08, 1, 6 },
  { "0407010Q0AAAAAA", NULL, "32.5mg/325mg", F_TAB, Q_PRN, 2, 0.005, 0.95, 1, 8 },
  { "0407020A0AAAAAA", NULL, "30mg", F_TAB, Q_PRN, 2, 3.0, 0.03, 1, 8 },
  { "0407020AFAAAAAA", NULL, "10mg/5mg", F_MR_TAB, QD, 2, 0.05, 0.70, 1, 6 },
  { "0407020AFBBAAAA", "Targinact", "10mg/5mg", F_MR_TAB, QD, 2, 0.05, 1.10, 1, 6 },
  { "0407020Q0AAAAAA", NULL, "10mg/5ml", F_ORAL_SOL, Q_LIQ, 2, 2.0, 0.02, 1, 50 },
  { "040702040AAAAAA", NULL, "50mg", F_CAP, Q_PRN, 1, 5.5, 0.03, 1, 6 },
  { "040702040AAABAB", NULL, "100mg", F_MR_TAB, QD, 1, 0.6, 0.18, 1, 3 },
  { "040702040AAAEAE", NULL, "50mg", F_SOL_TAB, Q_PRN, 2, 0.1, 0.35, 1, 6 },
  { "040702040BBAAAA", "Zydol", "50mg", F_CAP, Q_PRN, 2, 0.05, 0.12, 1, 6 },
  { "0407041T0AAABAB", NULL, "50mg", F_TAB, Q_ACUTE, 2, 2.0, 0.10, 1, 1 },
  { "0408010A0AAAAAA", NULL, "250mg", F_TAB, QD, 2, 1.0, 0.08, 1, 6 },
  { "0408010A0AAABAB", NULL, "500mg", F_TAB, QD, 2, 2.0, 0.09, 1, 3 },
  { "0408010A0AAACAC", NULL, "750mg", F_TAB, QD, 2, 0.5, 0.25, 1, 2 },
  { "0408010A0AAAIAI", NULL, "100mg/ml", F_ORAL_SOL, Q_LIQ, 2, 0.2, 0.09, 1, 15 },
  { "0408010A0BBAAAA", "Keppra", "250mg", F_TAB, QD, 2, 0.05, 0.52, 1, 6 },
  { "0408010A0BBABAB", "Keppra", "500mg", F_TAB, QD, 2, 0.08, 0.88, 1, 3 },
  { "0408010A0BBACAC", "Keppra", "750mg", F_TAB, QD, 2, 0.03, 1.50, 1, 2 },
  { "0408010A0BBAEAI", "Keppra", "100mg/ml", F_ORAL_SOL, Q_LIQ, 2, 0.02, 0.30, 1, 15 },
  { "0408010AEAAAAAA", NULL, "25mg", F_CAP, QD, 2, 1.5, 0.05, 1, 12 },
  { "0408010AEAAACAC", NULL, "75mg", F_CAP, QD, 1, 5.0, 0.05, 1, 4 },
  { "0408010AEAAAFAF", NULL, "150mg", F_CAP, QD, 2, 2.5, 0.06, 1, 2 },
  { "0408010AEBBACAC", "Lyrica", "75mg", F_CAP, QD, 1, 0.15, 1.15, 1, 4 },
  { "0408010AEBBAFAF", "Lyrica", "150mg", F_CAP, QD, 2, 0.08, 1.15, 1, 2 },
  { "0408010G0AAAAAA", NULL, "100mg", F_CAP, QD, 2, 1.5, 0.04, 1, 18 },
  { "0408010G0AAABAB", NULL, "300mg", F_CAP, QD, 1, 6.0, 0.05, 1, 6 },
  { "0408010G0AAAEAE", NULL, "600mg", F_TAB, QD, 2, 1.0, 0.20, 1, 3 },
  { "0408010H0AAAKAK", NULL, "100mg", F_TAB, QD, 2, 1.5, 0.05, 1, 3 },
  /* 05 Infections */
  { "0501011P0AAAHAH", NULL, "250mg", F_TAB, Q_COURSE, 2, 2.0, 0.05, 1, 8 },
  { "0501012G0AAABAB", NULL, "500mg", F_CAP, Q_COURSE, 2, 2.5, 0.07, 1, 4 },
  { "0501013B0AAAAAA", NULL, "250mg", F_CAP, Q_AMOX, 1, 1.0, 0.05, 1, 6 },
  { "0501013B0AAABAB", NULL, "500mg", F_CAP, Q_AMOX, 1, 8.0, 0.06, 1, 3 },
  { "0501013B0AAALAL", NULL, "250mg/5ml", F_ORAL_SUSP, Q_LIQ, 2, 2.0, 0.02, 1, 30 },
  { "0501013B0BBABAB", "Amoxil", "500mg", F_CAP, Q_AMOX, 2, 0.02, 0.25, 1, 3 },
  { "0501013K0AAAJAJ", NULL, "500mg/125mg", F_TAB, Q_COURSE, 1, 2.0, 0.14, 1, 3 },
  { "0501015P0AAABAB", NULL, "200mg", F_TAB, Q_PIV, 2, 0.3, 0.60, 1, 4 },
  { "0501021A0AAAAAA", NULL, "250mg", F_CAP, Q_COURSE, 2, 0.4, 0.06, 1, 8 },
  { "0501021A0AAABAB", NULL, "500mg", F_CAP, Q_COURSE, 1, 1.3, 0.08, 1, 4 },
  { "0501021L0AAAAAA", NULL, "250mg", F_TAB, Q_ACUTE, 2, 0.1, 0.65, 1, 2 },
  { "0501030I0AAABAB", NULL, "100mg", F_CAP, Q_DOXY, 1, 3.0, 0.10, 1, 1 },
  { "0501030L0AAAAAA", NULL, "408mg", F_CAP, Q_MONTH, 2, 1.3, 0.20, 1, 1 },
  { "0501030P0AAAAAA", NULL, "100mg", F_MR_CAP, Q_MONTH, 2, 0.05, 0.75, 1, 1 },
  { "0501030Z0AAABAB", NULL, "100mg", F_TAB, Q_DOXY, 2, 0.3, 0.25, 1, 1 },
  { "0501050A0AAABAB", NULL, "500mg", F_TAB, Q_ACUTE, 2, 0.8, 0.40, 1, 1 },
  { "0501050B0AAAAAA", NULL, "250mg", F_TAB, Q_ACUTE, 2, 0.5, 0.12, 1, 2 },
  { "0501050B0AAABAB", NULL, "500mg", F_TAB, Q_ACUTE, 2, 2.5, 0.15, 1, 1 },
  { "0501050C0AAAKAK", NULL, "250mg", F_GR_TAB, Q_COURSE, 2, 0.2, 0.10, 1, 4 },
  { "0501070AEAAADAD", NULL, "3g", F_SACHET, Q_SINGLE, 2, 0.1, 4.86, 1, 1 },
  { "0501080J0AAAAAA", NULL, "500mg", F_TAB, Q_COURSE, 2, 0.005, 2.90, 1, 8 },
  { "0501080W0AAADAD", NULL, "100mg", F_TAB, Q_MONTH, 2, 0.5, 0.04, 1, 4 },
  { "0501080W0AAAEAE", NULL, "200mg", F_TAB, Q_TRIM, 1, 2.5, 0.05, 1, 2 },
  { "0501090K0AAAAAA", NULL, "100mg", F_TAB, Q_MONTH, 2, 0.02, 0.30, 1, 3 },
  { "0501110C0AAABAB", NULL, "400mg", F_TAB, Q_ACUTE, 2, 1.3, 0.08, 1, 4 },
  { "0501120L0AAABAB", NULL, "500mg", F_TAB, Q_ACUTE, 1, 1.0, 0.06, 1, 2 },
  { "0501120X0AAAAAA", NULL, "500mg", F_TAB, Q_ACUTE, 2, 0.1, 0.70, 1, 1 },
  { "0501130H0AAAAAA", NULL, "1g", F_TAB, Q_MONTH, 2, 0.3, 0.45, 1, 2 },
  { "0501130R0AAAAAA", NULL, "50mg", F_CAP, Q_NITRO, 1, 0.8, 0.45, 1, 4 },
  { "0501130R0AAADAD", NULL, "50mg", F_TAB, Q_NITRO, 2, 0.3, 0.25, 1, 4 },
  { "0501130R0AAAGAG", NULL, "100mg", F_MR_CAP, Q_NITRO_MR, 1, 4.0, 0.55, 1, 2 },
  { "0502030B0AAAAAA", NULL, "150mg", F_CAP, Q_SINGLE, 2, 1.0, 0.40, 3, 4 },
  { "0503021C0AAAAAA", NULL, "400mg", F_TAB, Q_ACUTE, 2, 0.8, 0.08, 1, 10 },
  /* 06 Endocrine */
  { "0601011A0BBAAAA", "NovoRapid FlexPen", "100units/ml", F_PEN, QD, 2, 1.0, 2.05, 1, 40 },
  { "0601011A0AAAAAA", NULL, "100units/ml", F_PEN, QD, 2, 0.05, 1.90, 1, 40 },
  { "060101200BBAAAA", "Hypurin Bovine Lente", "100units/ml", F_PEN, QD, 2, 0.005, 2.50, 1, 40 },
  { "060101200AAAAAA", NULL, "100units/ml", F_PEN, QD, 2, 0.002, 2.40, 1, 40 },
  { "0601012G0BBAAAA", "Humulin M3 KwikPen", "100units/ml", F_PEN, QD, 2, 0.4, 1.30, 1, 40 },
  { "0601012G0AAAAAA", NULL, "100units/ml", F_PEN, QD, 2, 0.02, 1.25, 1, 40 },
  { "0601012S0BBAAAA", "Humulin I KwikPen", "100units/ml", F_PEN, QD, 2, 0.4, 1.30, 1, 40 },
  { "0601012S0AAAAAA", NULL, "100units/ml", F_PEN, QD, 2, 0.02, 1.25, 1, 40 },
  { "0601012V0AAAAAA", NULL, "100units/ml", F_PEN, QD, 2, 0.1, 2.20, 1, 40 },
  { "0601012V0BBAAAA", "Lantus SoloStar", "100units/ml", F_PEN, QD, 1, 1.3, 2.32, 1, 40 },
  { "0601012V0BCAAAA", "Abasaglar KwikPen", "100units/ml", F_PEN, QD, 2, 0.8, 2.05, 1, 40 },
  { "0601012X0AAAAAA", NULL, "100units/ml", F_PEN, QD, 2, 0.02, 2.70, 1, 40 },
  { "0601012X0BBAAAA", "Levemir FlexPen", "100units/ml", F_PEN, QD, 1, 0.5, 2.80, 1, 40 },
  { "0601012Z0AAAAAA", NULL, "100units/ml", F_PEN, QD, 2, 0.02, 3.60, 1, 40 },
  { "0601012Z0BBAAAA", "Tresiba FlexTouch", "100units/ml", F_PEN, QD, 2, 0.6, 3.85, 1, 40 },
  { "0601021M0AAAAAA", NULL, "80mg", F_TAB, QD, 2, 5.0, 0.03, 1, 2 },
  { "0601022B0AAABAB", NULL, "500mg", F_TAB, QD, 1, 21.0, 0.03, 1, 4 },
  { "0601022B0AAADAD", NULL, "1g", F_TAB, QD, 2, 4.0, 0.05, 1, 2 },
  { "0601022B0AAASAS", NULL, "500mg", F_MR_TAB, QD, 2, 8.0, 0.05, 1, 4 },
  { "0601023ACBBABAB", "Januvia", "100mg", F_TAB, QD, 2, 1.5, 1.19, 1, 1 },
  { "0601023ACAAABAB", NULL, "100mg", F_TAB, QD, 2, 2.0, 0.30, 1, 1 },
  { "0601023AGBBAAAA", "Forxiga", "10mg", F_TAB, QD, 2, 3.5, 1.31, 1, 1 },
  { "0601023AGAAAAAA", NULL, "10mg", F_TAB, QD, 2, 0.5, 0.70, 1, 1 },
  { "0601023ANBBAAAA", "Jardiance", "10mg", F_TAB, QD, 2, 3.0, 1.31, 1, 1 },
  { "0601023ANAAAAAA", NULL, "10mg", F_TAB, QD, 2, 0.1, 1.20, 1, 1 },
  { "0601023B0AAAAAA", NULL, "15mg", F_TAB, QD, 2, 0.3, 0.05, 1, 2 },
  { "0601023B0AAABAB", NULL, "30mg", F_TAB, QD, 1, 0.6, 0.05, 1, 1 },
  { "0601060D0EKAAA0", "Accu-Chek Instant", "", F_STRIPS, QD, 1, 1.5, 0.18, 0, 0 },
  { "0601060D0FDAAA0", "GlucoRx Biosensor", "", F_STRIPS, QD, 2, 1.0, 0.17, 0, 0 },
  { "0601060D0CUAAA0", "Contour Plus", "", F_STRIPS, QD, 2, 0.6, 0.20, 0, 0 },
  { "0601060D0EDAAA0", "TRUEyou", "", F_STRIPS, QD, 2, 0.5, 0.18, 0, 0 },
  { "0601060D0AJAAA0", "Accu-Chek Aviva", "", F_STRIPS, QD, 1, 0.8, 0.33, 0, 0 },
  { "0601060D0BEAAA0", "FreeStyle Optium", "", F_STRIPS, QD, 2, 0.5, 0.32, 0, 0 },
  { "0601060D0CZAAA0", "OneTouch Verio", "", F_STRIPS, QD, 2, 0.6, 0.31, 0, 0 },
  { "0601060X0BBAAA0", "GlucoMen areo Ketone Sensor", "", F_STRIPS, Q_ONE, 2, 0.05, 2.00, 0, 0 },
  { "0601060X0BCAAA0", "FreeStyle Optium beta-ketone", "", F_STRIPS, Q_ONE, 2, 0.05, 2.15, 0, 0 },
  { "0602010M0AAABAB", NULL, "20microgram", F_TAB, QD, 2, 0.15, 1.50, 1, 1 },
  { "0602010V0AAABAB", NULL, "25microgram", F_TAB, Q_SEVEN, 2, 13.0, 0.05, 1, 6 },
  { "0602010V0AAACAC", NULL, "50microgram", F_TAB, Q_SEVEN, 2, 19.0, 0.04, 1, 3 },
  { "0602010V0AAAEAE", NULL, "100microgram", F_TAB, Q_SEVEN, 1, 16.0, 0.04, 2, 3 },
  { "0603020T0AAACAC", NULL, "5mg", F_TAB, Q_ACUTE, 2, 5.0, 0.03, 1, 2 },
  { "0606020A0AAADAD", NULL, "70mg", F_TAB, Q_ONE, 2, 5.0, 0.22, 7, 1 },
  /* 07 Obstetrics, gynaecology and urinary tract */
  { "0703021Q0AAAAAA", NULL, "75microgram", F_TAB, Q_CONTRA, 1, 5.0, 0.03, 1, 1 },
  { "0703021Q0BBAAAA", "Cerazette", "75microgram", F_TAB, Q_CONTRA, 1, 0.3, 0.10, 1, 1 },
  { "0703021Q0BCAAAA", "Cerelle", "75microgram", F_TAB, Q_CONTRA, 2, 0.5, 0.04, 1, 1 },
  { "0704010U0AAAAAA", NULL, "400microgram", F_MR_CAP, QD, 2, 8.0, 0.04, 1, 1 },
  { "0704020ABAAAAAA", NULL, "5mg", F_TAB, QD, 2, 2.0, 0.06, 1, 1 },
  { "0704050AAAAAAAA", NULL, "10mg", F_TAB, Q_PLASTER, 2, 0.05, 0.90, 1, 1 },
  { "0704050B0AAAAAA", NULL, "20micrograms", F_INJ, Q_ONE, 2, 0.02, 9.50, 1, 1 },
  { "0704050R0AAAAAA", NULL, "10mg", F_TAB, Q_PLASTER, 2, 0.3, 0.15, 1, 1 },
  { "0704050R0AAADAD", NULL, "20mg", F_TAB, Q_PLASTER, 2, 0.5, 0.16, 1, 1 },
  { "0704050R0AAAEAE", NULL, "5mg", F_TAB, Q_MONTH, 2, 0.4, 0.10, 1, 1 },
  { "0704050R0BBADAD", "Cialis", "20mg", F_TAB, Q_PLASTER, 2, 0.03, 7.20, 1, 1 },
  { "0704050Z0AAAAAA", NULL, "25mg", F_TAB, Q_PLASTER, 2, 0.2, 0.15, 1, 2 },
  { "0704050Z0AAABAB", NULL, "50mg", F_TAB, Q_PLASTER, 2, 1.2, 0.12, 1, 1 },
  { "0704050Z0AAACAC", NULL, "100mg", F_TAB, Q_PLASTER, 2, 1.0, 0.18, 2, 1 },
  { "0704050Z0BBABAB", "Viagra", "50mg", F_TAB, Q_PLASTER, 2, 0.02, 5.40, 1, 1 },
  /* 08 Malignant disease and immunosuppression */
  { "0802020G0AAAAAA", NULL, "25mg", F_CAP, QD, 2, 0.05, 0.40, 1, 10 },
  { "0802020G0BBAAAA", "Neoral", "25mg", F_CAP, QD, 2, 0.15, 0.65, 1, 10 },
  { "0802020T0AAAAAA", NULL, "1mg", F_CAP, QD, 2, 0.1, 0.60, 1, 5 },
  { "0802020T0BDAAAA", "Adoport", "1mg", F_CAP, QD, 2, 0.2, 0.55, 1, 5 },
  { "0802020T0BBAAAA", "Prograf", "1mg", F_CAP, QD, 2, 0.1, 1.15, 1, 5 },
  { "0802040X0AAAAAA", NULL, "500units", F_INJ, Q_SINGLE, 2, 0.001, 45.0, 0, 0 },
  { "0803041B0AAAAAA", NULL, "1mg", F_TAB, QD, 2, 2.0, 0.04, 1, 1 },
  { "0803041S0AAABAB", NULL, "20mg", F_TAB, QD, 2, 0.8, 0.06, 1, 1 },
  /* 09 Nutrition and blood */
  { "0901011F0AAAAAA", NULL, "210mg", F_TAB, QD, 2, 4.0, 0.03, 1, 3 },
  { "0901020G0AAABAB", NULL, "5mg", F_TAB, QD, 2, 8.0, 0.02, 1, 1 },
  { "0906026M0AAAFAF", NULL, "50mg", F_TAB, QD, 2, 0.6, 0.05, 1, 1 },
  { "0906026M0AAAGAG", NULL, "100mg", F_TAB, QD, 2, 0.5, 0.06, 1, 1 },
  { "0906027G0AAAAAA", NULL, "", F_TAB, QD, 2, 0.4, 0.05, 0, 0 },
  { "0906027G0AAABAB", "Vitamin B compound strong", "", F_TAB, QD, 2, 0.8, 0.05, 0, 0 },
  { "0906040G0AAAHAH", NULL, "800unit", F_CAP, QD, 2, 13.0, 0.08, 1, 1 },
  { "0913101A0BBAAA0", "Nutramigen 1 with LGG", "", F_POWDER, QD, 2, 0.05, 11.50, 0, 0 },
  { "0913107A0BBAAA0", "Neocate Junior", "", F_POWDER, QD, 2, 0.01, 28.00, 0, 0 },
  { "0913131A0BBAAA0", "Neocate LCP", "", F_POWDER, QD, 2, 0.03, 25.00, 0, 0 },
  { "0913131B0BBAAA0", "Alfamino", "", F_POWDER, QD, 2, 0.02, 24.00, 0, 0 },
  { "0913132A0BBAAA0", "Aptamil Pepti 1", "", F_POWDER, QD, 2, 0.08, 10.00, 0, 0 },
  { "0913351A0BBAAA0", "Wysoy", "", F_POWDER, QD, 2, 0.01, 6.50, 0, 0 },
  { "0913355A0BBAAA0", "Puramino", "", F_POWDER, QD, 2, 0.01, 26.00, 0, 0 },
  { "0913361A0BBAAA0", "Elemental 028 Extra", "", F_POWDER, QD, 2, 0.005, 9.00, 0, 0 },
  { "0913270B0BBAAA0", "Juvela gluten free white loaf sliced", "", F_FOOD, QD, 1, 0.8, 3.40, 0, 0 },
  { "0913270B0BCAAA0", "Warburtons gluten free brown loaf", "", F_FOOD, QD, 2, 0.5, 3.10, 0, 0 },
  { "0913270C0BBAAA0", "Glutafin gluten free pasta penne", "", F_FOOD, QD, 2, 0.3, 2.95, 0, 0 },
  { "0913460X0BBAAA0", "Schar gluten free mix it universal", "", F_FOOD, QD, 2, 0.3, 3.20, 0, 0 },
  { "0913531A0BBAAA0", "Vivomixx", "", F_SACHET, QD, 2, 0.005, 1.20, 0, 0 },
  /* 10 Musculoskeletal */
  { "1001010C0AAADAD", NULL, "50mg", F_GR_TAB, Q_ACUTE, 2, 1.0, 0.04, 1, 3 },
  { "1001010J0AAADAD", NULL, "400mg", F_TAB, Q_PRN, 2, 3.5, 0.03, 1, 3 },
  { "1001010P0AAAAAA", NULL, "250mg", F_TAB, Q_ACUTE, 2, 2.5, 0.04, 1, 2 },
  { "1001010P0AAABAB", NULL, "500mg", F_TAB, Q_ACUTE, 1, 7.0, 0.06, 1, 1 },
  { "1001010AHAAAAAA", NULL, "60mg", F_TAB, QD, 2, 0.8, 0.30, 1, 1 },
  { "1001010AJAAAAAA", NULL, "200mg", F_CAP, QD, 2, 0.5, 0.05, 1, 1 },
  { "1001030U0AAABAB", NULL, "2.5mg", F_TAB, Q_MONTH, 2, 1.5, 0.10, 1, 1 },
  { "1001030U0AAACAC", NULL, "10mg", F_TAB, Q_MONTH, 2, 0.02, 0.90, 4, 1 },
  { "1001040G0AAAAAA", NULL, "100mg", F_TAB, QD, 2, 6.0, 0.03, 1, 4 },
  { "1003020F0AAAAAA", NULL, "10%", F_CREAM, QD, 2, 0.05, 0.08, 0, 0 },
  { "1003020H0AAAAAA", NULL, "5%", F_GEL, QD, 2, 0.03, 0.07, 0, 0 },
  { "1003020M0AAAAAA", NULL, "0.025%", F_CREAM, QD, 2, 0.3, 0.35, 0, 0 },
  { "1003020P0AAAAAA", NULL, "0.5%", F_GEL, QD, 2, 0.2, 0.10, 0, 0 },
  { "1003020U0AAAAAA", NULL, "5%", F_GEL, QD, 2, 1.5, 0.05, 0, 0 },
  /* 11 Eye, 12 Ear, nose and oropharynx, 13 Skin */
  { "1103010C0AAAAAA", NULL, "0.5%", F_EYE_DROPS, QD, 2, 2.0, 0.30, 0, 0 },
  { "1106000L0AAAAAA", NULL, "50micrograms/ml", F_EYE_DROPS, Q_DROPS, 2, 3.0, 0.60, 0, 0 },
  { "1108010K0AAAAAA", NULL, "0.3%", F_EYE_DROPS, QD, 2, 3.0, 0.15, 0, 0 },
  { "1202010C0AAAAAA", NULL, "50micrograms/dose", F_NASAL, QD, 2, 3.0, 2.10, 4, 1 },
  { "1202010M0AAAAAA", NULL, "50micrograms/dose", F_NASAL, QD, 1, 2.0, 2.80, 4, 1 },
  { "1302011D0AAAAAA", NULL, "", F_OINT, Q_LIQ, 2, 4.0, 0.01, 0, 0 },
  { "1304000H0AAABAB", NULL, "1%", F_CREAM, QD, 2, 3.0, 0.08, 0, 0 },
  { "1310020A0AAAAAA", NULL, "5%", F_LACQUER, QD, 1, 0.3, 8.50, 0, 0 },
  { "1310020C0AAAAAA", NULL, "1%", F_CREAM, QD, 2, 2.5, 0.08, 0, 0 },
  { "1310020T0AAAAAA", NULL, "28%", F_LACQUER, QD, 2, 0.05, 27.00, 0, 0 },
  /* 14 Vaccines, 15 Anaesthesia, 18 Diagnosis, 19 Other */
  { "1404000G0AAAAAA", NULL, "1440units/1ml", F_VACCINE, QD, 2, 0.3, 18.00, 0, 0 },
  { "1404000U0AAAAAA", NULL, "", F_VACCINE, QD, 2, 0.02, 42.00, 0, 0 },
  { "1404000X0AAAAAA", NULL, "25micrograms/0.5ml", F_VACCINE, QD, 2, 0.2, 11.00, 0, 0 },
  { "1502010J0AAELEL", NULL, "5%", F_PLASTER, QD, 1, 0.5, 2.10, 0, 0 },
  { "1502010J0BBAAEL", "Versatis", "5%", F_PLASTER, QD, 2, 0.3, 2.40, 0, 0 },
  { "1502010J0AAAAAA", NULL, "1%", F_INJ, Q_DROPS, 2, 0.1, 0.50, 0, 0 },
  { "1801000P0AAAAAA", NULL, "2units/0.1ml", F_INJ, Q_SINGLE, 2, 0.005, 16.00, 0, 0 },
  { "1902030B0AAAAAA", NULL, "30C", F_PILLULES, QD, 2, 0.01, 4.50, 0, 0 },
  { "1902030C0AAAAAA", NULL, "6C", F_PILLULES, QD, 2, 0.005, 4.50, 0, 0 },
  /* 20–23 Dressings and appliances: 11-character codes */
  { "20030100373", "Softpore dressing 10cm x 20cm", "", F_NONE, QD, 1, 2.0, 0.42, 0, 0 },
  { "20030100374", "Allevyn Gentle Border dressing 10cm x 10cm", "", F_NONE, QD, 2, 1.5, 2.80,
    0, 0 },
  { "20020100101", "Arm sling web adjustable", "", F_NONE, Q_SINGLE, 2, 0.1, 1.90, 0, 0 },
  { "20010100200", "Gauze swabs 7.5cm x 7.5cm", "", F_NONE, QD, 2, 0.5, 0.60, 0, 0 },
  { "20200100101", "DermaSilk briefs", "", F_NONE, Q_SINGLE, 2, 0.01, 30.00, 0, 0 },
  { "20200100102", "DermaSilk body suit child", "", F_NONE, Q_SINGLE, 2, 0.005, 45.00, 0, 0 },
  { "21080100124", "Catheter valve universal", "", F_NONE, QD, 2, 0.3, 1.60, 0, 0 },
  { "21120100304", "BD Micro-Fine Ultra pen needle 4mm", "", F_NONE, Q_STRIPS, 2, 1.5, 0.09, 0, 0 },
  { "22010100512", "Conveen Optima urinary sheath 30mm", "", F_NONE, QD, 2, 0.5, 2.20, 0, 0 },
  { "22020100210", "Simpla Profile leg bag 500ml", "", F_NONE, QD, 2, 0.4, 2.90, 0, 0 },
  { "23100100155", "SenSura Mio closed colostomy bag", "", F_NONE, QD, 2, 0.6, 2.35, 0, 0 },
  { "23960100166", "Urostomy bag drainable", "", F_NONE, QD, 2, 0.2, 3.60, 0, 0 },
};

/* ------------------------------------------------------------------ */
/* The generator's state                                               */

typedef struct
{
  const char *code;
  const char *ons;
  const char *name;
} Region;

static const Region regions[] = {
  { "Y63", "E40000012", "North East and Yorkshire" },
  { "Y62", "E40000010", "North West" },
  { "Y60", "E40000008", "Midlands" },
  { "Y61", "E40000007", "East of England" },
  { "Y56", "E40000003", "London" },
  { "Y59", "E40000005", "South East" },
  { "Y58", "E40000006", "South West" },
};

typedef struct
{
  char        code[4];
  char        ons[10];
  char        at_code[4];       /* area team, for the v2 area-team layout and PDPI */
  const char *name;             /* "NHS Holmford and Lanbury Integrated Care Board" */
  const char *short_name;       /* "NHS Holmford and Lanbury" */
  const char *stp_name;         /* "HOLMFORD AND LANBURY STP" */
  const char *at_name;          /* "HOLMFORD AND LANBURY AREA TEAM" */
  const char *county;
  const char *postcode_area;
  guint       region;
} Icb;

typedef struct
{
  char        code[4];
  char        ons[10];
  const char *name;             /* "NHS Holmford and Lanbury ICB - 16C" */
  const char *ccg_name;         /* "NHS HOLMFORD CCG" */
  const char *towns[4];
  guint       icb;
} SubIcb;

typedef struct
{
  char        code[7];
  const char *name;
  guint       sub;
} Pcn;

typedef enum
{
  CC_GP,                        /* a GP practice, setting 4 */
  CC_OTHER,                     /* walk-in, out-of-hours, community: settings 1, 2, 9 */
  CC_HISTORIC,                  /* closed before the months generated: epraccur only */
  CC_UNKNOWN,                   /* "…998" UNKNOWN SURGERY */
  CC_UNIDENTIFIED,              /* PRACTICE_CODE "-" */
} CostCentreKind;

typedef struct
{
  char        code[8];
  const char *name;
  const char *addr[4];
  char        postcode[9];
  char        phone[14];
  guint       sub;
  int         pcn;              /* -1: none */
  guint8      kind;
  guint8      setting;
  char        status;
  gboolean    tpp;
  int         open_date;        /* YYYYMMDD */
  int         close_date;       /* YYYYMMDD, 0: open */
  int         join_date;
  int         last_month;       /* the last month it prescribes in */
  double      list_size;        /* patients at the first month */
  double      growth;           /* a month */
  double      young;            /* shifts the age profile, -1…1 */
  double      intensity;        /* items a patient, relative */
  double      habit;            /* multiplies the share of a presentation's first quantity */
  guint64     key;
} CostCentre;

typedef struct
{
  char        code[16];
  char        chem[10];
  guint8      chapter;
  guint8      tier;
  guint8      n_q;
  guint8      seasonal;         /* 1 winter peak, 2 summer peak */
  guint16     qty[3];
  double      share[3];
  double      per_1000;
  double      ppu_pence;
  guint32     adq_num;
  guint32     adq_den;
  guint64     key;
  const char *name;
  const char *legacy;
  const char *product_name;
  const char *chem_name;
  char        snomed[20];
  const char *mid;              /* ",CHEM,CHEM NAME,CODE,NAME,CHAPTER," */
  const char *mid_legacy;       /* the same with the legacy names */
  const char *pdpi_mid;         /* "CODE,NAME PADDED TO 40," */
  guint16     mid_len;
  guint16     mid_legacy_len;
  guint16     pdpi_mid_len;
} Pres;

typedef struct
{
  RxGenerateOptions  opts;
  int                from, to, n_months;
  guint              n_gp;
  GStringChunk      *strings;
  GHashTable        *names_used;
  GHashTable        *codes_used;
  GArray            *icbs;        /* Icb */
  GArray            *subs;        /* SubIcb */
  GArray            *pcns;        /* Pcn */
  GArray            *ccs;         /* CostCentre */
  GArray            *order;       /* guint: prescribing cost centres by code, unidentified last */
  GArray            *pres;        /* Pres, by code */
  GHashTable        *levels;      /* code → const Level * */
  GHashTable        *chem_names;  /* code → name */
  double             pref[4096];  /* a practice's liking for a presentation */
  double             price[4096]; /* what it pays a unit, relative to the basic price */
  Rng                rng;
  /* progress */
  RxProgressFunc     progress;
  gpointer           progress_data;
  GCancellable      *cancellable;
  RxGenerateResult  *result;
  gint64             started;
  gint64             last_report;
  guint64            units_total;
  guint64            units_done;
} Gen;

static void
gen_free (Gen *g)
{
  g_clear_pointer (&g->strings, g_string_chunk_free);
  g_clear_pointer (&g->names_used, g_hash_table_unref);
  g_clear_pointer (&g->codes_used, g_hash_table_unref);
  g_clear_pointer (&g->icbs, g_array_unref);
  g_clear_pointer (&g->subs, g_array_unref);
  g_clear_pointer (&g->pcns, g_array_unref);
  g_clear_pointer (&g->ccs, g_array_unref);
  g_clear_pointer (&g->order, g_array_unref);
  g_clear_pointer (&g->pres, g_array_unref);
  g_clear_pointer (&g->levels, g_hash_table_unref);
  g_clear_pointer (&g->chem_names, g_hash_table_unref);
  g_free (g);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Gen, gen_free)

/* Keeps s for the run's lifetime and frees the original. */
static const char *
keep (Gen  *g,
      char *s)
{
  const char *kept = g_string_chunk_insert (g->strings, s);

  g_free (s);
  return kept;
}

static const char *
keep_const (Gen        *g,
            const char *s)
{
  return g_string_chunk_insert (g->strings, s);
}

static int
month_add (int month,
           int n)
{
  int index = (month / 100) * 12 + (month % 100 - 1) + n;

  return (index / 12) * 100 + index % 12 + 1;
}

static int
month_diff (int a,
            int b)
{
  return ((a / 100) * 12 + a % 100) - ((b / 100) * 12 + b % 100);
}

static gboolean
month_valid (int month)
{
  return month >= 200001 && month <= 209912 && month % 100 >= 1 && month % 100 <= 12;
}

/* Title case for names shown in mixed case: "HOLMFORD" → "Holmford". */
static char *
title_case (const char *s)
{
  char *t = g_strdup (s);
  gboolean start = TRUE;

  for (char *c = t; *c; c++)
    {
      *c = start ? g_ascii_toupper (*c) : g_ascii_tolower (*c);
      start = !g_ascii_isalpha (*c) && *c != '\'';
    }
  /* "North East and North Cumbria": small words stay small. */
  for (char *w = strstr (t, " And "); w != NULL; w = strstr (w + 1, " And "))
    w[1] = 'a';
  for (char *w = strstr (t, " Of "); w != NULL; w = strstr (w + 1, " Of "))
    w[1] = 'o';
  return t;
}

/* Upper case, cut at 40 characters as the EPD files cut names. */
static char *
epd_name (const char *s)
{
  char *t = g_ascii_strup (s, -1);

  if (strlen (t) > 40)
    t[40] = '\0';
  g_strchomp (t);
  return t;
}

/* ------------------------------------------------------------------ */
/* Fictional names                                                     */

static const char *const place_a[] = {
  "ASH", "BARN", "BRAM", "BROOK", "CALD", "CHAP", "CLAY", "COLD", "CROM", "DALE", "DUNS",
  "EAST", "ELM", "FAIR", "FERN", "GLEN", "GRAN", "HART", "HAZEL", "HOLM", "KIRK", "LANG",
  "LARK", "LEA", "MARL", "MILL", "MOOR", "NETH", "NORTH", "OAK", "ORM", "PEN", "RAVEN",
  "RED", "ROTH", "SAND", "SHEP", "STAN", "STOCK", "SUN", "THORN", "TREN", "WALD", "WEST",
  "WHIT", "WIL", "WOOD", "WYN", "YARL", "ALDER", "BIRCH", "COP", "DEN", "FOX", "HEATH",
  "LIN", "MAPLE", "NEW", "PRIOR", "QUEN", "ROSE", "SWAN", "TAM", "UFF", "WAVER",
};

static const char *const place_b[] = {
  "BECK", "BOROUGH", "BRIDGE", "BROOK", "BURY", "BY", "CASTER", "COMBE", "COTE", "DALE",
  "DEN", "FIELD", "FORD", "GATE", "HAM", "HAVEN", "HOLME", "HURST", "LEY", "MERE", "MOUTH",
  "STEAD", "STOKE", "THORPE", "TON", "WELL", "WICK", "WORTH", "LOW", "CROFT", "MOOR", "SIDE",
};

static const char *const surnames[] = {
  "SMITH", "JONES", "TAYLOR", "BROWN", "WILLIAMS", "WILSON", "JOHNSON", "DAVIES", "PATEL",
  "ROBINSON", "WRIGHT", "THOMPSON", "EVANS", "WALKER", "WHITE", "ROBERTS", "GREEN", "HALL",
  "THOMAS", "CLARKE", "JACKSON", "WOOD", "HARRIS", "EDWARDS", "TURNER", "MARTIN", "COOPER",
  "HILL", "WARD", "HUGHES", "MOORE", "KHAN", "AHMED", "SINGH", "ALI", "LEWIS", "KING",
  "BAKER", "HARRISON", "MORGAN", "ALLEN", "JAMES", "SCOTT", "PHILLIPS", "WATSON", "DAVIS",
  "PARKER", "PRICE", "BENNETT", "YOUNG", "GRIFFITHS", "MITCHELL", "KELLY", "COOK", "CARTER",
  "RICHARDSON", "BAILEY", "COLLINS", "BELL", "SHAW", "MURPHY", "MILLER", "CHAN", "O'BRIEN",
  "CHOWDHURY", "NGUYEN", "OKAFOR", "MENSAH", "KOWALSKI", "FERREIRA",
};

static const char *const streets[] = {
  "HIGH STREET", "STATION ROAD", "CHURCH LANE", "MILL ROAD", "PARK AVENUE", "VICTORIA ROAD",
  "QUEEN STREET", "LONDON ROAD", "MARKET PLACE", "NORTH ROAD", "GROVE ROAD", "MANOR WAY",
  "ALBERT STREET", "KING STREET", "THE GREEN", "ELM GROVE", "CHAPEL STREET", "BRIDGE STREET",
  "SCHOOL LANE", "WEST STREET", "MEADOW WAY", "ORCHARD CLOSE", "CASTLE STREET", "NEW ROAD",
};

static const char *const buildings[] = {
  "THE HEALTH CENTRE", "THE SURGERY", "THE MEDICAL CENTRE", "PRIMARY CARE CENTRE",
  "THE OLD VICARAGE", "HEALTH AND WELLBEING CENTRE", "COMMUNITY HEALTH CENTRE",
  "THE COTTAGE HOSPITAL", "RIVERSIDE HOUSE", "UNIT 2",
};

static const char *const saints[] = {
  "MARY", "JOHN", "GEORGE", "ANDREW", "PETER", "DAVID", "LUKE", "MARK", "PAUL", "HELEN",
};

static const char *const postcode_areas[] = {
  "TS", "DL", "NE", "SR", "DH", "YO", "HU", "LS", "BD", "HX", "HD", "WF", "DN", "LN", "NG",
  "DE", "LE", "CV", "WS", "WV", "DY", "ST", "TF", "SY", "HR", "WR", "GL", "BS", "BA", "TA",
  "EX", "PL", "TR", "TQ", "DT", "BH", "SO", "PO", "GU", "RG", "OX", "MK", "LU", "AL", "SG",
  "CB", "PE", "IP", "NR", "CO", "CM", "SS", "ME", "CT", "TN", "BN", "RH", "KT", "OL", "BL",
  "WN", "WA", "CH", "CW", "SK", "PR", "FY", "LA", "BB", "CA",
};

/* A place name not used before in this run. */
static const char *
new_place (Gen *g)
{
  for (int attempt = 0; ; attempt++)
    {
      char *s = g_strconcat (PICK (&g->rng, place_a), PICK (&g->rng, place_b), NULL);

      if (attempt > 50)
        {
          char *t = g_strdup_printf ("%s %s", PICK (&g->rng, place_a), s);
          g_free (s);
          s = t;
        }
      if (!g_hash_table_contains (g->names_used, s))
        {
          const char *kept = keep (g, s);
          g_hash_table_add (g->names_used, (gpointer) kept);
          return kept;
        }
      g_free (s);
    }
}

/* A code not used before: prefix plus n random characters of set. */
static void
new_code (Gen        *g,
          char       *out,
          const char *prefix,
          const char *set,
          int         n)
{
  gsize plen = strlen (prefix), nset = strlen (set);

  for (;;)
    {
      memcpy (out, prefix, plen);
      for (int i = 0; i < n; i++)
        out[plen + i] = set[rng_below (&g->rng, (guint32) nset)];
      out[plen + n] = '\0';
      if (!g_hash_table_contains (g->codes_used, out))
        {
          g_hash_table_add (g->codes_used, (gpointer) keep_const (g, out));
          return;
        }
    }
}

static void
new_postcode (Gen        *g,
              char       *out,
              const char *area)
{
  static const char letters[] = "ABDEFGHJLNPQRSTUWXYZ";
  int district = rng_range (&g->rng, 1, 39);
  char *s = g_strdup_printf ("%s%d %d%c%c", area, district, rng_range (&g->rng, 1, 9),
                             letters[rng_below (&g->rng, 20)], letters[rng_below (&g->rng, 20)]);

  g_strlcpy (out, s, 9);
  g_free (s);
}

/* ------------------------------------------------------------------ */
/* Organisations: regions, ICBs, sub-ICBs, PCNs, cost centres          */

static const char *
practice_name (Gen        *g,
               const char *town)
{
  Rng *r = &g->rng;
  const char *place = rng_chance (r, 0.6) ? town : new_place (g);

  switch (rng_below (r, 14))
    {
    case 0: return keep (g, g_strdup_printf ("%s MEDICAL CENTRE", place));
    case 1: return keep (g, g_strdup_printf ("%s HEALTH CENTRE", place));
    case 2: return keep (g, g_strdup_printf ("THE %s SURGERY", place));
    case 3: return keep (g, g_strdup_printf ("%s GROUP PRACTICE", place));
    case 4: return keep (g, g_strdup_printf ("%s FAMILY PRACTICE", place));
    case 5: return keep (g, g_strdup_printf ("DR %s & PARTNERS", PICK (r, surnames)));
    case 6: return keep (g, g_strdup_printf ("%s SURGERY", PICK (r, streets)));
    case 7: return keep (g, g_strdup_printf ("%s HOUSE SURGERY", PICK (r, surnames)));
    case 8: return keep (g, g_strdup_printf ("%s MEDICAL PRACTICE", place));
    case 9: return keep (g, g_strdup_printf ("%s, %s AND %s", PICK (r, surnames),
                                             PICK (r, surnames), PICK (r, surnames)));
    case 10: return keep (g, g_strdup_printf ("%s HOUSE SURGERY, %s", PICK (r, surnames), place));
    case 11: return keep (g, g_strdup_printf ("ST %s'S SURGERY", PICK (r, saints)));
    case 12: return keep (g, g_strdup_printf ("%s & %s PRACTICE", place, new_place (g)));
    default: return keep (g, g_strdup_printf ("THE %s PARTNERSHIP", place));
    }
}

static int
random_date (Rng *r,
             int  year_lo,
             int  year_hi)
{
  return rng_range (r, year_lo, year_hi) * 10000 + rng_range (r, 1, 12) * 100 + 1;
}

/* Fills in the address, phone and dates of a cost centre in sub. */
static void
place_cost_centre (Gen        *g,
                   CostCentre *cc,
                   guint       sub_index)
{
  Rng *r = &g->rng;
  const SubIcb *sub = &g_array_index (g->subs, SubIcb, sub_index);
  const Icb *icb = &g_array_index (g->icbs, Icb, sub->icb);
  const char *town = sub->towns[rng_below (r, 4)];

  cc->sub = sub_index;
  if (rng_chance (r, 0.75))
    {
      cc->addr[0] = keep_const (g, PICK (r, buildings));
      cc->addr[1] = keep (g, g_strdup_printf ("%d %s", rng_range (r, 1, 240), PICK (r, streets)));
    }
  else
    {
      cc->addr[0] = keep (g, g_strdup_printf ("%d %s", rng_range (r, 1, 240), PICK (r, streets)));
      cc->addr[1] = rng_chance (r, 0.5)
        ? keep (g, g_strdup_printf ("%s ESTATE", PICK (r, place_a)))
        : keep_const (g, "");
    }
  cc->addr[2] = town;
  cc->addr[3] = rng_chance (r, 0.9) ? icb->county : keep_const (g, "");
  new_postcode (g, cc->postcode, icb->postcode_area);
  g_snprintf (cc->phone, sizeof cc->phone, "01%03d %06d", rng_range (r, 100, 999),
              rng_range (r, 100000, 999999));
  cc->open_date = random_date (r, 1974, 2012);
  cc->join_date = rng_chance (r, 0.7) ? 20220701 : 20200401;
  cc->status = 'A';
  cc->pcn = -1;
  cc->last_month = G_MAXINT;
  cc->tpp = rng_chance (r, 0.35);
  cc->list_size = CLAMP (exp (log (8500.0) + 0.55 * rng_normal (r)), 1500.0, 20000.0);
  cc->growth = 0.001 + 0.002 * rng_normal (r);
  cc->young = CLAMP (0.45 * rng_normal (r), -1.0, 1.0);
  cc->intensity = exp (0.18 * rng_normal (r) - 0.3 * cc->young);
  cc->habit = exp (0.35 * rng_normal (r));
}

static void
build_orgs (Gen *g)
{
  RxGenerateScale scale = g->opts.scale;
  Rng *r = &g->rng;
  guint n = g->n_gp;
  guint n_regions = scale == RX_GENERATE_SCALE_NATIONAL ? 7 : 1;
  guint n_icbs = scale == RX_GENERATE_SCALE_NATIONAL ? 42 : 1;
  gboolean national = scale == RX_GENERATE_SCALE_NATIONAL, demo = scale == RX_GENERATE_SCALE_DEMO;
  guint n_subs = national ? 106 : demo ? 3 : 2;
  double per_pcn = national ? 5.2 : demo ? 6.67 : 5.0;
  guint n_pcns = MAX (1, (guint) floor (n / per_pcn + 0.5));
  guint n_other = national ? MAX (3, n / 50) : demo ? 4 : 2;
  guint n_closing = national ? MAX (2, n / 300) : demo ? 2 : 1;
  guint n_historic = scale == RX_GENERATE_SCALE_NATIONAL ? MAX (2, n / 40) : 2;
  guint n_no_pcn = national ? MAX (2, n / 500) : demo ? 2 : 1;
  guint n_unknown = scale == RX_GENERATE_SCALE_NATIONAL ? 3 : 1;
  guint region_offset = rng_below (r, G_N_ELEMENTS (regions));
  guint area_offset = rng_below (r, G_N_ELEMENTS (postcode_areas));
  static const char letters[] = "ABCDEFGHJKLMNP";

  n_closing = MIN (n_closing, n / 2);
  n_no_pcn = MIN (n_no_pcn, n / 2);

  for (guint i = 0; i < n_icbs; i++)
    {
      Icb icb = { 0 };
      const char *a = new_place (g), *b = new_place (g);
      g_autofree char *joined = rng_chance (r, 0.3)
        ? g_strdup_printf ("%s, %s AND %s", a, b, new_place (g))
        : rng_chance (r, 0.3) ? g_strdup_printf ("%s AND NORTH %s", a, b)
        : g_strdup_printf ("%s AND %s", a, b);
      g_autofree char *title = title_case (joined);

      icb.region = n_regions == 1 ? region_offset : i * n_regions / n_icbs;
      new_code (g, icb.code, "Q", "ABCDEFGHJKLMNOPRSTUVWXYZ0123456789", 2);
      g_snprintf (icb.ons, sizeof icb.ons, "E54%06u", 8 + i);
      g_snprintf (icb.at_code, sizeof icb.at_code, "Q%02u", 44 + i);
      icb.short_name = keep (g, g_strdup_printf ("NHS %s", title));
      icb.name = keep (g, g_strdup_printf ("NHS %s Integrated Care Board", title));
      icb.stp_name = keep (g, g_strdup_printf ("%s STP", joined));
      icb.at_name = keep (g, g_strdup_printf ("%s AREA TEAM", joined));
      icb.county = keep (g, g_strdup_printf ("%sSHIRE", PICK (r, place_a)));
      icb.postcode_area = postcode_areas[(area_offset + i) % G_N_ELEMENTS (postcode_areas)];
      g_array_append_val (g->icbs, icb);
    }

  for (guint i = 0; i < n_subs; i++)
    {
      SubIcb sub = { 0 };
      const Icb *icb;

      sub.icb = i * n_icbs / n_subs;
      icb = &g_array_index (g->icbs, Icb, sub.icb);
      do
        {
          sub.code[0] = (char) ('0' + rng_below (r, 10));
          sub.code[1] = (char) ('0' + rng_below (r, 10));
          sub.code[2] = "ABCDEFGHJKLMNPQRTVWXY"[rng_below (r, 21)];
          sub.code[3] = '\0';
        }
      while (g_hash_table_contains (g->codes_used, sub.code));
      g_hash_table_add (g->codes_used, (gpointer) keep_const (g, sub.code));
      g_snprintf (sub.ons, sizeof sub.ons, "E38%06u", 1 + i * 3 + rng_below (r, 3));
      sub.name = keep (g, g_strdup_printf ("%s ICB - %s", icb->short_name, sub.code));
      for (int t = 0; t < 4; t++)
        sub.towns[t] = new_place (g);
      sub.ccg_name = keep (g, g_strdup_printf ("NHS %s CCG", sub.towns[0]));
      g_array_append_val (g->subs, sub);
    }

  for (guint i = 0; i < n_pcns; i++)
    {
      Pcn pcn = { 0 };
      const SubIcb *sub;

      pcn.sub = i * n_subs / n_pcns;
      sub = &g_array_index (g->subs, SubIcb, pcn.sub);
      new_code (g, pcn.code, "U", "0123456789", 5);
      switch (rng_below (r, 4))
        {
        case 0:
          pcn.name = keep (g, g_strdup_printf ("%s PCN", sub->towns[rng_below (r, 4)]));
          break;
        case 1:
          pcn.name = keep (g, g_strdup_printf ("%s AND %s PCN", new_place (g), new_place (g)));
          break;
        case 2:
          pcn.name = keep (g, g_strdup_printf ("%s NORTH PCN", sub->towns[rng_below (r, 4)]));
          break;
        default:
          pcn.name = keep (g, g_strdup_printf ("%s HEALTH PCN", new_place (g)));
          break;
        }
      g_array_append_val (g->pcns, pcn);
    }

  /* GP practices, PCN by PCN. */
  for (guint i = 0; i < n; i++)
    {
      CostCentre cc = { 0 };
      guint pcn = (guint) ((guint64) i * n_pcns / n);
      const Pcn *p = &g_array_index (g->pcns, Pcn, pcn);
      const SubIcb *sub = &g_array_index (g->subs, SubIcb, p->sub);
      char prefix[2] = { letters[sub->icb % (sizeof letters - 1)], '\0' };

      cc.kind = CC_GP;
      cc.setting = 4;
      new_code (g, cc.code, prefix, "0123456789", 5);
      place_cost_centre (g, &cc, p->sub);
      cc.pcn = (int) pcn;
      cc.name = practice_name (g, cc.addr[2]);
      g_array_append_val (g->ccs, cc);
    }
  for (guint i = 0; i < n_no_pcn; i++)
    g_array_index (g->ccs, CostCentre, rng_below (r, n)).pcn = -1;
  for (guint i = 0; i < n_closing; i++)
    {
      CostCentre *cc = &g_array_index (g->ccs, CostCentre, rng_below (r, n));
      int month = g->n_months > 1 ? month_add (g->from, (g->n_months * 2) / 3)
                                  : month_add (g->from, -1);

      cc->status = 'C';
      cc->close_date = month * 100 + rng_range (r, 10, 28);
      cc->last_month = month;
    }

  for (guint i = 0; i < n_other; i++)
    {
      CostCentre cc = { 0 };
      static const guint8 settings[] = { 1, 2, 9 };
      guint sub = rng_below (r, n_subs);

      cc.kind = CC_OTHER;
      cc.setting = settings[i % 3];
      new_code (g, cc.code, "Y", "0123456789", 5);
      place_cost_centre (g, &cc, sub);
      cc.name = keep (g, g_strdup_printf (cc.setting == 1 ? "%s WALK-IN CENTRE"
                                          : cc.setting == 2 ? "%s OUT OF HOURS SERVICE"
                                          : "%s COMMUNITY NURSING TEAM", cc.addr[2]));
      cc.list_size = 3000;
      cc.intensity = 0.25;
      g_array_append_val (g->ccs, cc);
    }

  for (guint i = 0; i < n_historic; i++)
    {
      CostCentre cc = { 0 };
      guint sub = rng_below (r, n_subs);
      int year = g->from / 100 - rng_range (r, 2, 12);

      cc.kind = CC_HISTORIC;
      cc.setting = 4;
      char prefix[2] = { letters[g_array_index (g->subs, SubIcb, sub).icb % 14], '\0' };

      new_code (g, cc.code, prefix, "0123456789", 5);
      place_cost_centre (g, &cc, sub);
      cc.name = practice_name (g, cc.addr[2]);
      cc.status = "CCCBD"[rng_below (r, 5)];
      cc.open_date = random_date (r, 1974, year - 1);
      cc.close_date = random_date (r, year, year) + rng_range (r, 0, 27);
      cc.join_date = MIN (cc.join_date, cc.open_date);
      cc.last_month = 0;
      g_array_append_val (g->ccs, cc);
    }

  for (guint i = 0; i < n_unknown; i++)
    {
      CostCentre cc = { 0 };
      guint sub = (i * 37) % n_subs;

      cc.kind = CC_UNKNOWN;
      g_snprintf (cc.code, sizeof cc.code, "%s998", g_array_index (g->subs, SubIcb, sub).code);
      cc.sub = sub;
      cc.pcn = -1;
      cc.name = "UNKNOWN SURGERY";
      cc.addr[0] = cc.addr[1] = cc.addr[2] = cc.addr[3] = "";
      cc.last_month = G_MAXINT;
      cc.list_size = 1500;
      cc.intensity = 0.2;
      cc.habit = 1;
      g_array_append_val (g->ccs, cc);
    }
}

/* ------------------------------------------------------------------ */
/* The catalogue                                                       */

/* The name of a level, else of its nearest named parent. */
static const char *
level_name (Gen        *g,
            const char *code,
            gsize       len)
{
  static const gsize lens[] = { 7, 6, 4 };
  int chapter = (code[0] - '0') * 10 + (code[1] - '0');

  for (guint i = 0; i < G_N_ELEMENTS (lens); i++)
    {
      char key[8];
      const Level *level;

      if (lens[i] > len)
        continue;
      memcpy (key, code, lens[i]);
      key[lens[i]] = '\0';
      level = g_hash_table_lookup (g->levels, key);
      if (level != NULL)
        return level->name;
    }
  return chapter_names[chapter];
}

/* Verhoeff check digit, as SNOMED CT identifiers carry. */
static char
verhoeff_digit (const char *digits)
{
  static const guint8 d[10][10] = {
    { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
    { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 }, { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
    { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 }, { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
    { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 }, { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
    { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 }, { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
  };
  static const guint8 p[8][10] = {
    { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 },
    { 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 }, { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 },
    { 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 }, { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
    { 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 }, { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
  };
  static const guint8 inv[10] = { 0, 4, 3, 2, 1, 5, 6, 7, 8, 9 };
  gsize len = strlen (digits);
  guint c = 0;

  for (gsize i = 0; i < len; i++)
    c = d[c][p[(i + 1) % 8][digits[len - 1 - i] - '0']];
  return (char) ('0' + inv[c]);
}

/* The part of a chemical name shown in presentation names:
 * "Co-codamol (Codeine phosphate/paracetamol)" → "Co-codamol". */
static char *
short_chemical (const char *name)
{
  const char *paren = strstr (name, " (");

  return paren != NULL ? g_strndup (name, (gsize) (paren - name)) : g_strdup (name);
}

static void
name_presentation (Gen        *g,
                   Pres       *p,
                   const char *base,
                   const char *strength,
                   guint8      form)
{
  const FormInfo *f = &forms[form];
  GString *cur = g_string_new (base);
  GString *leg = g_string_new (base);

  if (*strength)
    g_string_append_printf (cur, " %s", strength);
  if (*f->current)
    g_string_append_printf (cur, " %s", f->current);
  if (*f->legacy)
    g_string_append_printf (leg, "_%s", f->legacy);
  if (*strength)
    g_string_append_printf (leg, " %s", strength);
  if (leg->len > 40)
    g_string_truncate (leg, 40);
  g_strchomp (leg->str);
  p->name = keep (g, g_string_free (cur, FALSE));
  p->legacy = keep (g, g_string_free (leg, FALSE));
}

static void
set_quantities (Pres   *p,
                guint8  profile)
{
  const QProfile *q = &qprofiles[profile];

  p->n_q = q->n;
  for (int i = 0; i < q->n; i++)
    {
      p->qty[i] = q->qty[i];
      p->share[i] = q->share[i] / 100.0;
    }
}

static void
add_hand (Gen                    *g,
          const HandPresentation *h)
{
  Pres p = { 0 };
  gsize len = strlen (h->code);
  guint8 form = h->form;

  g_strlcpy (p.code, h->code, sizeof p.code);
  p.chapter = (guint8) ((h->code[0] - '0') * 10 + (h->code[1] - '0'));
  p.tier = h->tier;
  p.per_1000 = h->per_1000;
  p.ppu_pence = h->ppu * 100.0;
  p.adq_num = h->adq_num;
  p.adq_den = h->adq_den;
  set_quantities (&p, h->qpi == QD ? forms[form].qpi : h->qpi);
  if (len == 11)
    {
      memcpy (p.chem, h->code, 4);
      p.chem_name = level_name (g, h->code, 4);
      p.name = h->name;
      p.legacy = keep (g, g_strndup (h->name, 40));
      p.product_name = h->name;
    }
  else
    {
      g_autofree char *base = NULL;

      memcpy (p.chem, h->code, 9);
      p.chem_name = g_hash_table_lookup (g->chem_names, p.chem);
      g_assert (p.chem_name != NULL);
      base = h->name != NULL ? g_strdup (h->name) : short_chemical (p.chem_name);
      name_presentation (g, &p, base, h->strength, form);
      if (h->code[9] == 'A' && h->code[10] == 'A')
        p.product_name = keep (g, short_chemical (p.chem_name));
      else
        p.product_name = keep (g, g_steal_pointer (&base));
    }
  g_array_append_val (g->pres, p);
}

/* The national tail: synthetic chemicals in the real paragraphs, with
 * generic and branded presentations built as real codes are. */

static const char *const syl_start[] = {
  "Ab", "Bel", "Cor", "Dal", "Ev", "Fen", "Gal", "Hex", "Ild", "Jul", "Kel", "Lor", "Mor",
  "Nal", "Ox", "Pra", "Quin", "Ros", "Sul", "Tel", "Ul", "Val", "Xen", "Zol", "Am", "Bre",
  "Cil", "Dex", "Es", "Flu", "Glo", "Hal", "Ir", "Lev", "Mep", "Nor", "Ol", "Per", "Ram",
  "Sem", "Tor", "Ven", "Ar", "Bo", "Cy", "Dro", "Ep", "Fo",
};

static const char *const syl_mid[] = {
  "a", "e", "i", "o", "u", "ari", "eno", "ita", "ola", "umi", "ava", "eri", "ono", "ade", "ilu",
};

static const char *const brand_end[] = {
  "ex", "ia", "on", "is", "ax", "ora", "ene", "yl", "ano", "ix", "elle", "adin", "ovan",
};

static const char *const appliance_brands[] = {
  "Curafix", "Dermolin", "Softex", "Medisorb", "Tegrafoam", "Lyofix", "Vitaflex", "Opsiline",
  "Comforma", "Silvana", "Aquamed", "Flexicare", "Protexa", "Cliniwrap", "Sentina", "Ultrasil",
};

static const char *const appliance_sizes[] = {
  "5cm x 5cm", "10cm x 10cm", "10cm x 20cm", "15cm x 15cm", "20cm x 20cm", "small", "medium",
  "large", "25mm", "32mm", "38mm", "45mm", "CH12", "CH14", "CH16", "midi", "maxi", "7.5cm x 4m",
};

static const char *const oral_ladders[][4] = {
  { "1mg", "2mg", "5mg", NULL }, { "5mg", "10mg", "20mg", "40mg" },
  { "25mg", "50mg", "100mg", NULL }, { "100mg", "200mg", "400mg", NULL },
  { "250mg", "500mg", NULL, NULL }, { "10mg", "20mg", NULL, NULL },
  { "2.5mg", "5mg", "10mg", NULL }, { "50microgram", "100microgram", "200microgram", NULL },
  { "150mg", "300mg", NULL, NULL }, { "4mg", "8mg", "16mg", "32mg" },
};

static void
sf_code (guint  index,
         char  *out)
{
  out[0] = (char) ('A' + (index / 26) % 26);
  out[1] = (char) ('A' + index % 26);
}

static double
lognormal (Rng    *r,
           double  median,
           double  sigma)
{
  return median * exp (sigma * rng_normal (r));
}

/* A brand with no generic equivalent ('A0' at 14–15), as some products have. */
static void
add_synthetic_a0_brand (Gen        *g,
                        const Pres *like)
{
  Rng *r = &g->rng;
  Pres p = *like;
  g_autofree char *brand = g_strdup_printf ("%s%s", PICK (r, syl_start), PICK (r, brand_end));
  const char *strength = strchr (like->name, ' ');
  const char *form = strchr (like->legacy, '_');

  g_snprintf (p.code, sizeof p.code, "%sBZ%cZA0", like->chem, (char) ('A' + rng_below (r, 26)));
  if (g_hash_table_contains (g->codes_used, p.code))
    return;
  g_hash_table_add (g->codes_used, (gpointer) keep_const (g, p.code));
  /* "Name 10mg tablets" → "Brand 10mg tablets" */
  p.name = keep (g, g_strconcat (brand, strength != NULL ? strength : "", NULL));
  p.legacy = keep (g, g_strconcat (brand, form != NULL ? form : "", NULL));
  p.product_name = keep (g, g_steal_pointer (&brand));
  p.ppu_pence = like->ppu_pence * 3.0;
  g_array_append_val (g->pres, p);
}

static void
add_synthetic_chemical (Gen         *g,
                        const Level *level,
                        GHashTable  *chems)
{
  Rng *r = &g->rng;
  gsize len = strlen (level->code);
  char chem[10];
  g_autofree char *name = NULL;
  guint8 family = level->family, chapter;
  guint8 chem_forms[3];
  const char *strengths[8];
  guint8 str_form[8];
  guint n_forms = 1, n_pres = 0, sf_start, n_avail = 3, n_brands;
  double ppu_median;
  const char *brand_names[2];

  do
    {
      memcpy (chem, level->code, len);
      if (len == 6)
        chem[6] = (char) ('5' + rng_below (r, 5));
      chem[7] = "ABCDEFGHJKLMNPQRSTUVWXYZ"[rng_below (r, 24)];
      chem[8] = "0ABCDEFGHJKLMNPQRSTUVWXYZ"[rng_below (r, 25)];
      chem[9] = '\0';
    }
  while (g_hash_table_contains (chems, chem));
  g_hash_table_add (chems, (gpointer) keep_const (g, chem));
  chapter = (guint8) ((chem[0] - '0') * 10 + (chem[1] - '0'));

  for (int attempt = 0; ; attempt++)
    {
      g_free (name);
      static const char *const salts[] = {
        "", "", "", "", " hydrochloride", " sodium", " maleate", " acetate", " citrate",
        " potassium", " mesilate", " fumarate",
      };
      name = g_strconcat (PICK (r, syl_start), attempt > 20 ? PICK (r, syl_mid) : "",
                          PICK (r, syl_mid), level->stem, PICK (r, salts), NULL);
      if (!g_hash_table_contains (g->names_used, name))
        break;
    }
  g_hash_table_add (g->names_used, (gpointer) keep_const (g, name));
  g_hash_table_insert (g->chem_names, (gpointer) keep_const (g, chem),
                       (gpointer) keep_const (g, name));

  switch (family)
    {
    case FAM_TOPICAL:
      chem_forms[0] = PICK (r, ((guint8[]) { F_CREAM, F_OINT, F_GEL, F_LOTION }));
      chem_forms[1] = F_OINT;
      n_forms = rng_chance (r, 0.3) ? 2 : 1;
      strengths[0] = "0.1%"; strengths[1] = "1%"; strengths[2] = "2%";
      ppu_median = 8;
      break;
    case FAM_INHALED:
      chem_forms[0] = rng_chance (r, 0.5) ? F_INHALER : F_DPI;
      strengths[0] = "50micrograms/dose";
      strengths[1] = "100micrograms/dose";
      strengths[2] = "200micrograms/dose";
      ppu_median = 1500;
      break;
    case FAM_INJECTION:
      chem_forms[0] = F_INJ;
      strengths[0] = "10mg/1ml"; strengths[1] = "50mg/1ml"; strengths[2] = "100mg/2ml";
      ppu_median = 900;
      break;
    case FAM_EYE:
      chem_forms[0] = F_EYE_DROPS;
      strengths[0] = "0.1%"; strengths[1] = "0.5%"; strengths[2] = "1%";
      ppu_median = 60;
      break;
    case FAM_NOSE:
      chem_forms[0] = F_NASAL;
      strengths[0] = "50micrograms/dose";
      strengths[1] = "100micrograms/dose";
      strengths[2] = "27.5micrograms/dose";
      ppu_median = 300;
      break;
    case FAM_FOOD:
      chem_forms[0] = F_POWDER;
      strengths[0] = strengths[1] = strengths[2] = "";
      ppu_median = 600;
      break;
    default:
      {
        guint ladder = rng_below (r, G_N_ELEMENTS (oral_ladders));
        chem_forms[0] = rng_chance (r, 0.7) ? F_TAB : F_CAP;
        chem_forms[1] = rng_chance (r, 0.6) ? F_MR_TAB : F_ORAL_SOL;
        n_forms = rng_chance (r, 0.3) ? 2 : 1;
        for (n_avail = 0; n_avail < 3 && oral_ladders[ladder][n_avail] != NULL; n_avail++)
          strengths[n_avail] = oral_ladders[ladder][n_avail];
        ppu_median = 15;
      }
      break;
    }

  /* Generic presentations: a few strengths of the first form, one or two of the second. */
  {
    guint n_str = 1 + rng_below (r, n_avail);
    if (family == FAM_FOOD)
      n_str = 1;
    for (guint i = 0; i < n_str; i++)
      {
        strengths[n_pres] = strengths[i];
        str_form[n_pres++] = chem_forms[0];
      }
    if (n_forms == 2)
      {
        strengths[n_pres] = chem_forms[1] == F_ORAL_SOL ? "5mg/5ml" : strengths[0];
        str_form[n_pres++] = chem_forms[1];
      }
  }

  sf_start = rng_below (r, 6);
  n_brands = family == FAM_FOOD ? 1 : rng_chance (r, 0.45) ? (rng_chance (r, 0.3) ? 2 : 1) : 0;
  for (guint b = 0; b < n_brands; b++)
    brand_names[b] = keep (g, g_strdup_printf ("%s%s", PICK (r, syl_start), PICK (r, brand_end)));
  for (guint i = 0; i < n_pres; i++)
    {
      Pres p = { 0 };
      char sf[2];
      double brand_factor = 1.0;

      sf_code (sf_start + i, sf);
      memcpy (p.chem, chem, 10);
      p.chapter = chapter;
      p.tier = 3;
      p.chem_name = keep_const (g, name);
      p.ppu_pence = lognormal (r, ppu_median, 0.9);
      if (rng_chance (r, 0.6))
        {
          static const guint8 nums[] = { 1, 1, 1, 2, 1, 3 }, dens[] = { 1, 2, 3, 1, 4, 2 };
          guint k = rng_below (r, G_N_ELEMENTS (nums));
          p.adq_num = nums[k];
          p.adq_den = dens[k];
        }
      set_quantities (&p, chapter == 5 ? Q_COURSE : forms[str_form[i]].qpi);
      p.seasonal = chapter == 5 ? 1 : 0;

      if (family == FAM_FOOD)
        {
          g_snprintf (p.code, sizeof p.code, "%sBB%c%cA0", chem, sf[0], sf[1]);
          name_presentation (g, &p, brand_names[0], "", str_form[i]);
          p.product_name = brand_names[0];
          g_array_append_val (g->pres, p);
          continue;
        }
      g_snprintf (p.code, sizeof p.code, "%sAA%c%c%c%c", chem, sf[0], sf[1], sf[0], sf[1]);
      name_presentation (g, &p, name, strengths[i], str_form[i]);
      p.product_name = keep_const (g, name);
      g_array_append_val (g->pres, p);

      for (guint b = 0; b < n_brands; b++)
        {
          Pres bp = p;

          if (i > 0 && rng_chance (r, 0.25))
            continue;
          brand_factor = 2.0 + 6.0 * rng_double (r);
          bp.ppu_pence = p.ppu_pence * brand_factor;
          g_snprintf (bp.code, sizeof bp.code, "%sB%c%c%c%c%c", chem, (char) ('B' + b), sf[0],
                      sf[1], sf[0], sf[1]);
          name_presentation (g, &bp, brand_names[b], strengths[i], str_form[i]);
          bp.product_name = brand_names[b];
          g_array_append_val (g->pres, bp);
        }
    }
  if (family != FAM_FOOD && rng_chance (r, 0.08))
    add_synthetic_a0_brand (g, &g_array_index (g->pres, Pres, g->pres->len - 1));
}

static void
add_synthetic_appliances (Gen         *g,
                          const Level *level,
                          guint        n)
{
  Rng *r = &g->rng;

  for (guint i = 0; i < n; i++)
    {
      Pres p = { 0 };
      g_autofree char *name = NULL;

      do
        g_snprintf (p.code, sizeof p.code, "%s%02u%05u", level->code, 1 + rng_below (r, 9),
                    rng_below (r, 100000));
      while (g_hash_table_contains (g->codes_used, p.code));
      g_hash_table_add (g->codes_used, (gpointer) keep_const (g, p.code));
      memcpy (p.chem, level->code, 4);
      p.chapter = (guint8) ((level->code[0] - '0') * 10 + (level->code[1] - '0'));
      p.tier = 3;
      p.chem_name = level->name;
      name = g_strdup_printf ("%s %s %s", PICK (r, appliance_brands), level->stem,
                              PICK (r, appliance_sizes));
      p.name = keep (g, g_strdup (name));
      p.legacy = keep (g, g_strndup (name, 40));
      p.product_name = p.name;
      p.ppu_pence = lognormal (r, 150, 1.0);
      set_quantities (&p, Q_APPL);
      g_array_append_val (g->pres, p);
    }
}

static int
compare_pres (gconstpointer a,
              gconstpointer b)
{
  return strcmp ((*(Pres *const *) a)->code, (*(Pres *const *) b)->code);
}

/* Sorted through pointers: the structures are large to move. */
static void
sort_catalogue (Gen *g)
{
  g_autoptr(GPtrArray) ptrs = g_ptr_array_sized_new (g->pres->len);
  GArray *sorted = g_array_sized_new (FALSE, TRUE, sizeof (Pres), g->pres->len);

  for (guint i = 0; i < g->pres->len; i++)
    g_ptr_array_add (ptrs, &g_array_index (g->pres, Pres, i));
  g_ptr_array_sort (ptrs, compare_pres);
  for (guint i = 0; i < ptrs->len; i++)
    g_array_append_vals (sorted, g_ptr_array_index (ptrs, i), 1);
  g_array_unref (g->pres);
  g->pres = sorted;
}

/* The strings the prescribing rows copy, made once. */
static void
finish_presentation (Gen  *g,
                     Pres *p)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *chapter = g_strdup_printf ("%02d: %s", p->chapter, chapter_names[p->chapter]);
  char digits[20];

  if (strlen (p->legacy) > 40)
    p->legacy = keep (g, g_strndup (p->legacy, 40));
  p->key = hash_str (p->code);
  if (p->code[0] == '0' && p->code[1] == '5' && p->code[2] == '0' && p->code[3] == '1')
    p->seasonal = 1;
  else if (strncmp (p->code, "0304", 4) == 0)
    p->seasonal = 2;

  /* A dm+d-like identifier: item, namespace 1000001, partition 10, check digit. */
  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT "100000110",
              1000000 + (p->key >> 20) % 98999999);
  g_snprintf (p->snomed, sizeof p->snomed, "%s%c", digits, verhoeff_digit (digits));

  for (int legacy = 0; legacy < 2; legacy++)
    {
      g_string_truncate (s, 0);
      g_string_append_printf (s, ",%s,", p->chem);
      csv_field (s, p->chem_name);
      g_string_append_printf (s, ",%s,", p->code);
      csv_field (s, legacy ? p->legacy : p->name);
      g_string_append_c (s, ',');
      csv_field (s, chapter);
      g_string_append_c (s, ',');
      if (legacy)
        {
          p->mid_legacy = keep_const (g, s->str);
          p->mid_legacy_len = (guint16) s->len;
        }
      else
        {
          p->mid = keep_const (g, s->str);
          p->mid_len = (guint16) s->len;
        }
    }
  g_string_truncate (s, 0);
  g_string_append_printf (s, "%s,", p->code);
  padded_field (s, p->legacy, 40);
  g_string_append_c (s, ',');
  p->pdpi_mid = keep_const (g, s->str);
  p->pdpi_mid_len = (guint16) s->len;
}

static void
build_catalogue (Gen *g)
{
  RxGenerateScale scale = g->opts.scale;
  g_autoptr(GHashTable) chems = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) tail = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    g_hash_table_insert (g->levels, (gpointer) levels[i].code, (gpointer) &levels[i]);
  for (guint i = 0; i < G_N_ELEMENTS (hand_chemicals); i++)
    {
      g_hash_table_insert (g->chem_names, (gpointer) hand_chemicals[i].code,
                           (gpointer) hand_chemicals[i].name);
      g_hash_table_add (chems, (gpointer) hand_chemicals[i].code);
    }
  for (guint i = 0; i < G_N_ELEMENTS (hand_presentations); i++)
    {
      const HandPresentation *h = &hand_presentations[i];

      g_hash_table_add (g->codes_used, (gpointer) h->code);
      add_hand (g, h);
    }

  if (scale == RX_GENERATE_SCALE_NATIONAL)
    {
      guint n_paras = 0, first_tail = g->pres->len;

      for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
        if (levels[i].family != FAM_NONE && levels[i].family != FAM_APPLIANCE)
          n_paras++;
      for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
        {
          if (levels[i].family == FAM_APPLIANCE)
            add_synthetic_appliances (g, &levels[i], 160);
          else if (levels[i].family != FAM_NONE)
            for (guint k = 0; k < 5600 / n_paras; k++)
              add_synthetic_chemical (g, &levels[i], chems);
        }

      /* Zipf-like popularity over a random order of the tail. */
      for (guint i = first_tail; i < g->pres->len; i++)
        g_array_append_val (tail, i);
      for (guint i = tail->len; i > 1; i--)
        {
          guint j = rng_below (&g->rng, i), t = g_array_index (tail, guint, i - 1);
          g_array_index (tail, guint, i - 1) = g_array_index (tail, guint, j);
          g_array_index (tail, guint, j) = t;
        }
      for (guint rank = 0; rank < tail->len; rank++)
        {
          Pres *p = &g_array_index (g->pres, Pres, g_array_index (tail, guint, rank));
          p->per_1000 = 105.0 / pow (rank + 40.0, 1.1);
        }
    }

  sort_catalogue (g);
  for (guint i = 0; i < g->pres->len; i++)
    finish_presentation (g, &g_array_index (g->pres, Pres, i));

  for (guint i = 0; i < G_N_ELEMENTS (g->pref); i++)
    {
      double u = rng_double (&g->rng);

      g->pref[i] = exp (0.5 * rng_normal (&g->rng) - 0.125);
      g->price[i] = u < 0.80 ? 1.0
                  : u < 0.92 ? 1.0 + 0.25 * rng_double (&g->rng)
                  : u < 0.98 ? 1.25 + 0.75 * rng_double (&g->rng)
                  : 2.0 + 2.0 * rng_double (&g->rng);
    }
}

static int
compare_cc_code (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  GArray *ccs = data;

  return strcmp (g_array_index (ccs, CostCentre, *(const guint *) a).code,
                 g_array_index (ccs, CostCentre, *(const guint *) b).code);
}

/* The cost centres that prescribe, by code, and the unidentified last. */
static void
build_order (Gen *g)
{
  CostCentre unidentified = { 0 };
  guint index;

  for (guint i = 0; i < g->ccs->len; i++)
    {
      CostCentre *cc = &g_array_index (g->ccs, CostCentre, i);

      cc->key = hash_str (cc->code) ^ mix64 (g->opts.seed);
      if (cc->kind != CC_HISTORIC)
        g_array_append_val (g->order, i);
    }
  g_array_sort_with_data (g->order, compare_cc_code, g->ccs);

  unidentified.kind = CC_UNIDENTIFIED;
  g_strlcpy (unidentified.code, "-", sizeof unidentified.code);
  unidentified.name = "UNIDENTIFIED DOCTORS";
  unidentified.pcn = -1;
  unidentified.last_month = G_MAXINT;
  unidentified.list_size = MAX (5000.0, g->n_gp * 30.0);
  unidentified.intensity = 1.0;
  unidentified.habit = 1.0;
  unidentified.key = mix64 (g->opts.seed ^ 0x5EED);
  g_array_append_val (g->ccs, unidentified);
  index = g->ccs->len - 1;
  g_array_append_val (g->order, index);
}

/* ------------------------------------------------------------------ */
/* Progress and cancellation                                           */

static gboolean
check_cancelled (Gen     *g,
                 GError **error)
{
  return g_cancellable_set_error_if_cancelled (g->cancellable, error);
}

static void
report (Gen        *g,
        const char *stage,
        const Out  *o,
        gboolean    force)
{
  gint64 now;
  RxProgress progress = { 0 };
  double seconds;

  if (g->progress == NULL)
    return;
  now = g_get_monotonic_time ();
  if (!force && now - g->last_report < 250000)
    return;
  g->last_report = now;
  seconds = (now - g->started) / 1e6;
  progress.stage = stage;
  progress.file = o != NULL ? o->name : NULL;
  progress.bytes_done = g->result->bytes + (o != NULL ? o->bytes_out : 0);
  progress.rows = g->result->prescribing_rows;
  progress.rows_per_second = seconds > 0 ? g->result->prescribing_rows / seconds : 0;
  progress.fraction = g->units_total > 0 ? MIN (1.0, (double) g->units_done / g->units_total) : -1;
  g->progress (&progress, g->progress_data);
}

/* ------------------------------------------------------------------ */
/* Reference files                                                     */

static const CostCentre *
cc_at (Gen   *g,
       guint  order_index)
{
  return &g_array_index (g->ccs, CostCentre, g_array_index (g->order, guint, order_index));
}

static const SubIcb *
cc_sub (Gen              *g,
        const CostCentre *cc)
{
  return &g_array_index (g->subs, SubIcb, cc->sub);
}

static const Icb *
cc_icb (Gen              *g,
        const CostCentre *cc)
{
  return &g_array_index (g->icbs, Icb, cc_sub (g, cc)->icb);
}

static void
line_end (Out     *o,
          GString *s)
{
  g_string_append_c (s, '\n');
  out_put_gstring (o, s);
  g_string_truncate (s, 0);
  o->rows++;
}

static gboolean
write_bnf_codes (Gen               *g,
                 const char        *dir,
                 GError           **error)
{
  Out o;
  g_autoptr(GString) s = g_string_new (
    "YEAR_MONTH,BNF_CHAPTER,BNF_CHAPTER_CODE,BNF_SECTION,BNF_SECTION_CODE,BNF_PARAGRAPH,"
    "BNF_PARAGRAPH_CODE,BNF_SUBPARAGRAPH,BNF_SUBPARAGRAPH_CODE,BNF_CHEMICAL_SUBSTANCE,"
    "BNF_CHEMICAL_SUBSTANCE_CODE,BNF_PRODUCT,BNF_PRODUCT_CODE,BNF_PRESENTATION,"
    "BNF_PRESENTATION_CODE\n");
  g_autofree char *year_month = g_strdup_printf ("%04d-%02d", g->to / 100, g->to % 100);

  if (!out_open (&o, dir, "bnf-codes.csv", FALSE, error))
    return FALSE;
  out_put_gstring (&o, s);
  g_string_truncate (s, 0);
  for (guint i = 0; i < g->pres->len; i++)
    {
      const Pres *p = &g_array_index (g->pres, Pres, i);
      gboolean appliance = strlen (p->code) == 11;
      static const gsize widths[] = { 4, 6, 7 };

      g_string_append_printf (s, "%s,", year_month);
      csv_field (s, chapter_names[p->chapter]);
      g_string_append_printf (s, ",%.2s", p->code);
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        {
          gsize width = appliance ? 4 : widths[w];
          g_string_append_c (s, ',');
          csv_field (s, level_name (g, p->code, width));
          g_string_append_printf (s, ",%.*s", (int) width, p->code);
        }
      g_string_append_c (s, ',');
      csv_field (s, p->chem_name);
      g_string_append_printf (s, ",%s,", p->chem);
      csv_field (s, p->product_name);
      g_string_append_printf (s, ",%.*s,", appliance ? 11 : 11, p->code);
      csv_field (s, p->name);
      g_string_append_printf (s, ",%s", p->code);
      line_end (&o, s);
    }
  return out_close (&o, g->result, error);
}

static gboolean
write_epraccur (Gen         *g,
                const char  *dir,
                GError     **error)
{
  Out o;
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean first = TRUE;

  for (guint i = 0; i < g->ccs->len; i++)
    {
      const CostCentre *cc = &g_array_index (g->ccs, CostCentre, i);
      if (cc->kind == CC_GP || cc->kind == CC_OTHER || cc->kind == CC_HISTORIC)
        g_array_append_val (all, i);
    }
  g_array_sort_with_data (all, compare_cc_code, g->ccs);

  if (!out_open (&o, dir, "epraccur.csv", FALSE, error))
    return FALSE;
  for (guint i = 0; i < all->len; i++)
    {
      const CostCentre *cc = &g_array_index (g->ccs, CostCentre, g_array_index (all, guint, i));
      const SubIcb *sub = cc_sub (g, cc);
      const Icb *icb = cc_icb (g, cc);
      char open[12], close[12], join[12], setting[4];
      char status[2] = { cc->status, '\0' };
      const char *fields[27];

      g_snprintf (open, sizeof open, "%08d", cc->open_date);
      g_snprintf (close, sizeof close, "%s", "");
      if (cc->close_date != 0)
        g_snprintf (close, sizeof close, "%08d", cc->close_date);
      g_snprintf (join, sizeof join, "%08d", MAX (cc->join_date, cc->open_date));
      g_snprintf (setting, sizeof setting, "%u", cc->setting);
      fields[0] = cc->code;
      fields[1] = cc->name;
      fields[2] = regions[icb->region].code;
      fields[3] = icb->code;
      for (int a = 0; a < 4; a++)
        fields[4 + a] = cc->addr[a];
      fields[8] = "";
      fields[9] = cc->postcode;
      fields[10] = open;
      fields[11] = close;
      fields[12] = status;
      fields[13] = "B";
      fields[14] = sub->code;
      fields[15] = join;
      fields[16] = cc->close_date != 0 ? close : "";
      fields[17] = cc->phone;
      fields[18] = fields[19] = fields[20] = "";
      fields[21] = "0";
      fields[22] = "";
      fields[23] = sub->code;
      fields[24] = "";
      fields[25] = setting;
      fields[26] = "";
      if (!first)
        g_string_append_c (s, '\n');
      first = FALSE;
      for (int f = 0; f < 27; f++)
        {
          if (f > 0)
            g_string_append_c (s, ',');
          csv_quoted (s, fields[f]);
        }
      out_put_gstring (&o, s);
      g_string_truncate (s, 0);
      o.rows++;
    }
  return out_close (&o, g->result, error);
}

static gboolean
write_org_map (Gen         *g,
               const char  *dir,
               GError     **error)
{
  Out o;
  g_autoptr(GString) s = g_string_new (
    "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,PCN_NAME,"
    "ONS_SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,ONS_ICB_CODE,ICB_CODE,"
    "ICB_NAME,ONS_COMM_REGION_CODE,COMM_REGION_CODE,COMM_REGION_NAME,SUPPLIER_NAME\n");
  g_autofree char *date = g_strdup_printf ("%04d-%02d-01", g->to / 100, g->to % 100);

  if (!out_open (&o, dir, "gp-reg-pat-prac-map.csv", FALSE, error))
    return FALSE;
  out_put_gstring (&o, s);
  g_string_truncate (s, 0);
  for (guint i = 0; i < g->order->len; i++)
    {
      const CostCentre *cc = cc_at (g, i);
      const SubIcb *sub;
      const Icb *icb;
      const Region *region;

      if (cc->kind != CC_GP || cc->last_month < g->to)
        continue;
      sub = cc_sub (g, cc);
      icb = cc_icb (g, cc);
      region = &regions[icb->region];
      g_string_append_printf (s, "GP_PRAC_PAT_LIST,%s,%s,", date, cc->code);
      csv_field (s, cc->name);
      g_string_append_printf (s, ",%s,", cc->postcode);
      if (cc->pcn >= 0)
        {
          const Pcn *pcn = &g_array_index (g->pcns, Pcn, cc->pcn);
          g_string_append_printf (s, "%s,", pcn->code);
          csv_field (s, pcn->name);
        }
      else
        g_string_append_c (s, ',');
      g_string_append_printf (s, ",%s,%s,", sub->ons, sub->code);
      csv_field (s, sub->name);
      g_string_append_printf (s, ",%s,%s,", icb->ons, icb->code);
      csv_field (s, icb->name);
      g_string_append_printf (s, ",%s,%s,", region->ons, region->code);
      csv_field (s, region->name);
      g_string_append_printf (s, ",%s", cc->tpp ? "TPP" : "EMIS");
      line_end (&o, s);
    }
  return out_close (&o, g->result, error);
}

/* Patients of a cost centre in a month. */
static guint
list_size_in (Gen              *g,
              const CostCentre *cc,
              int               month)
{
  return (guint) floor (cc->list_size * pow (1.0 + cc->growth, month_diff (month, g->from)) + 0.5);
}

/* England's registered population by five-year band (per cent, both
 * sexes) and the male share of each band. */
static const double band_share[20] = {
  5.5, 6.0, 6.1, 5.8, 6.3, 7.0, 7.3, 7.0, 6.5, 6.3,
  6.8, 6.7, 5.8, 5.0, 4.8, 3.6, 2.4, 1.4, 0.6, 0.2,
};
static const double band_male[20] = {
  0.512, 0.512, 0.512, 0.513, 0.51, 0.505, 0.503, 0.502, 0.50, 0.50, 0.499, 0.495, 0.49, 0.485,
  0.475, 0.46, 0.43, 0.39, 0.34, 0.28,
};
static const char *const band_names[20] = {
  "0_4", "5_9", "10_14", "15_19", "20_24", "25_29", "30_34", "35_39", "40_44", "45_49",
  "50_54", "55_59", "60_64", "65_69", "70_74", "75_79", "80_84", "85_89", "90_94", "95+",
};

/* Splits total over sex × band by largest remainder, so the cells add up. */
static void
split_bands (const CostCentre *cc,
             guint             total,
             guint             cells[40])
{
  double weight[40], sum = 0, frac[40];
  guint given = 0;

  for (int b = 0; b < 20; b++)
    {
      double w = band_share[b] * exp (-cc->young * (b - 9.5) / 9.5 * 0.8);
      weight[b] = w * band_male[b];
      weight[20 + b] = w * (1.0 - band_male[b]);
    }
  for (int i = 0; i < 40; i++)
    sum += weight[i];
  for (int i = 0; i < 40; i++)
    {
      double exact = total * weight[i] / sum;
      cells[i] = (guint) floor (exact);
      frac[i] = exact - cells[i];
      given += cells[i];
    }
  while (given < total)
    {
      int best = 0;
      for (int i = 1; i < 40; i++)
        if (frac[i] > frac[best])
          best = i;
      cells[best]++;
      frac[best] = -1;
      given++;
    }
}

static gboolean
write_list_sizes (Gen         *g,
                  const char  *dir,
                  int          month,
                  GError     **error)
{
  Out all, quin;
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *date = g_strdup_printf ("%04d-%02d-01", month / 100, month % 100);
  g_autofree char *all_name = g_strdup_printf ("gp-reg-pat-prac-all-%06d.csv", month);
  g_autofree char *quin_name = g_strdup_printf ("gp-reg-pat-prac-quin-age-%06d.csv", month);

  if (!out_open (&all, dir, all_name, FALSE, error))
    return FALSE;
  if (!out_open (&quin, dir, quin_name, FALSE, error))
    {
      out_abort (&all);
      return FALSE;
    }
  g_string_assign (s, "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,"
                      "ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\n");
  out_put_gstring (&all, s);
  g_string_assign (s, "PUBLICATION,EXTRACT_DATE,ORG_TYPE,ORG_CODE,ONS_CODE,POSTCODE,SEX,"
                      "AGE_GROUP_5,NUMBER_OF_PATIENTS\n");
  out_put_gstring (&quin, s);
  g_string_truncate (s, 0);

  for (guint i = 0; i < g->order->len; i++)
    {
      const CostCentre *cc = cc_at (g, i);
      const SubIcb *sub;
      guint total, cells[40];

      if (cc->kind != CC_GP || cc->last_month < month)
        continue;
      sub = cc_sub (g, cc);
      total = list_size_in (g, cc, month);
      g_string_append_printf (s, "GP_PRAC_PAT_LIST,%s,GP,%s,%s,%s,%s,ALL,ALL,%u", date, sub->code,
                              sub->ons, cc->code, cc->postcode, total);
      line_end (&all, s);

      g_string_append_printf (s, "GP_PRAC_PAT_LIST,%s,GP,%s,,%s,ALL,ALL,%u", date, cc->code,
                              cc->postcode, total);
      line_end (&quin, s);
      split_bands (cc, total, cells);
      for (int c = 0; c < 40; c++)
        {
          g_string_append_printf (s, "GP_PRAC_PAT_LIST,%s,GP,%s,,%s,%s,%s,%u", date, cc->code,
                                  cc->postcode, c < 20 ? "MALE" : "FEMALE", band_names[c % 20],
                                  cells[c]);
          line_end (&quin, s);
        }
    }
  if (!out_close (&all, g->result, error))
    {
      out_abort (&quin);
      return FALSE;
    }
  return out_close (&quin, g->result, error);
}

/* PDPI's companions: practice addresses and chemical names (§2.3, §2.4). */
static gboolean
write_pdpi_addr (Gen         *g,
                 const char  *dir,
                 int          month,
                 GError     **error)
{
  Out o;
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *name = g_strdup_printf ("T%06dADDR BNFT.CSV", month);

  if (!out_open (&o, dir, name, FALSE, error))
    return FALSE;
  for (guint i = 0; i < g->order->len; i++)
    {
      const CostCentre *cc = cc_at (g, i);

      if ((cc->kind != CC_GP && cc->kind != CC_OTHER) || cc->last_month < month)
        continue;
      g_string_append_printf (s, "%06d,%s,", month, cc->code);
      padded_field (s, cc->name, 40);
      for (int a = 0; a < 4; a++)
        {
          g_string_append_c (s, ',');
          padded_field (s, cc->addr[a], 25);
        }
      g_string_append_printf (s, ",%s", cc->postcode);
      line_end (&o, s);
    }
  return out_close (&o, g->result, error);
}

static gboolean
write_pdpi_chem (Gen         *g,
                 const char  *dir,
                 int          month,
                 GError     **error)
{
  Out o;
  g_autoptr(GString) s = g_string_new ("CHEM SUB ,NAME,");
  g_autofree char *name = g_strdup_printf ("T%06dCHEM SUBS.CSV", month);
  g_autofree char *period = g_strdup_printf ("%06d", month);
  const char *last = "";

  if (!out_open (&o, dir, name, FALSE, error))
    return FALSE;
  for (gsize i = strlen (period); i < 61; i++)
    g_string_append_c (s, ' ');
  g_string_append_printf (s, "%s,\n", period);
  out_put_gstring (&o, s);
  g_string_truncate (s, 0);
  /* The catalogue is sorted by presentation code, so each chemical's
   * presentations are together, and chemicals in code order. */
  for (guint i = 0; i < g->pres->len; i++)
    {
      const Pres *p = &g_array_index (g->pres, Pres, i);

      if (strcmp (p->chem, last) == 0)
        continue;
      last = p->chem;
      padded_field (s, p->chem, 9);
      g_string_append_c (s, ',');
      padded_field (s, p->chem_name, 60);
      g_string_append_c (s, ',');
      line_end (&o, s);
    }
  return out_close (&o, g->result, error);
}

/* ------------------------------------------------------------------ */
/* Prescribing                                                         */

#define V2_HEAD "YEAR_MONTH,REGIONAL_OFFICE_NAME,REGIONAL_OFFICE_CODE,"
#define V2_MIDDLE ",PCO_NAME,PCO_CODE,PRACTICE_NAME,PRACTICE_CODE,ADDRESS_1,ADDRESS_2,ADDRESS_3," \
  "ADDRESS_4,POSTCODE,"
#define V2_TAIL "BNF_CHEMICAL_SUBSTANCE,CHEMICAL_SUBSTANCE_BNF_DESCR,BNF_CODE,BNF_DESCRIPTION," \
  "BNF_CHAPTER_PLUS_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,ADQUSAGE,NIC,ACTUAL_COST,UNIDENTIFIED\n"

static const char *const prescribing_headers[] = {
  [RX_LAYOUT_EPD] = V2_HEAD "ICB_NAME,ICB_CODE" V2_MIDDLE
    "BNF_CHEMICAL_SUBSTANCE_CODE,BNF_CHEMICAL_SUBSTANCE,BNF_PRESENTATION_CODE,"
    "BNF_PRESENTATION_NAME,BNF_CHAPTER_PLUS_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,ADQ_USAGE,NIC,"
    "ACTUAL_COST,UNIDENTIFIED,SNOMED_CODE\n",
  [RX_LAYOUT_EPD_ICB] = V2_HEAD "ICB_NAME,ICB_CODE" V2_MIDDLE V2_TAIL,
  [RX_LAYOUT_EPD_STP] = V2_HEAD "STP_NAME,STP_CODE" V2_MIDDLE V2_TAIL,
  [RX_LAYOUT_EPD_AREA_TEAM] = V2_HEAD "AREA_TEAM_NAME,AREA_TEAM_CODE" V2_MIDDLE V2_TAIL,
  [RX_LAYOUT_PDPI] = " SHA,PCT,PRACTICE,BNF CODE,"
    "BNF NAME                                    ,ITEMS  ,NIC        ,ACT COST   ,"
    "QUANTITY,PERIOD,\n",
};

/* The fields before the presentation, the same for all a cost centre's rows. */
static void
build_prefix (Gen              *g,
              const CostCentre *cc,
              int               month,
              GString          *s)
{
  RxLayout layout = g->opts.layout;
  const SubIcb *sub;
  const Icb *icb;
  g_autofree char *region = NULL, *icb_name = NULL, *pco_name = NULL;

  g_string_truncate (s, 0);
  if (layout == RX_LAYOUT_PDPI)
    {
      if (cc->kind == CC_UNIDENTIFIED)
        g_string_append (s, "-,-,-,");
      else
        g_string_append_printf (s, "%s,%s,%s,", cc_icb (g, cc)->at_code, cc_sub (g, cc)->code,
                                cc->code);
      return;
    }
  if (layout == RX_LAYOUT_EPD)
    g_string_append_printf (s, "%04d-%02d,", month / 100, month % 100);
  else
    g_string_append_printf (s, "%06d,", month);
  if (cc->kind == CC_UNIDENTIFIED)
    {
      g_string_append (s, "UNIDENTIFIED,-,UNIDENTIFIED,-,UNIDENTIFIED,-,UNIDENTIFIED DOCTORS,"
                          "-,-,-,-,-,-");
      return;
    }
  sub = cc_sub (g, cc);
  icb = cc_icb (g, cc);
  region = epd_name (regions[icb->region].name);
  switch (layout)
    {
    case RX_LAYOUT_EPD_STP:
      icb_name = epd_name (icb->stp_name);
      pco_name = epd_name (sub->ccg_name);
      break;
    case RX_LAYOUT_EPD_AREA_TEAM:
      icb_name = epd_name (icb->at_name);
      pco_name = epd_name (sub->ccg_name);
      break;
    default:
      icb_name = epd_name (icb->name);
      pco_name = epd_name (sub->name);
      break;
    }
  csv_field (s, region);
  g_string_append_printf (s, ",%s,", regions[icb->region].code);
  csv_field (s, icb_name);
  g_string_append_printf (s, ",%s,", layout == RX_LAYOUT_EPD_AREA_TEAM ? icb->at_code : icb->code);
  csv_field (s, pco_name);
  g_string_append_printf (s, ",%s00,", sub->code);
  csv_field (s, cc->name);
  g_string_append_printf (s, ",%s", cc->code);
  for (int a = 0; a < 4; a++)
    {
      g_string_append_c (s, ',');
      csv_field (s, cc->addr[a]);
    }
  g_string_append_printf (s, ",%s", cc->postcode);
}

/* Items a patient a month.  The small scale is for tests: a few hundred
 * rows a month in which nearly every presentation still appears, so its
 * popularity is flattened; the others keep the catalogue's figures. */
static double
scaled_rate (RxGenerateScale scale,
             double          per_1000)
{
  if (scale == RX_GENERATE_SCALE_SMALL)
    return 0.015 * pow (per_1000, 0.15) / 1000.0;
  return per_1000 / 1000.0;
}

/* Items a patient a month for each presentation in month. */
static double *
month_rates (Gen *g,
             int  month,
             guint *top)
{
  double *rates = g_new (double, g->pres->len);
  int m = month % 100;

  *top = 0;
  for (guint i = 0; i < g->pres->len; i++)
    {
      const Pres *p = &g_array_index (g->pres, Pres, i);
      double season = 1.0;

      if (p->seasonal == 1)
        season = 1.0 + 0.2 * cos (2.0 * G_PI * (m - 1) / 12.0);
      else if (p->seasonal == 2)
        season = 1.0 + 0.3 * cos (2.0 * G_PI * (m - 6) / 12.0);
      rates[i] = scaled_rate (g->opts.scale, p->per_1000) * season;
      if (rates[i] > rates[*top])
        *top = i;
    }
  return rates;
}

typedef struct
{
  guint64 items;
  guint64 quantity;
  gint64  nic;                  /* pence */
  gint64  actual;               /* 1e-5 pounds */
} Sum;

/* One EPD row: QUANTITY,ITEMS,TOTAL_QUANTITY,ADQ,NIC,ACTUAL_COST,UNIDENTIFIED. */
static inline char *
put_epd_numbers (char       *p,
                 const Pres *pres,
                 guint       qty,
                 guint       items,
                 gint64      nic,
                 gint64      actual,
                 gboolean    unidentified,
                 gboolean    snomed)
{
  guint64 total = (guint64) qty * items;

  p = put_u64 (p, qty);
  *p++ = ',';
  p = put_u64 (p, items);
  *p++ = ',';
  p = put_u64 (p, total);
  *p++ = ',';
  if (pres->adq_den == 0)
    *p++ = '0';
  else
    p = put_fixed (p, (gint64) ((total * pres->adq_num * 200000 + pres->adq_den)
                                / (2 * pres->adq_den)), 5);
  *p++ = ',';
  p = put_fixed (p, nic, 2);
  *p++ = ',';
  p = put_fixed (p, actual, 5);
  *p++ = ',';
  *p++ = unidentified ? 'Y' : 'N';
  if (snomed)
    {
      gsize n = strlen (pres->snomed);
      *p++ = ',';
      memcpy (p, pres->snomed, n);
      p += n;
    }
  *p++ = '\n';
  return p;
}

static inline char *
put_pdpi_row (char       *p,
              const char *prefix,
              gsize       prefix_len,
              const Pres *pres,
              const Sum  *sum,
              int         month)
{
  memcpy (p, prefix, prefix_len);
  p += prefix_len;
  memcpy (p, pres->pdpi_mid, pres->pdpi_mid_len);
  p += pres->pdpi_mid_len;
  p = put_u64_padded (p, sum->items, 7);
  *p++ = ',';
  p = put_fixed_padded (p, sum->nic, 2, 11);
  *p++ = ',';
  p = put_fixed_padded (p, (sum->actual + 500) / 1000, 2, 11);
  *p++ = ',';
  p = put_u64_padded (p, sum->quantity, 7);
  *p++ = ',';
  p = put_u64 (p, (guint64) month);
  *p++ = ',';
  *p++ = '\n';
  return p;
}

/* Writes a cost centre's rows for a month; returns how many. */
static guint
write_cost_centre (Gen              *g,
                   Out              *o,
                   const CostCentre *cc,
                   int               month,
                   const double     *rates,
                   guint             top,
                   const char       *prefix,
                   gsize             prefix_len)
{
  RxLayout layout = g->opts.layout;
  gboolean pdpi = layout == RX_LAYOUT_PDPI, snomed = layout == RX_LAYOUT_EPD;
  gboolean unidentified = cc->kind == CC_UNIDENTIFIED;
  const Pres *pres = (const Pres *) (gpointer) g->pres->data;
  guint n_pres = g->pres->len, rows = 0;
  double patients = list_size_in (g, cc, month) * cc->intensity;
  Rng rng;

  rng_seed (&rng, cc->key, (guint64) month);
  for (guint i = 0; i <= n_pres; i++)
    {
      const Pres *p;
      guint64 h;
      double mu, s0, rest;
      Sum sum = { 0 };
      gboolean forced = FALSE;

      if (i == n_pres)
        {
          /* The pseudo-practices always have a row, so that they are seen. */
          if (rows > 0 || (cc->kind != CC_UNKNOWN && cc->kind != CC_UNIDENTIFIED))
            break;
          forced = TRUE;
          p = &pres[top];
        }
      else
        p = &pres[i];
      h = mix64 (cc->key ^ p->key);
      mu = rates[p - pres] * patients * g->pref[h & 4095];
      s0 = p->share[0];
      rest = 1.0;
      if (p->n_q > 1)
        {
          s0 = MIN (0.95, p->share[0] * cc->habit);
          rest = (1.0 - s0) / (1.0 - p->share[0]);
        }
      for (guint v = 0; v < p->n_q; v++)
        {
          guint items = poisson (&rng, mu * (v == 0 ? s0 : p->share[v] * rest));
          guint64 total;
          gint64 nic, actual;
          char *w;

          if (forced && v == 0 && items == 0)
            items = 1;
          if (items == 0)
            continue;
          total = (guint64) p->qty[v] * items;
          nic = (gint64) floor (total * p->ppu_pence * g->price[(h >> 12) & 4095] + 0.5);
          /* Less a discount of 8 %, plus £0.05–0.15 an item in fees. */
          actual = nic * 920 + (gint64) items * (gint64) (5000 + (h >> 24) % 10000)
                   + (gint64) ((h >> 40) % 1000);
          if (pdpi)
            {
              sum.items += items;
              sum.quantity += total;
              sum.nic += nic;
              sum.actual += actual;
              continue;
            }
          w = out_reserve (o);
          memcpy (w, prefix, prefix_len);
          w += prefix_len;
          if (layout == RX_LAYOUT_EPD_AREA_TEAM)
            {
              memcpy (w, p->mid_legacy, p->mid_legacy_len);
              w += p->mid_legacy_len;
            }
          else
            {
              memcpy (w, p->mid, p->mid_len);
              w += p->mid_len;
            }
          w = put_epd_numbers (w, p, p->qty[v], items, nic, actual, unidentified, snomed);
          out_commit (o, w);
          rows++;
        }
      if (pdpi && sum.items > 0)
        {
          out_commit (o, put_pdpi_row (out_reserve (o), prefix, prefix_len, p, &sum, month));
          rows++;
        }
    }
  o->rows += rows;
  return rows;
}

static gboolean
write_prescribing (Gen         *g,
                   const char  *dir,
                   int          month,
                   GError     **error)
{
  Out o;
  g_autoptr(GString) prefix = g_string_new (NULL);
  g_autofree char *name = NULL;
  g_autofree double *rates = NULL;
  guint top;

  if (g->opts.layout == RX_LAYOUT_PDPI)
    name = g_strdup_printf ("T%06dPDPI BNFT.CSV", month);
  else
    name = g_strdup_printf ("epd_%06d.csv", month);
  if (!out_open (&o, dir, name, g->opts.gzip, error))
    return FALSE;
  out_put (&o, prescribing_headers[g->opts.layout], strlen (prescribing_headers[g->opts.layout]));
  rates = month_rates (g, month, &top);
  report (g, "writing prescribing", &o, TRUE);

  for (guint i = 0; i < g->order->len; i++)
    {
      const CostCentre *cc = cc_at (g, i);

      g->units_done++;
      if (cc->last_month < month)
        continue;
      if (check_cancelled (g, error))
        {
          out_abort (&o);
          return FALSE;
        }
      build_prefix (g, cc, month, prefix);
      g_assert (prefix->len < OUT_ROW_MAX / 2);
      g->result->prescribing_rows += write_cost_centre (g, &o, cc, month, rates, top, prefix->str,
                                                        prefix->len);
      if (o.error != NULL)
        break;
      report (g, "writing prescribing", &o, FALSE);
    }
  return out_close (&o, g->result, error);
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */

static gboolean
resolve_options (const RxGenerateOptions  *opts,
                 Gen                      *g,
                 GError                  **error)
{
  static const guint default_practices[] = { 20, 80, 6500 };
  static const int default_from[] = { 202401, 202210, 202409 };
  static const int default_to[] = { 202403, 202409, 202409 };

  if ((guint) opts->scale >= G_N_ELEMENTS (scale_names))
    {
      g_set_error (error, RX_GENERATE_ERROR, RX_GENERATE_ERROR_INVALID, "unknown scale %d",
                   (int) opts->scale);
      return FALSE;
    }
  if ((guint) opts->layout >= G_N_ELEMENTS (layout_names))
    {
      g_set_error (error, RX_GENERATE_ERROR, RX_GENERATE_ERROR_INVALID, "unknown layout %d",
                   (int) opts->layout);
      return FALSE;
    }
  if (opts->n_practices > MAX_PRACTICES)
    {
      g_set_error (error, RX_GENERATE_ERROR, RX_GENERATE_ERROR_INVALID,
                   "at most %d practices, not %u", MAX_PRACTICES, opts->n_practices);
      return FALSE;
    }
  g->opts = *opts;
  g->n_gp = opts->n_practices != 0 ? opts->n_practices : default_practices[opts->scale];
  g->from = opts->from_month;
  g->to = opts->to_month;
  if (g->from == 0 && g->to == 0)
    {
      g->from = default_from[opts->scale];
      g->to = default_to[opts->scale];
    }
  else if (g->from == 0)
    g->from = g->to;
  else if (g->to == 0)
    g->to = g->from;
  if (!month_valid (g->from) || !month_valid (g->to))
    {
      g_set_error (error, RX_GENERATE_ERROR, RX_GENERATE_ERROR_INVALID,
                   "months must be YYYYMM from 200001 to 209912, not %d..%d", g->from, g->to);
      return FALSE;
    }
  if (g->from > g->to)
    {
      g_set_error (error, RX_GENERATE_ERROR, RX_GENERATE_ERROR_INVALID,
                   "the first month %d is after the last %d", g->from, g->to);
      return FALSE;
    }
  g->n_months = month_diff (g->to, g->from) + 1;
  if (g->n_months > MAX_MONTHS)
    {
      g_set_error (error, RX_GENERATE_ERROR, RX_GENERATE_ERROR_INVALID,
                   "at most %d months, not %d", MAX_MONTHS, g->n_months);
      return FALSE;
    }
  return TRUE;
}

/**
 * rx_generate:
 * @opts: what to write (rx_generate_options_init() for the defaults)
 * @out_dir: the folder, created if needed
 * @progress: (nullable): called a few times a second from this thread
 * @cancellable: (nullable): checked between cost centres
 *
 * Writes synthetic files in the published layouts (data-formats.md):
 * one prescribing file a month (`epd_YYYYMM.csv`, or the PDPI trio),
 * `gp-reg-pat-prac-map.csv`, `epraccur.csv`, both list-size forms for
 * each month and `bnf-codes.csv`.  The same options give the same bytes.
 * A file being written when an error or cancellation (%G_IO_ERROR_CANCELLED)
 * stops the run is removed; files finished before it are kept.
 */
gboolean
rx_generate (const RxGenerateOptions  *opts,
             const char               *out_dir,
             RxProgressFunc            progress,
             gpointer                  user_data,
             GCancellable             *cancellable,
             GError                  **error)
{
  return rx_generate_full (opts, out_dir, progress, user_data, cancellable, NULL, error);
}

/**
 * rx_generate_full:
 * @result: (out) (optional): what was written
 *
 * As rx_generate(), and says how many files, rows and bytes.
 */
gboolean
rx_generate_full (const RxGenerateOptions  *opts,
                  const char               *out_dir,
                  RxProgressFunc            progress,
                  gpointer                  user_data,
                  GCancellable             *cancellable,
                  RxGenerateResult         *result,
                  GError                  **error)
{
  g_autoptr(Gen) g = g_new0 (Gen, 1);
  RxGenerateResult local = { 0 };

  g_return_val_if_fail (opts != NULL, FALSE);
  g_return_val_if_fail (out_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (result == NULL)
    result = &local;
  memset (result, 0, sizeof *result);
  if (!resolve_options (opts, g, error))
    return FALSE;
  if (g_mkdir_with_parents (out_dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", out_dir,
                   g_strerror (saved));
      return FALSE;
    }

  g->strings = g_string_chunk_new (64 * 1024);
  g->names_used = g_hash_table_new (g_str_hash, g_str_equal);
  g->codes_used = g_hash_table_new (g_str_hash, g_str_equal);
  g->icbs = g_array_new (FALSE, TRUE, sizeof (Icb));
  g->subs = g_array_new (FALSE, TRUE, sizeof (SubIcb));
  g->pcns = g_array_new (FALSE, TRUE, sizeof (Pcn));
  g->ccs = g_array_new (FALSE, TRUE, sizeof (CostCentre));
  g->order = g_array_new (FALSE, FALSE, sizeof (guint));
  g->pres = g_array_new (FALSE, TRUE, sizeof (Pres));
  g->levels = g_hash_table_new (g_str_hash, g_str_equal);
  g->chem_names = g_hash_table_new (g_str_hash, g_str_equal);
  g->progress = progress;
  g->progress_data = user_data;
  g->cancellable = cancellable;
  g->result = result;
  g->started = g_get_monotonic_time ();
  rng_seed (&g->rng, opts->seed, 0x0A65);
  result->n_months = (guint) g->n_months;
  if (check_cancelled (g, error))
    return FALSE;

  build_orgs (g);
  build_catalogue (g);
  build_order (g);
  g->units_total = (guint64) g->n_months * g->order->len;
  report (g, "starting", NULL, TRUE);

  if (check_cancelled (g, error) ||
      !write_bnf_codes (g, out_dir, error) ||
      !write_epraccur (g, out_dir, error) ||
      !write_org_map (g, out_dir, error))
    return FALSE;
  for (int m = 0; m < g->n_months; m++)
    {
      int month = month_add (g->from, m);

      if (check_cancelled (g, error) ||
          !write_list_sizes (g, out_dir, month, error))
        return FALSE;
      if (g->opts.layout == RX_LAYOUT_PDPI &&
          (!write_pdpi_addr (g, out_dir, month, error) ||
           !write_pdpi_chem (g, out_dir, month, error)))
        return FALSE;
      if (!write_prescribing (g, out_dir, month, error))
        return FALSE;
    }
  report (g, "done", NULL, TRUE);
  return TRUE;
}

/* reel batch SCENE ROWS.csv|ROWS.json -o 'out/{{id}}.mp4': renders one video
 * per data row, each row's values overriding the template's props.
 *
 * Rows render a few at a time (share_cores), each video's bytes independent
 * of the scheduling; messages are still reported in row order. Every output is written beside its name and renamed when complete, so
 * an existing output is a finished one: a rerun skips it (--force redoes it).
 * A bad row is reported and skipped; the others still render. Exit code: 0
 * when every row succeeded, 2 when a row had bad input, else 1. */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/batch.h"
#include "cli/progress.h"
#include "cli/props_args.h"
#include "media/heap_fill.h"
#include "reel.h"
#include "util/csv.h"
#include "util/files.h"
#include "util/json.h"
#include "util/json_write.h"
#include "util/numparse.h"

#define DATA_FILE_LIMIT (256u * 1024 * 1024)

static const char *usage_batch =
    "usage: reel batch SCENE ROWS.csv|ROWS.json -o PATTERN [options]\n"
    "\n"
    "Renders one video per row. A CSV's header names props (values typed by the\n"
    "declarations; an empty cell keeps the default); a JSON file is an array of\n"
    "objects of prop values. PATTERN names each output from the row, e.g.\n"
    "'out/{{id}}.mp4' ({{row}} is the row number). Existing outputs are skipped.\n"
    "\n"
    "  -o, --output PATTERN   output path with {{column}} placeholders\n"
    "  --force                render rows whose output already exists again\n"
    "  --frames A-B           render frames A to B only\n"
    "  --scale F              draft at F times the scene size\n"
    "  --jobs N               rows rendered at once (default: 2, or a third of the\n"
    "                         cores when that is more); each holds its own encoder\n"
    "  --crf N, --preset NAME, --threads N, --asset-root DIR   as for render\n"
    "  --props FILE.json, --set KEY=VALUE   values for every row (rows override them)\n"
    "  -q, --quiet            no progress and no summary; errors only\n";

typedef struct row {
    int line;                   /* CSV line, 0 for JSON */
    char *out;                  /* output path; NULL when the name itself is bad */
    char name_error[300];
    const char **sets;          /* CSV: "column=value" for the non-empty cells */
    char **set_store;
    size_t set_count;
    char *props_json;           /* JSON: the row object as text */
} row;

typedef struct batch {
    const char *data_path;
    bool csv;
    csv_table table;
    json_value *json;
    row *rows;
    size_t count;
} batch;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "reel: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage_batch);
    return 2;
}

/* The text of field name in row i, or NULL when the row has no such field. */
static const char *field_text(batch *b, size_t i, const char *name, size_t len, char *buf, size_t size)
{
    if (len == 3 && memcmp(name, "row", 3) == 0) {
        snprintf(buf, size, "%zu", i + 1);
        return buf;
    }
    if (b->csv) {
        for (size_t c = 0; c < b->table.cols; c++)
            if (strlen(b->table.header[c]) == len && memcmp(b->table.header[c], name, len) == 0)
                return csv_cell(&b->table, i, c);
        return NULL;
    }
    const json_value *obj = b->json->u.array.items[i];
    for (size_t m = 0; m < obj->u.object.count; m++) {
        const json_member *mb = &obj->u.object.members[m];
        if (mb->key_len != len || memcmp(mb->key, name, len) != 0)
            continue;
        if (mb->value->type == JSON_STRING)
            return mb->value->u.string.str;
        if (mb->value->type == JSON_NUMBER) {
            num_format(buf, size, mb->value->u.number);
            return buf;
        }
        if (mb->value->type == JSON_BOOL)
            return mb->value->u.boolean ? "true" : "false";
        return NULL;
    }
    return NULL;
}

/* Fills the row's output name from the pattern. Returns -1 for a pattern
 * error (the same for every row: reported once, before rendering). */
static int name_output(batch *b, size_t i, const char *pattern, char *err, size_t errsize)
{
    text_buf out = {0};
    row *r = &b->rows[i];
    const char *p = pattern;
    for (;;) {
        const char *open = strstr(p, "{{");
        if (!open) {
            tb_puts(&out, p);
            break;
        }
        tb_append(&out, p, (size_t)(open - p));
        const char *close = strstr(open + 2, "}}");
        if (!close) {
            snprintf(err, errsize, "-o: \"{{\" without a closing \"}}\" in \"%.200s\"", pattern);
            tb_free(&out);
            return -1;
        }
        const char *name = open + 2;
        size_t len = (size_t)(close - name);
        char buf[64];
        const char *v = field_text(b, i, name, len, buf, sizeof buf);
        if (!v) {
            bool known = b->csv ? false : true;
            for (size_t c = 0; b->csv && c < b->table.cols; c++)
                known |= strlen(b->table.header[c]) == len && memcmp(b->table.header[c], name, len) == 0;
            if (!known) {
                snprintf(err, errsize, "-o: {{%.*s}} is not a column of %s (nor {{row}})", (int)(len > 80 ? 80 : len),
                         name, b->data_path);
                tb_free(&out);
                return -1;
            }
            snprintf(r->name_error, sizeof r->name_error, "field \"%.*s\" for the output name is missing or "
                     "not a text, number or boolean", (int)(len > 80 ? 80 : len), name);
        } else if (!v[0] || strchr(v, '/') || strcmp(v, ".") == 0 || strcmp(v, "..") == 0) {
            snprintf(r->name_error, sizeof r->name_error, "field \"%.*s\" = \"%.80s\" cannot be part of a file "
                     "name (empty, \".\", \"..\" or containing '/')", (int)(len > 80 ? 80 : len), name, v);
        } else {
            tb_puts(&out, v);
        }
        p = close + 2;
    }
    if (out.failed) {
        snprintf(err, errsize, "out of memory");
        return -1;
    }
    if (r->name_error[0])
        tb_free(&out);
    else
        r->out = out.data;
    return 0;
}

static int read_rows(batch *b, char *err, size_t errsize)
{
    char *text;
    size_t len;
    if (file_read_all(b->data_path, DATA_FILE_LIMIT, &text, &len, err, errsize) != 0)
        return -1;
    int rc = 0;
    if (b->csv) {
        char cerr[400];
        if (csv_parse(text, len, &b->table, cerr, sizeof cerr) != 0) {
            snprintf(err, errsize, "%s: %s", b->data_path, cerr);
            rc = -1;
        }
        b->count = b->table.rows;
    } else {
        json_error jerr;
        if (!(b->json = json_parse(text, len, &jerr))) {
            snprintf(err, errsize, "%s:%d:%d: %s", b->data_path, jerr.line, jerr.column, jerr.message);
            rc = -1;
        } else if (b->json->type != JSON_ARRAY) {
            snprintf(err, errsize, "%s: expected an array of row objects such as [{\"title\": \"A\"}]", b->data_path);
            rc = -1;
        } else {
            b->count = b->json->u.array.count;
        }
    }
    free(text);
    if (rc == 0 && b->count == 0) {
        snprintf(err, errsize, "%s: no rows", b->data_path);
        rc = -1;
    }
    if (rc == 0 && !(b->rows = calloc(b->count, sizeof *b->rows))) {
        snprintf(err, errsize, "out of memory");
        rc = -1;
    }
    return rc;
}

/* The props of row i for the loader. A JSON row that is not an object is
 * reported as that row's bad input. */
static int prepare_row(batch *b, size_t i)
{
    row *r = &b->rows[i];
    if (b->csv) {
        r->line = b->table.row_lines[i];
        r->sets = calloc(b->table.cols + 1, sizeof *r->sets);
        r->set_store = calloc(b->table.cols + 1, sizeof *r->set_store);
        if (!r->sets || !r->set_store)
            return -1;
        for (size_t c = 0; c < b->table.cols; c++) {
            const char *cell = csv_cell(&b->table, i, c);
            if (!cell[0])
                continue;       /* an empty cell keeps the declared default */
            size_t n = strlen(b->table.header[c]) + strlen(cell) + 2;
            char *s = malloc(n);
            if (!s)
                return -1;
            snprintf(s, n, "%s=%s", b->table.header[c], cell);
            r->set_store[r->set_count] = s;
            r->sets[r->set_count++] = s;
        }
        return 0;
    }
    const json_value *obj = b->json->u.array.items[i];
    if (obj->type != JSON_OBJECT) {
        snprintf(r->name_error, sizeof r->name_error, "expected an object of prop values");
        return 0;
    }
    text_buf t = {0};
    json_write(&t, obj);
    if (t.failed)
        return -1;
    r->props_json = t.data;
    return 0;
}

static void free_batch(batch *b)
{
    for (size_t i = 0; b->rows && i < b->count; i++) {
        row *r = &b->rows[i];
        for (size_t k = 0; k < r->set_count; k++)
            free(r->set_store[k]);
        free(r->set_store);
        free(r->sets);
        free(r->props_json);
        free(r->out);
    }
    free(b->rows);
    csv_free(&b->table);
    json_free(b->json);
}

static void row_label(const batch *b, size_t i, char *buf, size_t size)
{
    if (b->csv)
        snprintf(buf, size, "row %zu (%s line %d)", i + 1, b->data_path, b->rows[i].line);
    else
        snprintf(buf, size, "row %zu (%s /%zu)", i + 1, b->data_path, i);
}

/* Creates the directories above path (mkdir -p of its dirname). */
static int make_parent_dirs(const char *path)
{
    char *dir = path_dirname(path);
    if (!dir)
        return -1;
    int rc = 0;
    for (char *p = dir + 1; rc == 0; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;
            *p = '\0';
            if (mkdir(dir, 0777) != 0 && errno != EEXIST)
                rc = -1;
            *p = saved;
            if (!saved)
                break;
        }
    }
    free(dir);
    return rc;
}

typedef struct batch_opts {
    const char *scene_path, *pattern;
    bool force, quiet;
    int jobs;                   /* rows rendered at once */
    reel_render_options render;
    reel_load_options load;
} batch_opts;

/* What became of a row, kept until every row before it is reported, so
 * messages come in row order however many rows render at once. */
typedef enum row_state { ROW_PENDING, ROW_RENDERED, ROW_SKIPPED, ROW_BAD, ROW_FAILED, ROW_CANCELED } row_state;

typedef struct row_outcome {
    row_state state;
    double seconds;
    char message[2700];         /* for stderr, without "\n"; may be empty */
} row_outcome;

typedef struct batch_run {
    batch *b;
    const batch_opts *o;
    const char *scene_text, *base_dir;
    size_t scene_len;
    row_outcome *outcomes;
    pthread_mutex_t lock;       /* guards everything below */
    size_t next;                /* the next row to take */
    size_t reported;            /* rows [0, reported) are reported */
    bool canceled;
    size_t rendered, skipped, bad, failed, done, todo;
    bool tty;
    double last_progress;
} batch_run;

/* One thread taking rows; the progress callback's user data. */
typedef struct row_worker_ctx {
    batch_run *run;
    size_t row;                 /* the row it renders now */
} row_worker_ctx;

static int on_progress(void *user, int64_t done, int64_t total)
{
    row_worker_ctx *w = user;
    batch_run *run = w->run;
    if (progress_interrupted)
        return 1;
    if (run->o->quiet || !run->tty)
        return 0;
    pthread_mutex_lock(&run->lock);
    double t = now();
    if (t - run->last_progress >= 0.1) {
        run->last_progress = t;
        double frac = total > 0 ? (double)done / (double)total : 1;
        fprintf(stderr, "\rbatch: %zu/%zu rows done; row %zu at %3d%%  ", run->done, run->todo, w->row + 1,
                (int)(100 * frac));
    }
    pthread_mutex_unlock(&run->lock);
    return 0;
}

/* A CSV value's error comes back as "--set COLUMN: reason"; say it as
 * "rows.csv line 4, column "COLUMN": reason". */
static void row_error_text(const batch *b, size_t i, const reel_diag *d, char *out, size_t size)
{
    char label[600], line[2048];
    row_label(b, i, label, sizeof label);
    const char *msg = d->message;
    if (b->csv && strncmp(msg, "--set ", 6) == 0 && !d->pointer[0]) {
        const char *colon = strstr(msg + 6, ": ");
        const row *r = &b->rows[i];
        for (size_t k = 0; colon && k < r->set_count; k++) {
            size_t klen = (size_t)(colon - msg - 6);
            if (strncmp(r->sets[k], msg + 6, klen) == 0 && r->sets[k][klen] == '=') {
                snprintf(out, size, "reel: row %zu: %s line %d, column \"%.*s\": %s", i + 1, b->data_path, r->line,
                         (int)klen, msg + 6, colon + 2);
                return;
            }
        }
    }
    snprintf(out, size, "reel: %s: %s", label, reel_diag_format(d, line, sizeof line));
}

/* Loads the template with row i's values and renders it; says how it went
 * in *oc, prints nothing. */
static void render_row(batch_run *run, size_t i, void *progress_user, row_outcome *oc)
{
    batch *b = run->b;
    const batch_opts *o = run->o;
    row *r = &b->rows[i];
    char label[600];
    row_label(b, i, label, sizeof label);
    oc->message[0] = '\0';
    if (!r->out) {
        snprintf(oc->message, sizeof oc->message, "reel: %s: %s", label, r->name_error);
        oc->state = ROW_BAD;
        return;
    }
    if (!o->force && access(r->out, F_OK) == 0) {
        oc->state = ROW_SKIPPED;
        return;
    }
    reel_load_options lo = o->load;
    const char *sets[lo.set_count + r->set_count + 1];
    for (size_t k = 0; k < lo.set_count; k++)
        sets[k] = lo.sets[k];
    for (size_t k = 0; k < r->set_count; k++)
        sets[lo.set_count + k] = r->sets[k];
    lo.sets = sets;
    lo.set_count += r->set_count;
    if (r->props_json) {
        /* A JSON row replaces --props (its own values win); --set still applies after it. */
        lo.props_json = r->props_json;
        lo.props_json_len = strlen(r->props_json);
        lo.props_name = label;
    }
    reel_scene *scene;
    reel_diag d;
    double t0 = now();
    int rc = reel_scene_load_memory_ex(&scene, run->scene_text, run->scene_len, o->scene_path, run->base_dir, &lo,
                                       &d);
    if (rc == 0 && make_parent_dirs(r->out) != 0) {
        snprintf(oc->message, sizeof oc->message, "reel: %s: cannot create the directory for %s: %s", label, r->out,
                 strerror(errno));
        reel_scene_free(&scene);
        oc->state = ROW_FAILED;
        return;
    }
    if (rc == 0) {
        reel_render_options ro = o->render;
        ro.progress = on_progress;
        ro.progress_user = progress_user;
        rc = reel_render(scene, r->out, &ro, &d);
        reel_scene_free(&scene);
    }
    oc->seconds = now() - t0;
    if (rc == REEL_ECANCELED) {
        oc->state = ROW_CANCELED;
    } else if (rc == REEL_EINPUT) {
        row_error_text(b, i, &d, oc->message, sizeof oc->message);
        oc->state = ROW_BAD;
    } else if (rc) {
        char line[2048];
        snprintf(oc->message, sizeof oc->message, "reel: %s: %s", label, reel_diag_format(&d, line, sizeof line));
        oc->state = ROW_FAILED;
    } else {
        oc->state = ROW_RENDERED;
    }
}

/* Reports the finished rows that no unfinished row precedes. Under the lock. */
static void report_in_order(batch_run *run)
{
    while (run->reported < run->b->count && run->outcomes[run->reported].state != ROW_PENDING) {
        const row_outcome *oc = &run->outcomes[run->reported];
        const row *r = &run->b->rows[run->reported];
        run->reported++;
        if (oc->state != ROW_SKIPPED && r->out)
            run->done++;
        if (run->tty && !run->o->quiet && oc->state != ROW_SKIPPED)
            fprintf(stderr, "\r%60s\r", "");
        if (oc->message[0])
            fprintf(stderr, "%s\n", oc->message);
        switch (oc->state) {
        case ROW_RENDERED:
            run->rendered++;
            if (!run->o->quiet && !run->tty)
                fprintf(stderr, "batch: %zu/%zu %s done (%.1f s)\n", run->done, run->todo, r->out, oc->seconds);
            break;
        case ROW_SKIPPED: run->skipped++; break;
        case ROW_BAD: run->bad++; break;
        case ROW_FAILED: run->failed++; break;
        case ROW_CANCELED: run->failed++; break;
        case ROW_PENDING: break;
        }
    }
}

/* Takes rows one at a time until none is left or the run is canceled. */
static void *row_worker(void *arg)
{
    row_worker_ctx w = {arg, 0};
    batch_run *run = w.run;
    for (;;) {
        pthread_mutex_lock(&run->lock);
        bool stop = run->canceled || run->next >= run->b->count;
        w.row = run->next++;
        pthread_mutex_unlock(&run->lock);
        if (stop)
            return NULL;
        row_outcome oc = {.state = ROW_PENDING};
        render_row(run, w.row, &w, &oc);
        pthread_mutex_lock(&run->lock);
        run->outcomes[w.row] = oc;
        if (oc.state == ROW_CANCELED)
            run->canceled = true;
        report_in_order(run);
        pthread_mutex_unlock(&run->lock);
    }
}

static int run_rows(batch *b, const batch_opts *o, const char *scene_text, size_t scene_len, const char *base_dir)
{
    batch_run run = {.b = b, .o = o, .scene_text = scene_text, .scene_len = scene_len, .base_dir = base_dir,
                     .tty = isatty(STDERR_FILENO)};
    for (size_t i = 0; i < b->count; i++)
        run.todo += b->rows[i].out && (o->force || access(b->rows[i].out, F_OK) != 0);
    if (!(run.outcomes = calloc(b->count, sizeof *run.outcomes))) {
        fprintf(stderr, "reel: out of memory\n");
        return 1;
    }
    pthread_mutex_init(&run.lock, NULL);
    size_t jobs = (size_t)o->jobs < b->count ? (size_t)o->jobs : b->count;
    pthread_t workers[64];
    size_t started = 0;
    for (; started + 1 < jobs; started++)
        if (pthread_create(&workers[started], NULL, row_worker, &run) != 0)
            break;
    row_worker(&run);
    for (size_t k = 0; k < started; k++)
        pthread_join(workers[k], NULL);
    pthread_mutex_destroy(&run.lock);
    /* Rows never taken after a cancel are neither rendered nor reported. */
    if (run.canceled)
        fprintf(stderr, "reel: interrupted; unfinished rows left no output\n");
    if (!o->quiet)
        fprintf(stderr, "batch: %zu rows: %zu rendered, %zu skipped (output exists), %zu bad input, %zu failed\n",
                b->count, run.rendered, run.skipped, run.bad, run.failed);
    free(run.outcomes);
    return run.bad ? 2 : run.failed ? 1 : 0;
}

static bool parse_number(const char *s, double lo, double hi, double *out)
{
    return num_parse(s, strlen(s), false, out) && *out >= lo && *out <= hi;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Rows at once and cores per row. A short video keeps only part of the
 * machine busy (its encoder fills and drains its lookahead, and a fresh
 * encoder maps its memory), so rows overlap: two at once, or one per three
 * cores (x264's three threads) on larger machines. Each row then renders on
 * its share of the cores. Neither changes any video's bytes. */
static void share_cores(batch_opts *o)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    int cores = n > 0 ? (int)(n < 1024 ? n : 1024) : 1;
    if (o->jobs == 0)
        o->jobs = cores < 2 ? 1 : cores / 3 > 2 ? (cores / 3 < 64 ? cores / 3 : 64) : 2;
    if (o->render.threads == 0 && o->jobs > 1)
        o->render.threads = cores / o->jobs > 1 ? cores / o->jobs : 1;
}

int cmd_batch(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_batch, stdout);
            return 0;
        }
    /* A batch opens an encoder per video: giving x264's large buffers whole
     * huge pages spares most of each encoder's page faults. */
    heap_fill_whole_huge_pages();
    batch_opts o = {0};
    reel_render_options_default(&o.render);
    const char *set_list[argc > 0 ? argc : 1];
    props_args pa = {.sets = set_list};
    const char *positional[2] = {NULL, NULL};
    for (int i = 0; i < argc; i++) {
        int taken = props_args_take(&pa, argc, argv, &i);
        if (taken < 0)
            return usage_error("%s needs a value", argv[i]);
        if (taken)
            continue;
        const char *a = argv[i];
        bool valued = !strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "--frames") || !strcmp(a, "--scale") ||
                      !strcmp(a, "--crf") || !strcmp(a, "--preset") || !strcmp(a, "--threads") ||
                      !strcmp(a, "--asset-root") || !strcmp(a, "--jobs");
        if (valued && i + 1 >= argc)
            return usage_error("%s needs a value", a);
        const char *v = valued ? argv[++i] : NULL;
        double x;
        if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            o.pattern = v;
        } else if (!strcmp(a, "--frames")) {
            const char *dash = strchr(v, '-');
            double f0, f1;
            if (!dash || dash == v || !num_parse(v, (size_t)(dash - v), false, &f0) ||
                !parse_number(dash + 1, 0, 1e12, &f1) || f0 != (double)(int64_t)f0 || f1 != (double)(int64_t)f1 ||
                f0 < 0 || f0 > f1)
                return usage_error("--frames expects A-B (frame numbers, A <= B), got \"%s\"", v);
            o.render.first_frame = (int64_t)f0;
            o.render.last_frame = (int64_t)f1;
        } else if (!strcmp(a, "--scale")) {
            if (!parse_number(v, 0.01, 8, &x))
                return usage_error("--scale expects a number from 0.01 to 8, got \"%s\"", v);
            o.render.scale = x;
        } else if (!strcmp(a, "--crf")) {
            if (!parse_number(v, 0, 51, &x) || x != (int)x)
                return usage_error("--crf expects a whole number from 0 to 51, got \"%s\"", v);
            o.render.crf = (int)x;
        } else if (!strcmp(a, "--threads")) {
            if (!parse_number(v, 1, 256, &x) || x != (int)x)
                return usage_error("--threads expects a whole number from 1 to 256, got \"%s\"", v);
            o.render.threads = (int)x;
        } else if (!strcmp(a, "--jobs")) {
            if (!parse_number(v, 1, 64, &x) || x != (int)x)
                return usage_error("--jobs expects a whole number from 1 to 64, got \"%s\"", v);
            o.jobs = (int)x;
        } else if (!strcmp(a, "--preset")) {
            o.render.preset = v;
        } else if (!strcmp(a, "--asset-root")) {
            o.load.asset_root = v;
        } else if (!strcmp(a, "--force")) {
            o.force = true;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o.quiet = true;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option %s", a);
        } else if (!positional[0] || !positional[1]) {
            positional[positional[0] ? 1 : 0] = a;
        } else {
            return usage_error("unexpected argument %s", a);
        }
    }
    if (!positional[0] || !positional[1])
        return usage_error("%s", positional[0] ? "missing ROWS (a .csv or .json file)" : "missing SCENE and ROWS");
    if (!o.pattern || !o.pattern[0])
        return usage_error("%s", "missing -o PATTERN such as 'out/{{id}}.mp4'");
    o.scene_path = positional[0];
    share_cores(&o);
    batch b = {.data_path = positional[1]};
    if (has_suffix(b.data_path, ".csv"))
        b.csv = true;
    else if (!has_suffix(b.data_path, ".json"))
        return usage_error("ROWS must be a .csv or .json file, got \"%s\"", b.data_path);

    char err[1200];
    char *scene_text = NULL, *base_dir = NULL;
    size_t scene_len = 0;
    int code = 2;
    if (file_read_all(o.scene_path, 64u * 1024 * 1024, &scene_text, &scene_len, err, sizeof err) != 0 ||
        read_rows(&b, err, sizeof err) != 0) {
        fprintf(stderr, "reel: %s\n", err);
        goto done;
    }
    for (size_t i = 0; i < b.count; i++) {
        if (prepare_row(&b, i) != 0) {
            fprintf(stderr, "reel: out of memory\n");
            code = 1;
            goto done;
        }
        if (!b.rows[i].name_error[0] && name_output(&b, i, o.pattern, err, sizeof err) != 0) {
            fprintf(stderr, "reel: %s\n", err);
            goto done;
        }
    }
    /* Two rows writing one file would silently lose one: refuse up front. */
    for (size_t i = 0; i < b.count; i++)
        for (size_t j = i + 1; b.rows[i].out && j < b.count; j++)
            if (b.rows[j].out && strcmp(b.rows[i].out, b.rows[j].out) == 0) {
                fprintf(stderr, "reel: rows %zu and %zu both write %s; make -o tell them apart (e.g. {{row}})\n",
                        i + 1, j + 1, b.rows[i].out);
                goto done;
            }
    if (props_args_load(&pa, &o.load) != 0)
        goto done;
    if (!(base_dir = path_dirname(o.scene_path))) {
        code = 1;
        goto done;
    }
    code = run_rows(&b, &o, scene_text, scene_len, base_dir);
done:
    props_args_free(&pa);
    free(base_dir);
    free(scene_text);
    free_batch(&b);
    return code;
}

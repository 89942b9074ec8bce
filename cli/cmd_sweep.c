/* cmd_sweep.c — `effcomp sweep SCENARIO.ini --vary ID.KEY=VALUES ... --record
 * ID.OUTPUT,...`: a grid of scenario keys run in process (params/ec_sweep.c),
 * one tidy CSV row per cell. Here: the command line, SLURM array defaults for
 * --shard, the CSV and exit statuses. */
#include <errno.h>
#include <math.h>
#include <nettle/sha2.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_gnuplot.h"
#include "cli_mpi.h"
#include "cli_util.h"
#include "commands.h"
#include "ec_csv.h"
#include "ec_scenario.h"
#include "ec_sweep.h"
#include "ec_sweep_plot.h"
#include "ec_text.h"
#include "ec_version.h"

void cmd_sweep_usage(FILE *out)
{
    fputs("usage: effcomp sweep SCENARIO.ini (--vary ID.KEY=VALUES ... | --design sobol|morris --samples N --param ID.KEY=DIST ...)\n"
          "                     --record ID.OUTPUT[,...]\n"
          "                     [--set ID.KEY=VALUE] [-o FILE.csv] [--resume] [--threads N] [--shard I/N] [--same-seed] [-q]\n"
          "\n"
          "Runs a scenario once per cell of a grid, in this process: the cartesian product of the\n"
          "--vary axes (the first varies slowest), each cell the whole scenario with those values\n"
          "set as `effcomp run --set ID.KEY=VALUE` would set them, its own copy on an OpenMP thread.\n"
          "Records the named outputs of its steps (ID.OUTPUT: e.g. project.loss, project.row.2.dloss,\n"
          "simulate.crossing.0.q50, simulate.p_by.0.2028, optimal.N; each step's --help lists its\n"
          "outputs) in one CSV row per cell: cell, the varied values, the records, status. A cell\n"
          "that fails records its error in status and the sweep goes on. A step no varied key reaches\n"
          "(and no input from one that is) runs once and every cell shares its result. Plot steps are\n"
          "not run.\n"
          "Values: ID.KEY=v1,v2,v3 (';' between values that hold commas), or ID.KEY=START:STOP:COUNT\n"
          "(evenly spaced) or START:STOP:COUNT:log (evenly in log10). Before any cell runs the\n"
          "first cell's scenario is checked (an unknown key or a refused value: exit 2).\n"
          "Random streams: each step's seed mixed with the cell id (splitmix64), so a cell's numbers\n"
          "depend only on the scenario, its values and its id: the CSV is the same for any --threads\n"
          "and any --shard split (the shards' rows, concatenated in order, are the whole CSV's).\n"
          "--same-seed keeps every step's seed in every cell (common random numbers, for paired\n"
          "comparisons of cells). See docs/sweep.md.\n"
          "A [sweep] section of the scenario gives these options without their dashes (vary, record,\n"
          "set, param one item per line; design, samples, levels, second_order, baseline, same_seed;\n"
          "a design file relative to the scenario); on the command line, --vary or --design replace all\n"
          "it varies, any other option its own key (--record its records, --samples its samples...), and\n"
          "--set come after the section's. With a [sweep] section the scenario alone is a whole sweep.\n"
          "Progress (done/total, rate, elapsed, ETA) on stderr when it is a terminal, unless -q.\n"
          "Under mpirun (a build with Open MPI: cmake -DEFFCOMP_MPI=ON) the ranks split the cells and\n"
          "rank 0 writes the same CSV; see docs/scale-out.md.\n"
          "\nOptions:\n",
          out);
    fputs("  --vary ID.KEY=VALUES  an axis of the grid (repeatable)\n"
          "  --record LIST        named outputs ID.OUTPUT to record, ',' between them (repeatable)\n"
          "  --set ID.KEY=VALUE   set a key in every cell, as 'effcomp run --set' (repeatable)\n"
          "  -o, --output FILE    write the CSV here (atomically); else to stdout, or to shard-I-of-N.csv\n"
          "                       for a shard (merge them with 'effcomp merge shard-*.csv -o all.csv')\n"
          "  --threads N          cells in parallel (0 = OpenMP default; results do not change) [0]\n"
          "  --shard I/N          run only shard I (from 0) of N: contiguous blocks of cells; default\n"
          "                       from a SLURM job array (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN of\n"
          "                       SLURM_ARRAY_TASK_COUNT), else 0/1\n"
          "  --same-seed          the same random streams in every cell\n"
          "  --resume             go on from FILE.partial, the journal an interrupted sweep left beside its output\n"
          "                       (every finished cell, saved as it finished): only the cells not in it run, and\n"
          "                       the CSV is the one an uninterrupted sweep writes. Without --resume an existing\n"
          "                       journal is refused (exit 2) rather than overwritten; it is removed once the CSV\n"
          "                       is written\n"
          "  --baseline CELL      also each record minus that cell's (columns d.RECORD): with --same-seed, paired\n"
          "                       differences over the same random streams\n"
          "  --design sobol       instead of --vary: Saltelli's design for Sobol' indices (effcomp analyze sobol)\n"
          "  --samples N          its base points (N (D+2) cells, N (2D+2) with --second-order; N a power of 2)\n"
          "  --param ID.KEY=DIST  an input of the design and its distribution, e.g. project.efficiency=loguniform(1, 10)\n"
          "                       (repeatable; the syntax of 'effcomp simulate --help')\n"
          "  --second-order       also the BA rows, for second-order indices\n"
          "  --design morris      Morris's trajectories instead (--samples R trajectories of D+1 cells; bounded\n"
          "                       distributions), for 'effcomp analyze morris'\n"
          "  --levels L           the Morris grid's levels (even) [4]\n"
          "  --design random|lhs  N independent samples, or a Latin hypercube (one per stratum of each input)\n"
          "  --design FILE.csv    the cells of a design file, written by hand or by another tool: a header 'cell'\n"
          "                       then a column per input named ID.KEY, a row per cell (ids 0 to n-1, each once,\n"
          "                       in any order), each value as --set takes it; no --vary, --param,\n"
          "                       --samples, --levels or --second-order beside it\n"
          "  --plot FILE.png      also draw the sweep (.png, .svg, .pdf): over one key the first record (or\n"
          "                       --plot-record's) against it, with its band when its _lo95 and _hi95 are recorded\n"
          "                       too, and with --baseline a panel of the paired difference and its interval; over\n"
          "                       two keys a heatmap. Not for designs or shards\n"
          "  --plot-record REC    which record to draw [the first]\n"
          "  -q, --quiet          no notes on stderr\n"
          "\nExample (the seed story: the 10T row's loss against tokens per parameter and efficiency):\n"
          "  effcomp sweep params/examples/muse-spark.ini --vary 'project.policies=tokens-per-param=10;tokens-per-param=20;tokens-per-param=40' \\\n"
          "    --vary 'project.efficiency=1,3,10' --record project.row.2.loss,project.row.2.compute -o sweep.csv\n",
          out);
}

/* "I/N" with I < N. */
static int parse_shard(const char *s, size_t *i, size_t *n)
{
    char *end;
    errno = 0;
    unsigned long long a = strtoull(s, &end, 10);
    if (end == s || *end != '/' || errno) return -1;
    const char *t = end + 1;
    unsigned long long b = strtoull(t, &end, 10);
    if (end == t || *end || errno || b < 1 || a >= b || b > 1000000000ULL) return -1;
    *i = (size_t)a;
    *n = (size_t)b;
    return 0;
}

/* The shard from a SLURM job array, when the process is one of its tasks: 1 (set), 0 (not an array), -1 (bad). */
static int slurm_shard(size_t *i, size_t *n)
{
    const char *id = getenv("SLURM_ARRAY_TASK_ID"), *mn = getenv("SLURM_ARRAY_TASK_MIN"),
               *cnt = getenv("SLURM_ARRAY_TASK_COUNT");
    if (!id || !cnt) return 0;
    char *e1, *e2, *e3 = NULL;
    long long a = strtoll(id, &e1, 10), c = strtoll(cnt, &e2, 10), m = mn ? strtoll(mn, &e3, 10) : 0;
    if (*e1 || *e2 || (mn && *e3) || c < 1 || a - m < 0 || a - m >= c) return -1;
    *i = (size_t)(a - m);
    *n = (size_t)c;
    return 1;
}

/* The CSV being written: growing text, and whether it ever failed to grow (then it is refused whole, never
 * written cut short). */
typedef struct csv_buf {
    char *s;
    size_t len, cap;
    int failed;
} csv_buf;

/* Room for `extra` more bytes and a NUL; 0, or -1 (out of memory: failed, from then on). */
static int csv_reserve(csv_buf *b, size_t extra)
{
    if (b->failed) return -1;
    if (b->len + extra + 1 <= b->cap) return 0;
    size_t nc = b->cap ? b->cap : 4096;
    while (nc < b->len + extra + 1) nc *= 2;
    char *ns = realloc(b->s, nc);
    if (!ns) {
        b->failed = 1;
        return -1;
    }
    b->s = ns;
    b->cap = nc;
    return 0;
}

/* A CSV field: quoted when it holds a comma, a quote or a line break (written as a space). */
static void csv_field(csv_buf *b, const char *s)
{
    if (csv_reserve(b, 2 * strlen(s) + 2)) return;
    int q = strpbrk(s, ",\"\n\r") != NULL;
    char *w = b->s + b->len;
    if (q) *w++ = '"';
    for (const char *c = s; *c; c++) {
        if (*c == '"') *w++ = '"';
        *w++ = *c == '\n' || *c == '\r' ? ' ' : *c;
    }
    if (q) *w++ = '"';
    *w = '\0';
    b->len = (size_t)(w - b->s);
}

static void csv_text(csv_buf *b, const char *s)
{
    size_t n = strlen(s);
    if (csv_reserve(b, n)) return;
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
}

/* text to `output` atomically (its old content kept on failure), or to stdout; an exit status. */
static int write_text(const char *output, const char *text, const char *cmd)
{
    if (!output) {
        if (fputs(text, stdout) == EOF || fflush(stdout) != 0) {
            cli_error("%s: cannot write to stdout: %s", cmd, strerror(errno));
            return EXIT_FAILURE_RUN;
        }
        return EXIT_OK;
    }
    cli_outfile of;
    if (cli_out_open(&of, output) != 0) return EXIT_FAILURE_RUN;
    if (cli_out_write(&of, text) != 0 || cli_out_commit(&of) != 0) {
        cli_out_abort(&of);
        return EXIT_FAILURE_RUN;
    }
    return EXIT_OK;
}

/* ------------------------------------------------------------------ the journal (--resume) */

/* What a sweep's cells depend on, as a SHA-256: effcomp's version, the scenario's bytes, every axis and its values,
 * the records, the --set options, the seed rule, the design and the shard. A journal saved under another digest is
 * another sweep's. */
static void sweep_digest(const char *scenario_sha, const ec_sweep_axis *axes, size_t n_axes, char *const *recs,
                         size_t n_rec, const char *const *sets, size_t n_sets, int same_seed, const char *design,
                         size_t shard, size_t n_shards, long long baseline, char hex[65])
{
    struct sha256_ctx h;
    sha256_init(&h);
#define PUT(str) sha256_update(&h, strlen(str) + 1, (const uint8_t *)(str)) /* with its NUL: "ab","c" != "a","bc" */
    char num[320]; /* the design may be "file sha256 <64 hex digits>": room for all of it and the shard */
    PUT(EC_VERSION_STRING);
    PUT(scenario_sha);
    for (size_t j = 0; j < n_axes; j++) {
        snprintf(num, sizeof num, "axis %zu", axes[j].n);
        PUT(num);
        PUT(axes[j].key);
        for (size_t v = 0; v < axes[j].n; v++) PUT(axes[j].values[v]);
    }
    for (size_t k = 0; k < n_rec; k++) PUT(recs[k]);
    for (size_t k = 0; k < n_sets; k++) PUT(sets[k]);
    snprintf(num, sizeof num, "same_seed %d design %s shard %zu of %zu baseline %lld", same_seed,
             design ? design : "grid", shard, n_shards, baseline);
    PUT(num);
#undef PUT
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(&h, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++) snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

/* A cell saved in the journal: its records (then, with a baseline, the paired intervals' ends d_lo, d_hi of each
 * record) and status, as the CSV will show them. */
typedef struct saved_cell {
    double *record;
    int ok;
    char *error;
} saved_cell;

/* State shared with the library's per-cell callback: the journal being appended and the progress line. */
typedef struct sweep_watch {
    FILE *journal;
    const char *journal_path;      /* opened at the first finished cell (a sweep refused before any cell leaves none) */
    char journal_head[512];        /* its first line, when it is new ("" to append to an existing one) */
    int journal_failed;
    char *pending;                 /* whole lines not written yet: written out every 0.1 s, with one write each */
    size_t pending_len, pending_cap;
    double journal_flushed;        /* when they were last written out */
    size_t n_rec, n_d;             /* records, and the paired intervals' ends saved after them (2 n_rec or 0) */
    size_t done, total;
    int progress;
    double t0, shown;
} sweep_watch;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A number as the CSV writes it: %.17g (read back exactly), inf/-inf, or empty for NaN; the journal's in hex (%a:
 * as exact, read back by strtod alike, and some ten times quicker to write than %.17g, which a projection cell
 * would otherwise spend a tenth of its time on, one cell at a time). */
static void format_number(char *num, size_t cap, double x, int ok, int hex)
{
    if (isfinite(x) && hex) ec_text_a(num, cap, x);
    else if (isfinite(x)) ec_text_g(num, cap, 17, x);
    else ec_text_copy(num, cap, ok && isinf(x) ? (x > 0 ? "inf" : "-inf") : "");
}

/* "\t" and s at line[at], as snprintf(line + at, cap - at, "\t%s", s) writes them (cut short at the line's end;
 * at < cap), without printf (ec_text.h); at plus their whole length, as snprintf counts it. */
static size_t tab_field(char *line, size_t cap, size_t at, const char *s)
{
    size_t n = strlen(s), room = cap - at - 1;
    char *w = line + at;
    if (room) {
        *w++ = '\t';
        room--;
        memcpy(w, s, n < room ? n : room);
        w += n < room ? n : room;
    }
    *w = '\0';
    return at + 1 + n;
}

/* Writes the pending lines to the journal (unbuffered: one write of whole lines, so that a killed sweep leaves at
 * most a line cut short at its end). */
static void journal_flush(sweep_watch *w)
{
    if (w->journal && !w->journal_failed && w->pending_len &&
        fwrite(w->pending, 1, w->pending_len, w->journal) != w->pending_len)
        w->journal_failed = errno ? errno : EIO;
    w->pending_len = 0;
}

/* After each cell (one call at a time): its line in the journal, then the progress line. */
static void on_cell(void *ctx, const ec_sweep_cell *c)
{
    sweep_watch *w = ctx;
    if (w->journal_path && !w->journal && !w->journal_failed) {
        if (!(w->journal = fopen(w->journal_path, "a")) || setvbuf(w->journal, NULL, _IONBF, 0) != 0 ||
            (w->journal_head[0] && fputs(w->journal_head, w->journal) == EOF))
            w->journal_failed = errno ? errno : EIO;
    }
    if (w->journal && !w->journal_failed) {
        /* id, records, status, tab-separated, appended: a killed sweep leaves at most its last line cut short
         * (read back as not saved) */
        char line[8192], num[64];
        size_t at = ec_text_u64(line, c->id);
        for (size_t k = 0; k < w->n_rec + w->n_d && at < sizeof line; k++) {
            double x = k < w->n_rec ? c->record[k] : (k - w->n_rec) % 2 ? c->d_hi[(k - w->n_rec) / 2]
                                                                        : c->d_lo[(k - w->n_rec) / 2];
            format_number(num, sizeof num, x, c->ok, 1);
            at = tab_field(line, sizeof line, at, num);
        }
        if (at < sizeof line) at = tab_field(line, sizeof line, at, c->ok ? "ok" : "error: ");
        for (const char *m = c->ok ? "" : c->error ? c->error : "failed"; *m && at + 2 < sizeof line; m++)
            line[at++] = *m == '\t' || *m == '\n' || *m == '\r' ? ' ' : *m;
        if (at + 2 > sizeof line) at = sizeof line - 2;
        line[at++] = '\n';
        line[at] = '\0';
        /* written out every 0.1 s (a write per cell would cost more than a projection cell): a killed sweep
         * loses at most that much, which --resume runs again */
        if (w->pending_len + at + 1 > w->pending_cap) {
            size_t cap = 2 * (w->pending_len + at + 1) + 65536;
            char *p = realloc(w->pending, cap);
            if (!p) journal_flush(w); /* no room to keep it: written now */
            else w->pending = p, w->pending_cap = cap;
        }
        if (w->pending_len + at + 1 <= w->pending_cap) {
            memcpy(w->pending + w->pending_len, line, at);
            w->pending_len += at;
        } else if (fputs(line, w->journal) == EOF) {
            w->journal_failed = errno ? errno : EIO;
        }
        double t = now_seconds();
        if (t - w->journal_flushed >= 0.1) {
            journal_flush(w);
            w->journal_flushed = t;
        }
    }
    w->done++;
    if (w->progress) {
        double t = now_seconds(), el = t - w->t0;
        if (t - w->shown >= 0.2 || w->done == w->total) {
            double rate = el > 0 ? (double)w->done / el : 0;
            fprintf(stderr, "\rsweep: %zu/%zu cells, %.1f/s, %.0f s elapsed, ETA %.0f s   ", w->done, w->total, rate, el,
                    rate > 0 ? (double)(w->total - w->done) / rate : 0.0);
            if (w->done == w->total) fputc('\n', stderr);
            w->shown = t;
        }
    }
}

/* Reads the journal `jpath` of an interrupted sweep (digest `digest`) into saved[] (cells first..first+n) and
 * skip[] (n_total flags: the cells that finished ok; a failed cell runs again). A missing journal is not an error
 * (nothing saved). Returns an exit status (2: another sweep's journal, or a line that is not a saved cell). */
static int journal_read(const char *jpath, const char *digest, size_t first, size_t n, size_t n_rec, saved_cell *saved,
                        unsigned char *skip, size_t *n_saved)
{
    ec_error e;
    size_t len = 0;
    *n_saved = 0;
    if (access(jpath, F_OK) != 0) return EXIT_OK;
    char *text = ec_file_read(jpath, &len, &e);
    if (!text) {
        cli_error("sweep: %s", e.message);
        return cli_exit_for(e.code);
    }
    int status = EXIT_BAD_INPUT;
    char *line = text, *nl = strchr(text, '\n');
    char want[160];
    snprintf(want, sizeof want, "# effcomp sweep journal %s", digest);
    if (!nl || strncmp(line, want, strlen(want)) != 0) {
        cli_error("sweep: %s:1: a journal of another sweep (the scenario, its values, the records, the seeds, the "
                  "shard or effcomp's version differ): run that sweep with --resume, or remove the file",
                  jpath);
        goto done;
    }
    size_t lineno = 1;
    for (line = nl + 1; (nl = strchr(line, '\n')) != NULL; line = nl + 1) { /* a last line cut short is not read */
        lineno++;
        *nl = '\0';
        char *p = line, *end;
        errno = 0;
        unsigned long long id = strtoull(p, &end, 10);
        if (end == p || *end != '\t' || errno || id < first || id >= first + n) {
            cli_error("sweep: %s:%zu: not a saved cell of this shard (cells %zu to %zu); remove the file to start "
                      "again", jpath, lineno, first, first + n - 1);
            goto done;
        }
        saved_cell *sc = &saved[id - first];
        double *rec = sc->record ? sc->record : malloc(sizeof(double) * (n_rec ? n_rec : 1));
        if (!rec) {
            cli_error("sweep: out of memory");
            status = EXIT_FAILURE_RUN;
            goto done;
        }
        sc->record = rec;
        p = end + 1;
        for (size_t k = 0; k < n_rec; k++) {
            char *tab = strchr(p, '\t');
            if (!tab) break;
            *tab = '\0';
            rec[k] = !*p ? NAN : strtod(p, &end);
            if (*p && *end) tab = NULL;
            p = tab ? tab + 1 : p;
            if (!tab) {
                cli_error("sweep: %s:%zu: cell %llu's record %zu is not a number; remove the file to start again",
                          jpath, lineno, id, k + 1);
                goto done;
            }
        }
        int ok = strcmp(p, "ok") == 0;
        if (!ok && strncmp(p, "error: ", 7) != 0) {
            cli_error("sweep: %s:%zu: cell %llu has not %zu records and a status; remove the file to start again",
                      jpath, lineno, id, n_rec);
            goto done;
        }
        if (skip[id]) {
            cli_error("sweep: %s:%zu: cell %llu is saved twice; remove the file to start again", jpath, lineno, id);
            goto done;
        }
        *n_saved += ok && !skip[id];
        skip[id] = (unsigned char)ok;
        sc->ok = ok;
        free(sc->error);
        sc->error = NULL;
    }
    status = EXIT_OK;
done:
    free(text);
    return status;
}

/* The rows of cells c0..c1-1 (run here, or saved ones from the journal), with differences against the baseline. */
static void csv_rows_of(csv_buf *csv, const ec_sweep_result *res, size_t n_axes, size_t n_rec, size_t c0, size_t c1)
{
    char num[64];
    for (size_t c = c0; c < c1; c++) {
        const ec_sweep_cell *cl = &res->cells[c];
        ec_text_u64(num, cl->id);
        csv_text(csv, num);
        for (size_t j = 0; j < n_axes; j++) csv_text(csv, ","), csv_field(csv, cl->value[j]);
        for (size_t k = 0; k < n_rec; k++) {
            csv_text(csv, ",");
            format_number(num, sizeof num, cl->record[k], cl->ok, 0);
            csv_text(csv, num);
        }
        for (size_t k = 0; res->baseline && k < n_rec; k++) { /* against the baseline cell, paired */
            double d = cl->record[k] - res->baseline[k];
            csv_text(csv, ",");
            if (cl->ok && res->baseline_ok && isfinite(d)) ec_text_g(num, sizeof num, 17, d);
            else num[0] = '\0';
            csv_text(csv, num);
            for (int e = 0; res->paired[k] && e < 2; e++) { /* its interval over the same replicates */
                csv_text(csv, ",");
                format_number(num, sizeof num, e ? cl->d_hi[k] : cl->d_lo[k], 0, 0);
                csv_text(csv, num);
            }
        }
        csv_text(csv, ",");
        if (cl->ok) {
            csv_text(csv, "ok");
        } else {
            char msg[1100];
            snprintf(msg, sizeof msg, "error: %s", cl->error ? cl->error : "failed");
            csv_field(csv, msg);
        }
        csv_text(csv, "\n");
    }
}

/* Every row, in order: on `threads` threads (0: OpenMP's default), each its share of the cells into its own text,
 * then joined (%.17g costs a projection cell's worth of time per number; the text is the same for any count). */
static void csv_rows(csv_buf *csv, const ec_sweep_result *res, size_t n_axes, size_t n_rec, int threads)
{
    int nt = threads > 0 ? threads : omp_get_max_threads();
    if (nt < 1 || res->n < 4096) nt = 1;
    if (nt == 1) {
        csv_rows_of(csv, res, n_axes, n_rec, 0, res->n);
        return;
    }
    csv_buf *part = calloc((size_t)nt, sizeof *part);
    if (!part) {
        csv->failed = 1;
        return;
    }
#pragma omp parallel for num_threads(nt) schedule(static, 1)
    for (int t = 0; t < nt; t++)
        csv_rows_of(&part[t], res, n_axes, n_rec, res->n * (size_t)t / (size_t)nt, res->n * (size_t)(t + 1) / (size_t)nt);
    for (int t = 0; t < nt; t++) {
        if (part[t].failed) csv->failed = 1;
        if (part[t].s) csv_text(csv, part[t].s);
        free(part[t].s);
    }
    free(part);
}

/* The options of 'effcomp sweep' that take a value (the next argument). */
static int takes_value(const char *a)
{
    static const char *const with[] = {"--vary",  "--record",  "-o",       "--output", "--threads", "--shard",
                                       "--set",   "--design",  "--samples", "--param", "--levels",  "--baseline",
                                       "--plot",  "--plot-record", NULL};
    for (int k = 0; with[k]; k++)
        if (strcmp(a, with[k]) == 0) return 1;
    return 0;
}

/* 1 when --design names one of the designs effcomp makes (else it names a design file). */
static int design_method(const char *v)
{
    return strcmp(v, "sobol") == 0 || strcmp(v, "morris") == 0 || strcmp(v, "random") == 0 || strcmp(v, "lhs") == 0;
}

/* The scenario file on the command line (the first argument that is neither an option nor an option's value). */
static const char *argv_path(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (takes_value(argv[i])) i++;
        else if (argv[i][0] != '-') return argv[i];
    }
    return NULL;
}

static int argv_has(int argc, char **argv, const char *opt)
{
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], opt) == 0) return 1;
        if (takes_value(argv[i])) i++;
    }
    return 0;
}

/*
 * The arguments to read: the scenario's [sweep] entries as the options they name (each with its line), then the
 * command line's (line 0). The command line overrides the section: its --vary or --design replaces everything the
 * section varies (vary, design, param, samples, levels, second_order); any other option it gives replaces the
 * section's of that name (--param all its param lines, --samples its samples, ...); --set adds to the section's
 * (after them). A design file's path in the section is relative to the scenario's folder. Returns 0, or -1 after
 * saying why (the scenario does not load).
 */
static int sweep_section(int argc, char **argv, const char *path, ec_scenario **scen, const char ***av,
                         int **av_line, int *ac, char **design_in_dir)
{
    size_t n = 0;
    if (path && !argv_has(argc, argv, "-h") && !argv_has(argc, argv, "--help")) {
        ec_error e;
        if (ec_scenario_load(path, scen, &e) != EC_OK) {
            cli_error_lines(e.message);
            return -1;
        }
        n = ec_scenario_sweep_n(*scen);
    }
    *av = malloc(sizeof(char *) * (2 * n + (size_t)argc + 1));
    *av_line = malloc(sizeof(int) * (2 * n + (size_t)argc + 1));
    if (!*av || !*av_line) {
        cli_error("sweep: out of memory");
        return -1;
    }
    const int cli_varies = argv_has(argc, argv, "--vary") || argv_has(argc, argv, "--design");
    int m = 0;
    for (size_t k = 0; k < n; k++) {
        const char *value;
        int line;
        const char *key = ec_scenario_sweep_entry(*scen, k, &value, &line);
        /* the option each key names, whether it says what varies, and whether it is a switch ("1" or "0") */
        static const struct {
            const char *key, *opt;
            int varies, is_switch;
        } keys[] = {{"vary", "--vary", 1, 0},       {"design", "--design", 1, 0},
                    {"param", "--param", 1, 0},     {"samples", "--samples", 1, 0},
                    {"levels", "--levels", 1, 0},   {"second_order", "--second-order", 1, 1},
                    {"record", "--record", 0, 0},   {"set", "--set", 0, 0},
                    {"baseline", "--baseline", 0, 0}, {"same_seed", "--same-seed", 0, 1}};
        size_t j = 0;
        while (j < sizeof keys / sizeof keys[0] && strcmp(keys[j].key, key) != 0) j++;
        if (j == sizeof keys / sizeof keys[0]) continue; /* not stored by the loader (it refuses unknown keys) */
        const char *o = keys[j].opt;
        if ((keys[j].varies && cli_varies) || (strcmp(key, "set") != 0 && argv_has(argc, argv, o))) continue;
        if (keys[j].is_switch) {
            if (strcmp(value, "1") == 0) {
                (*av)[m] = o;
                (*av_line)[m++] = line;
            }
            continue;
        }
        if (strcmp(key, "design") == 0 && value[0] != '/' && !design_method(value)) {
            const char *slash = strrchr(path, '/');
            size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
            if (!(*design_in_dir = malloc(dl + strlen(value) + 1))) {
                cli_error("sweep: out of memory");
                return -1;
            }
            memcpy(*design_in_dir, path, dl);
            strcpy(*design_in_dir + dl, value);
            value = *design_in_dir;
        }
        (*av)[m] = o;
        (*av_line)[m++] = line;
        (*av)[m] = value;
        (*av_line)[m++] = line;
    }
    for (int i = 0; i < argc; i++) {
        (*av)[m] = argv[i];
        (*av_line)[m++] = 0;
    }
    *ac = m;
    return 0;
}

/* The seed of each step that draws, as its cells start from it ("fit 42, simulate 7"), after the --set options (a
 * varied seed is a column of the CSV); "(no step draws)" when none has one. */
static void step_seeds(ec_scenario *scen, const char *const *sets, size_t n_sets, char *out, size_t len)
{
    for (size_t k = 0; scen && k < n_sets; k++) {
        const char *eq = strchr(sets[k], '=');
        char key[300];
        if (!eq || (size_t)(eq - sets[k]) >= sizeof key) continue;
        memcpy(key, sets[k], (size_t)(eq - sets[k]));
        key[eq - sets[k]] = '\0';
        ec_error e;
        (void)ec_scenario_override(scen, key, eq + 1, &e); /* checked already: the cells ran with it */
    }
    size_t at = 0;
    const size_t room = len - 8; /* kept for ", ...)" */
    out[0] = '\0';
    for (size_t i = 0; scen && i < ec_scenario_n_steps(scen); i++) {
        ec_step *st = ec_scenario_step(scen, i);
        char v[32], item[300];
        ec_error e;
        if (!st || !ec_step_find_option(st, "seed", NULL) || ec_step_get(st, "seed", v, sizeof v, &e) != EC_OK) continue;
        int n = snprintf(item, sizeof item, "%s%.200s %s", at ? ", " : "(", ec_scenario_id(scen, i), v);
        if (n < 0 || at + (size_t)n >= room) { /* no room for the rest: say so */
            snprintf(out + at, len - at, "%s...", at ? ", " : "(");
            at += strlen(out + at);
            break;
        }
        memcpy(out + at, item, (size_t)n + 1);
        at += (size_t)n;
    }
    snprintf(out + at, len - at, "%s", at ? ")" : "(no step draws)");
}

int cmd_sweep(int argc, char **argv)
{
    const char *path = NULL, *output = NULL;
    ec_sweep_axis axes[32];
    size_t n_axes = 0, n_rec = 0;
    char *recs[256];
    char *rec_text[64];
    size_t n_rec_text = 0;
    int threads = 0, same_seed = 0, shard_given = 0, status = EXIT_BAD_INPUT;
    const char *sets[64], *params[20];
    size_t n_sets = 0, n_params = 0, samples = 0;
    int second_order = 0, levels = 4;
    long long baseline = -1;
    const char *design = NULL, *design_path = NULL;
    char design_sha[65] = "", design_tag[96] = "";
    size_t shard = 0, n_shards = 1;
    csv_buf csv = {NULL, 0, 0, 0}, rows = {NULL, 0, 0, 0};
    char *line_buf = NULL, *journal_path = NULL;
    unsigned char *skip = NULL;
    saved_cell *saved = NULL;
    size_t first = 0, last = 0;
    int resume = 0;
    const char *plot = NULL, *plot_record = NULL;
    sweep_watch watch;
    memset(&watch, 0, sizeof watch);
    unsigned seen_single = 0;
    const char *seen_value[6] = {NULL};
    ec_sweep_result res;
    memset(&res, 0, sizeof res);
    ec_scenario *scen = NULL;
    const char **av = NULL;
    char *design_in_dir = NULL, where[4200];
    int *av_line = NULL, ac = 0;
    const char *scen_path = argv_path(argc, argv); /* where the [sweep] section's options come from */
    if (sweep_section(argc, argv, scen_path, &scen, &av, &av_line, &ac, &design_in_dir) != 0) goto done;
    for (int i = 0; i < ac; i++) {
        const char *a = av[i];
        if (av_line[i]) snprintf(where, sizeof where, "%s:%d", scen_path, av_line[i]);
        cli_error_where = av_line[i] ? where : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            cmd_sweep_usage(stdout);
            status = EXIT_OK;
            goto done;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            cli_quiet = 1;
        } else if (strcmp(a, "--same-seed") == 0) {
            same_seed = 1;
        } else if (strcmp(a, "--resume") == 0) {
            resume = 1;
        } else if (strcmp(a, "--second-order") == 0) {
            second_order = 1;
        } else if (takes_value(a)) {
            if (i + 1 >= ac) {
                cli_error("sweep: %s needs a value (see 'effcomp sweep --help')", a);
                goto done;
            }
            const char *v = av[++i];
            /* A single-valued option given twice is refused, as cli_args refuses it for the
             * commands of option tables (issue 14: no silent last-wins). */
            static const char *const single[] = {"--threads", "--shard", "--design", "--samples", "--baseline",
                                                 "--levels"};
            for (size_t k = 0; k < sizeof single / sizeof single[0]; k++)
                if (strcmp(a, single[k]) == 0) {
                    if (seen_single & (1u << k)) {
                        cli_error("sweep: option '%s' given twice ('%s' and '%s'); give it once", a,
                                  seen_value[k], v);
                        goto done;
                    }
                    seen_single |= 1u << k;
                    seen_value[k] = v;
                }
            if (strcmp(a, "--plot") == 0 || strcmp(a, "--plot-record") == 0) {
                const char **dst = a[6] ? &plot_record : &plot;
                if (*dst) {
                    cli_error("sweep: %s given twice ('%s' and '%s'); give it once", a, *dst, v);
                    goto done;
                }
                *dst = v;
            } else if (strcmp(a, "--design") == 0) {
                if (!design_method(v)) {
                    if (access(v, F_OK) != 0) {
                        cli_error("sweep: --design '%s': sobol (Saltelli's design for Sobol' indices), morris (Morris's "
                                  "trajectories), random, lhs (Latin hypercube), or a design file (CSV: cell, then a "
                                  "column per ID.KEY); there is no file '%s'", v, v);
                        goto done;
                    }
                    design_path = v;
                    v = "file";
                }
                design = v;
            } else if (strcmp(a, "--samples") == 0) {
                char *end;
                unsigned long long ns = strtoull(v, &end, 10);
                if (*end || end == v || ns < 2 || ns > 1000000) {
                    cli_error("sweep: --samples '%s' is not a whole number from 2 to 1000000", v);
                    goto done;
                }
                samples = (size_t)ns;
            } else if (strcmp(a, "--baseline") == 0) {
                char *end;
                long long b = strtoll(v, &end, 10);
                if (*end || end == v || b < 0) {
                    cli_error("sweep: --baseline '%s' is not a cell id (a whole number from 0)", v);
                    goto done;
                }
                baseline = b;
            } else if (strcmp(a, "--levels") == 0) {
                char *end;
                long lv = strtol(v, &end, 10);
                if (*end || end == v || lv < 2 || lv > 1000 || lv % 2) {
                    cli_error("sweep: --levels '%s' is not an even number from 2 to 1000", v);
                    goto done;
                }
                levels = (int)lv;
            } else if (strcmp(a, "--param") == 0) {
                if (n_params == 20) {
                    cli_error("sweep: at most 20 --param inputs (a Sobol' design of 40 dimensions)");
                    goto done;
                }
                params[n_params++] = v;
            } else if (strcmp(a, "--set") == 0) {
                if (n_sets == 64) {
                    cli_error("sweep: at most 64 --set options");
                    goto done;
                }
                sets[n_sets++] = v;
            } else if (strcmp(a, "--vary") == 0) {
                if (n_axes == sizeof axes / sizeof axes[0]) {
                    cli_error("sweep: at most %zu --vary axes", sizeof axes / sizeof axes[0]);
                    goto done;
                }
                ec_error e;
                if (ec_sweep_axis_parse(v, &axes[n_axes], &e) != EC_OK) {
                    cli_error("sweep: %s", e.message);
                    goto done;
                }
                n_axes++;
            } else if (strcmp(a, "--record") == 0) {
                if (n_rec_text == sizeof rec_text / sizeof rec_text[0]) {
                    cli_error("sweep: at most 64 --record options");
                    goto done;
                }
                char *t = malloc(strlen(v) + 1);
                if (!t) goto done;
                memcpy(t, v, strlen(v) + 1);
                rec_text[n_rec_text++] = t;
                for (char *tok = strtok(t, ","); tok; tok = strtok(NULL, ",")) {
                    while (*tok == ' ') tok++;
                    if (!*tok) continue;
                    if (n_rec == sizeof recs / sizeof recs[0]) {
                        cli_error("sweep: at most 256 records");
                        goto done;
                    }
                    recs[n_rec++] = tok;
                }
            } else if (strcmp(a, "--threads") == 0) {
                char *end;
                long t = strtol(v, &end, 10);
                if (*end || end == v || t < 0 || t > 4096) {
                    cli_error("sweep: --threads '%s' is not a whole number from 0 to 4096", v);
                    goto done;
                }
                threads = (int)t;
            } else if (strcmp(a, "--shard") == 0) {
                if (parse_shard(v, &shard, &n_shards)) {
                    cli_error("sweep: --shard '%s': write I/N with 0 <= I < N, e.g. --shard 0/4", v);
                    goto done;
                }
                shard_given = 1;
            } else {
                if (output) {
                    cli_error("sweep: -o given twice ('%s' and '%s'); give one output file", output, v);
                    goto done;
                }
                output = v;
            }
        } else if (a[0] == '-' || path) {
            cli_error("sweep: unexpected argument '%s' (see 'effcomp sweep --help')", a);
            goto done;
        } else {
            path = a;
        }
    }
    cli_error_where = NULL;
    if (!path) {
        cli_error("sweep: give the scenario file (see 'effcomp sweep --help')");
        goto done;
    }
    if (design_path) { /* a design file: its rows are the cells */
        if (n_params || samples || n_axes || second_order || (seen_single & (1u << 5))) {
            cli_error("sweep: a design file gives the cells and their values: no --vary, --param, --samples, --levels "
                      "or --second-order with it");
            goto done;
        }
        ec_error e;
        if (ec_sweep_design_file(design_path, axes, sizeof axes / sizeof axes[0], &n_axes, design_sha, &e) != EC_OK) {
            cli_error("sweep: --design %s", e.message);
            goto done;
        }
        snprintf(design_tag, sizeof design_tag, "file sha256 %s", design_sha);
    } else if (design || n_params || samples) {
        if (!design || !n_params || !samples || n_axes) {
            cli_error("sweep: a design takes --design sobol, --samples N and --param ID.KEY=DISTRIBUTION for each input, "
                      "and no --vary");
            goto done;
        }
        ec_error e;
        int drc = strcmp(design, "morris") == 0 ? ec_sweep_design_morris(params, n_params, samples, levels, 42, axes, &e)
                  : strcmp(design, "sobol") == 0 ? ec_sweep_design_sobol(params, n_params, samples, second_order, axes, &e)
                                                 : ec_sweep_design_sample(design, params, n_params, samples, 42, axes, &e);
        if (drc != EC_OK) {
            cli_error("sweep: %s", e.message);
            goto done;
        }
        n_axes = n_params;
    }
    if (!shard_given) {
        int s = slurm_shard(&shard, &n_shards);
        if (s < 0) {
            cli_error("sweep: SLURM_ARRAY_TASK_ID/_MIN/_COUNT do not give a shard (%s/%s/%s); give --shard I/N",
                      getenv("SLURM_ARRAY_TASK_ID"), getenv("SLURM_ARRAY_TASK_MIN") ? getenv("SLURM_ARRAY_TASK_MIN") : "unset",
                      getenv("SLURM_ARRAY_TASK_COUNT"));
            goto done;
        }
        if (s > 0) cli_note("sweep: shard %zu of %zu from the SLURM job array", shard, n_shards);
    }
    char shard_name[64];
    if (!output && n_shards > 1) { /* a shard writes shard-I-of-N.csv unless told otherwise */
        snprintf(shard_name, sizeof shard_name, "shard-%zu-of-%zu.csv", shard, n_shards);
        output = shard_name;
    }
    if (plot || plot_record) { /* checked before any cell runs */
        const char *why = !plot ? "--plot-record needs --plot FILE.png"
                          : design ? "--plot draws a grid; a design's cells are samples: draw its indices with 'effcomp "
                                     "analyze ... --plot FILE.png'"
                          : n_axes > 2 ? "--plot draws a sweep over one key (a line) or two (a heatmap); fix the others "
                                         "with --set"
                          : n_shards > 1 ? "--plot draws the whole sweep, not a shard: sweep without --shard to draw it"
                                         : NULL;
        if (why) {
            cli_error("sweep: %s", why);
            goto done;
        }
        int found = !plot_record;
        for (size_t k = 0; k < n_rec && !found; k++) found = strcmp(recs[k], plot_record) == 0;
        if (!found) {
            cli_error("sweep: --plot-record '%s' is not one of the --record outputs", plot_record);
            goto done;
        }
        if ((status = cli_plot_check(plot)) != EXIT_OK) goto done;
        status = EXIT_BAD_INPUT;
    }
    if (resume && !output) {
        cli_error("sweep: --resume goes on from the journal of an output file: give the -o FILE the interrupted sweep "
                  "had (or --shard, whose file is shard-I-of-N.csv)");
        goto done;
    }
    int rank = 0, n_ranks = 1;
    if (cli_mpi_start(&rank, &n_ranks) != 0) {
        status = EXIT_FAILURE_RUN;
        goto done;
    }
    if (n_ranks > 1 && (resume || plot)) {
        if (rank == 0)
            cli_error(resume ? "sweep: --resume is not for mpirun (each rank would need the journal); resume with one "
                               "process, or split the sweep with --shard and resume the shards"
                             : "sweep: --plot is not for mpirun (rank 0 holds only its own cells' results); draw the "
                               "sweep from one process");
        goto done;
    }
    if (rank > 0) cli_quiet = 1; /* rank 0 speaks for all: it writes the notes, the errors and the CSV */
    /* the cells of the whole sweep and of this shard, as ec_sweep_run counts them */
    double n_total = 1;
    for (size_t j = 0; j < n_axes; j++) n_total = design ? (double)axes[j].n : n_total * (double)axes[j].n;
    const size_t N = n_total <= 1e9 ? (size_t)n_total : 0;
    first = N * shard / n_shards;
    last = N * (shard + 1) / n_shards;
    /* the scenario as sweep_section loaded it: the cells run what the [sweep] section and the notes were read from */
    const ec_scenario *loaded = scen && scen_path && strcmp(scen_path, path) == 0 ? scen : NULL;
    char sha[65] = "";
    if (loaded) snprintf(sha, sizeof sha, "%s", ec_scenario_sha256(loaded));
    else if (ec_file_sha256(path, sha, NULL) != EC_OK) sha[0] = '\0';
    /* The journal: each finished cell's line, appended as it finishes, so that an interrupted sweep resumes
     * (--resume) from the cells it has; removed once the CSV is written. */
    if (output && n_ranks == 1 && N) {
        size_t jl = strlen(output) + sizeof ".partial";
        if (!(journal_path = malloc(jl))) goto oom;
        snprintf(journal_path, jl, "%s.partial", output);
        char digest[65];
        sweep_digest(sha, axes, n_axes, recs, n_rec, sets, n_sets, same_seed, design_path ? design_tag : design, shard,
                     n_shards, baseline, digest);
        int exists = access(journal_path, F_OK) == 0;
        if (exists && !resume) {
            cli_error("sweep: %s holds the cells of an interrupted sweep: add --resume to go on from them, or remove "
                      "it to start again", journal_path);
            goto done;
        }
        if (!(skip = calloc(N, 1)) || !(saved = calloc(last - first ? last - first : 1, sizeof *saved))) goto oom;
        size_t n_saved = 0;
        if (resume && (status = journal_read(journal_path, digest, first, last - first,
                                             n_rec + (baseline >= 0 ? 2 * n_rec : 0), saved, skip, &n_saved)) !=
                          EXIT_OK)
            goto done;
        status = EXIT_BAD_INPUT;
        if (resume)
            cli_note(exists ? "sweep: resuming: %zu of %zu cells saved in %s" : "sweep: nothing to resume (%zu of %zu "
                                                                                 "cells saved; no %s)",
                     n_saved, last - first, journal_path);
        watch.journal_path = journal_path;
        if (!exists)
            snprintf(watch.journal_head, sizeof watch.journal_head,
                     "# effcomp sweep journal %s (effcomp %s, shard %zu of %zu): a line per finished cell; 'effcomp "
                     "sweep ... --resume' goes on from it\n", digest, EC_VERSION_STRING, shard, n_shards);
        watch.total = last - first - n_saved;
    } else {
        watch.total = N ? (last - first) / (size_t)n_ranks : 0;
    }
    watch.n_rec = n_rec;
    watch.n_d = baseline >= 0 ? 2 * n_rec : 0;
    watch.progress = rank == 0 && !cli_quiet && isatty(STDERR_FILENO);
    watch.t0 = watch.shown = now_seconds();
    ec_sweep_options o = ec_sweep_default_options();
    o.scenario = path;
    o.loaded = loaded;
    o.axes = axes;
    o.n_axes = n_axes;
    o.records = (const char *const *)recs;
    o.n_records = n_rec;
    o.threads = threads;
    o.shard = shard * (size_t)n_ranks + (size_t)rank; /* rank r's cells: shard r of the ranks' split of this shard */
    o.n_shards = n_shards * (size_t)n_ranks;
    o.same_seed = same_seed;
    o.sets = sets;
    o.n_sets = n_sets;
    o.zip = design != NULL;
    o.baseline = baseline;
    o.skip = skip;
    o.on_cell = on_cell;
    o.ctx = &watch;
    ec_error err;
    int run_status = EXIT_OK;
    if (ec_sweep_run(&o, &res, &err) != EC_OK) {
        run_status = cli_exit_for(err.code);
        if (!cli_mpi_active()) {
            cli_error_lines(err.message);
            status = run_status;
            goto done;
        }
    }
    journal_flush(&watch);
    if (watch.journal_failed)
        cli_note("sweep: could not save every cell in %s (%s): a resume would run them again", journal_path,
                 strerror(watch.journal_failed));
    for (size_t c = 0; saved && c < res.n; c++) /* the cells saved before, as they were */
        if (res.cells[c].skipped && saved[res.cells[c].id - first].record) {
            const double *sv = saved[res.cells[c].id - first].record;
            memcpy(res.cells[c].record, sv, sizeof(double) * n_rec);
            for (size_t k = 0; res.cells[c].d_lo && k < n_rec; k++)
                res.cells[c].d_lo[k] = sv[n_rec + 2 * k], res.cells[c].d_hi[k] = sv[n_rec + 2 * k + 1];
            res.cells[c].ok = 1;
        }
    /* The rows, then (from every rank, in order, under mpirun) to rank 0. */
    if (run_status == EXIT_OK) csv_rows(&rows, &res, n_axes, n_rec, threads);
    if (rows.failed) run_status = EXIT_FAILURE_RUN;
    if (cli_mpi_active()) {
        char *all = NULL;
        size_t all_len = 0;
        const int mine_status = run_status;
        if ((run_status = cli_mpi_max(run_status)) != EXIT_OK) {
            /* each rank's error, or nothing, each with its NUL; rank 0 says the first */
            const char *mine = mine_status == EXIT_OK ? "" : rows.failed ? "sweep: out of memory" : err.message;
            if (cli_mpi_gather(mine, strlen(mine) + 1, &all, &all_len) == 0 && rank == 0) {
                const char *m = all;
                while (m < all + all_len && !*m) m++;
                cli_error_lines(m < all + all_len ? m : "sweep: a rank failed");
            }
            free(all);
            status = run_status;
            goto done;
        }
        if (cli_mpi_gather(rows.s ? rows.s : "", rows.len, &all, &all_len) != 0) {
            status = EXIT_FAILURE_RUN;
            goto done;
        }
        res.n_failed = cli_mpi_sum(res.n_failed);
        if (rank > 0) {
            status = EXIT_OK;
            goto done;
        }
        free(rows.s);
        rows.s = all;
        rows.len = all_len;
    } else if (rows.failed) {
        goto oom;
    }
    /* The CSV: a comment line (version, scenario and its SHA-256, seeds, shard), the header, a row per cell. */
    const size_t line_cap = strlen(path) + (design_path ? strlen(design_path) : 0) + 4096;
    char *line = line_buf = malloc(line_cap);
    if (!line) goto oom;
    char seeds[1024];
    step_seeds(scen, sets, n_sets, seeds, sizeof seeds);
    snprintf(line, line_cap,
             "# effcomp %s sweep of %s (sha256 %s): %zu cells, shard %zu of %zu (cells %zu to %zu), seeds %s%s, "
             "%zu step%s shared by every cell\n",
             EC_VERSION_STRING, path, sha, res.n_total, shard, n_shards, first, last > first ? last - 1 : first,
             seeds, same_seed ? " in every cell" : " mixed with the cell id", res.n_shared,
             res.n_shared == 1 ? "" : "s");
    csv_text(&csv, line);
    if (!design) { /* the grid's shape, for readers of the CSV ('effcomp plot SWEEP.csv') */
        int at = snprintf(line, line_cap, "# grid: ");
        for (size_t j = 0; j < n_axes && at > 0 && (size_t)at < line_cap - 64; j++)
            at += snprintf(line + at, line_cap - (size_t)at, "%s%zu", j ? " x " : "", axes[j].n);
        at += snprintf(line + at, line_cap - (size_t)at, " values of");
        for (size_t j = 0; j < n_axes && at > 0 && (size_t)at < line_cap - 300; j++)
            at += snprintf(line + at, line_cap - (size_t)at, "%s %s", j ? "," : "", axes[j].key);
        if (n_axes > 1 && at > 0 && (size_t)at < line_cap - 40)
            at += snprintf(line + at, line_cap - (size_t)at, " (the first varies slowest)");
        if (baseline >= 0 && at > 0 && (size_t)at < line_cap - 40)
            snprintf(line + at, line_cap - (size_t)at, "; baseline cell %lld", baseline);
        csv_text(&csv, line);
        csv_text(&csv, "\n");
    }
    if (design) {
        int at = design_path
                     ? snprintf(line, line_cap, "# design file %s (sha256 %s): %zu cells of %zu input%s:",
                                strrchr(design_path, '/') ? strrchr(design_path, '/') + 1 : design_path, design_sha,
                                axes[0].n, n_axes, n_axes == 1 ? "" : "s")
                 : strcmp(design, "morris") == 0
                     ? snprintf(line, line_cap, "# design morris D=%zu r=%zu levels=%d (trajectories of D+1 cells):",
                                n_params, samples, levels)
                 : strcmp(design, "sobol") != 0
                     ? snprintf(line, line_cap, "# design %s D=%zu N=%zu (%s):", design, n_params, samples,
                                strcmp(design, "lhs") == 0 ? "Latin hypercube, one sample per stratum of each input"
                                                           : "independent uniforms")
                     : snprintf(line, line_cap,
                                "# design sobol D=%zu N=%zu second_order=%d (Saltelli; rows A, AB, %sB per base point):",
                                n_params, samples, second_order, second_order ? "BA, " : "");
        for (size_t j = 0; j < n_params && at > 0 && (size_t)at < line_cap - 8; j++)
            at += snprintf(line + at, line_cap - (size_t)at, " %s", params[j]);
        for (size_t j = 0; design_path && j < n_axes && at > 0 && (size_t)at < line_cap - 300; j++)
            at += snprintf(line + at, line_cap - (size_t)at, " %s", axes[j].key);
        csv_text(&csv, line);
        csv_text(&csv, "\n");
    }
    csv_text(&csv, "cell");
    for (size_t j = 0; j < n_axes; j++) csv_text(&csv, ","), csv_field(&csv, axes[j].key);
    for (size_t k = 0; k < n_rec; k++) csv_text(&csv, ","), csv_field(&csv, recs[k]);
    for (size_t k = 0; res.baseline && k < n_rec; k++) {
        char dn[300];
        snprintf(dn, sizeof dn, "d.%s", recs[k]);
        csv_text(&csv, ","), csv_field(&csv, dn);
        for (int e = 0; res.paired[k] && e < 2; e++) {
            snprintf(dn, sizeof dn, "d.%s.%s95", recs[k], e ? "hi" : "lo");
            csv_text(&csv, ","), csv_field(&csv, dn);
        }
    }
    csv_text(&csv, ",status\n");
    csv_text(&csv, rows.s ? rows.s : "");
    if (csv.failed || !csv.s) goto oom;
    if ((status = write_text(output, csv.s, "sweep")) != EXIT_OK) goto done;
    if (journal_path) { /* the CSV holds every cell now */
        if (watch.journal) fclose(watch.journal);
        watch.journal = NULL;
        unlink(journal_path);
    }
    if (output) cli_note("wrote %s (%zu cells%s)", output, last - first, res.n_failed ? "" : ", all ok");
    if (res.n_failed) cli_note("sweep: %zu of %zu cells failed (their status column says why)", res.n_failed, last - first);
    status = EXIT_OK;
    if (plot) { /* the figure, after the CSV (which stays written if it fails) */
        ec_plot_output *po = NULL;
        if (ec_sweep_plot(&o, &res, plot_record, plot, NULL, &po, &err) != EC_OK) {
            cli_error("sweep: %s", err.message);
            status = cli_exit_for(err.code);
        } else {
            status = cli_draw(po); /* it says what it wrote */
        }
        ec_plot_output_free(po);
    }
    goto done;
oom:
    cli_error("sweep: out of memory");
    status = EXIT_FAILURE_RUN;
done:
    cli_error_where = NULL;
    free(av);
    free(av_line);
    free(design_in_dir);
    ec_scenario_free(scen);
    journal_flush(&watch);
    free(watch.pending);
    if (watch.journal) fclose(watch.journal);
    free(journal_path);
    for (size_t c = 0; saved && c < last - first; c++) free(saved[c].record), free(saved[c].error);
    free(saved);
    free(skip);
    free(line_buf);
    ec_sweep_result_clear(&res);
    for (size_t j = 0; j < n_axes; j++) ec_sweep_axis_clear(&axes[j]);
    for (size_t k = 0; k < n_rec_text; k++) free(rec_text[k]);
    free(csv.s);
    free(rows.s);
    cli_mpi_stop();
    return status;
}

void cmd_merge_usage(FILE *out)
{
    fputs("usage: effcomp merge SHARD.csv ... [-o ALL.csv] [-q]\n"
          "\n"
          "Merges the CSVs of the shards of one sweep ('effcomp sweep --shard I/N', or a SLURM job array)\n"
          "into the CSV a single process would have written, byte for byte: every shard from the same\n"
          "scenario (its SHA-256), grid or design, records and seed rule; every cell once; rows sorted\n"
          "by cell id. A file that is not a shard, a foreign shard, a cell given twice or cells missing\n"
          "are errors naming the file or the cells (exit 2), and nothing is written.\n"
          "\nOptions:\n"
          "  -o, --output FILE   write the merged CSV here (atomically); else to stdout\n"
          "  -q, --quiet         no notes on stderr\n"
          "\nExample:\n"
          "  for i in 0 1 2 3; do effcomp sweep s.ini --vary ... --record ... --shard $i/4 & done; wait\n"
          "  effcomp merge shard-*-of-4.csv -o sweep.csv\n",
          out);
}

int cmd_merge(int argc, char **argv)
{
    const char *output = NULL;
    const char **paths = malloc(sizeof(char *) * (size_t)(argc > 0 ? argc : 1));
    size_t n = 0;
    int status = EXIT_BAD_INPUT;
    char *text = NULL;
    if (!paths) return EXIT_FAILURE_RUN;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            cmd_merge_usage(stdout);
            free(paths);
            return EXIT_OK;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            cli_quiet = 1;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (i + 1 >= argc || output) {
                cli_error("merge: %s", i + 1 >= argc ? "-o needs a file" : "-o given twice; give one output file");
                goto done;
            }
            output = argv[++i];
        } else if (a[0] == '-') {
            cli_error("merge: unexpected argument '%s' (see 'effcomp merge --help')", a);
            goto done;
        } else {
            paths[n++] = a;
        }
    }
    if (!n) {
        cli_error("merge: give the shards' CSV files (see 'effcomp merge --help')");
        goto done;
    }
    if (output) { /* -o over one of the shards would destroy it */
        cli_path *in = malloc(sizeof *in * n);
        if (!in) goto done;
        for (size_t k = 0; k < n; k++) in[k] = (cli_path){"a shard", paths[k]};
        const cli_path out = {"-o", output};
        int c = cli_check_paths("merge", in, (int)n, &out, 1);
        free(in);
        if (c != EXIT_OK) goto done;
    }
    ec_error err;
    if (ec_sweep_merge(paths, n, &text, &err) != EC_OK) {
        cli_error_lines(err.message);
        status = cli_exit_for(err.code);
        goto done;
    }
    if ((status = write_text(output, text, "merge")) != EXIT_OK) goto done;
    if (output) cli_note("wrote %s (%zu shards)", output, n);
    status = EXIT_OK;
done:
    free(text);
    free(paths);
    return status;
}

/* csv_load.c — how fast effcomp reads a numeric CSV, stage by stage (bench/csv.sh drives it).
 *
 *   bench_csv CSV [repeats [STAGE]]
 *
 * Times, best of `repeats` (default 3), on the same file:
 *   read     fread of the whole file in 1 MiB blocks (the I/O floor, page cache warm);
 *   sha256   ec_file_sha256 (nettle's SHA-256 over every byte);
 *   records  ec_csv_read with a callback that does nothing (line splitting, libcsv, SHA-256);
 *   table    ec_table_load_csv (every cell converted, as a replicates or starts file);
 *   dataset  ec_dataset_load_csv with 'N=Model Size,D=Training Tokens,C=Training FLOP,L=loss'
 *            (what `effcomp fit` does before fitting).
 * With STAGE (one of the names above) only that stage runs, e.g. under perf.
 * Prints one JSON line: bytes, rows, seconds and MB/s (10^6 bytes per second) per stage, and
 * the sum of the loss column (file order) so that a peer can show it read the same numbers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ec_csv.h"
#include "ec_dataset.h"
#include "ec_table.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int count_record(void *user, const ec_csv_record *rec, ec_error *err)
{
    (void)rec;
    (void)err;
    ++*(size_t *)user;
    return EC_OK;
}

static double sum_loss; /* sum of the dataset's L column in file order: the peers must agree */

/* One timed run of stage k; returns seconds, or a negative number after printing the error. */
static double run_stage(int k, const char *path, const ec_column_map *map, size_t *rows)
{
    ec_error err;
    char sha[65];
    double t0 = now();
    if (k == 0) {
        FILE *fp = fopen(path, "rb");
        if (!fp) {
            perror(path);
            return -1;
        }
        static char buf[1 << 20];
        size_t n, sum = 0;
        while ((n = fread(buf, 1, sizeof buf, fp)) > 0) sum += (unsigned char)buf[n - 1];
        fclose(fp);
        if (sum == 1) fputc(' ', stderr); /* keep the loop */
    } else if (k == 1) {
        if (ec_file_sha256(path, sha, &err)) goto fail;
    } else if (k == 2) {
        *rows = 0;
        if (ec_csv_read(path, 0, count_record, rows, sha, &err)) goto fail;
    } else if (k == 3) {
        ec_table *t = ec_table_load_csv(path, &err);
        if (!t) goto fail;
        *rows = t->n_rows;
        ec_table_free(t);
    } else {
        ec_dataset *ds = ec_dataset_load_csv(path, map, &err);
        if (!ds) goto fail;
        *rows = ds->n;
        sum_loss = 0;
        for (size_t i = 0; i < ds->n; i++) sum_loss += ds->col[EC_ROLE_L][i];
        ec_dataset_free(ds);
    }
    return now() - t0;
fail:
    fprintf(stderr, "bench_csv: %s\n", err.message);
    return -1;
}

/* As cli/main.c: stop OpenBLAS's spinning thread pool, which took CPU from the reader. */
extern int blas_thread_shutdown_(void) __attribute__((weak));

int main(int argc, char **argv)
{
    if (blas_thread_shutdown_) blas_thread_shutdown_();
    if (argc < 2) {
        fprintf(stderr, "usage: bench_csv CSV [repeats [STAGE]]\n");
        return 2;
    }
    int reps = argc > 2 ? atoi(argv[2]) : 3;
    if (reps < 1) reps = 1;
    struct stat st;
    if (stat(argv[1], &st) != 0) {
        perror(argv[1]);
        return 2;
    }
    ec_error err;
    ec_column_map map = {{0}};
    if (ec_column_map_parse(&map, "N=Model Size,D=Training Tokens,C=Training FLOP,L=loss", &err)) {
        fprintf(stderr, "bench_csv: %s\n", err.message);
        return 2;
    }
    static const char *const names[] = {"read", "sha256", "records", "table", "dataset"};
    double best[5];
    size_t rows = 0;
    const char *only = argc > 3 ? argv[3] : NULL;
    for (int k = 0; k < 5; k++) {
        best[k] = -1;
        if (only && strcmp(only, names[k]) != 0) continue;
        for (int r = 0; r < reps; r++) {
            double s = run_stage(k, argv[1], &map, &rows);
            if (s < 0) {
                ec_column_map_clear(&map);
                return 1;
            }
            if (best[k] < 0 || s < best[k]) best[k] = s;
        }
    }
    ec_column_map_clear(&map);
    double mb = (double)st.st_size / 1e6;
    printf("{\"bytes\": %lld, \"rows\": %zu", (long long)st.st_size, rows);
    for (int k = 0; k < 5; k++)
        if (best[k] > 0) printf(", \"%s_s\": %.4f, \"%s_mbps\": %.1f", names[k], best[k], names[k], mb / best[k]);
    if (best[4] > 0) printf(", \"sum_loss\": %.17g", sum_loss);
    printf("}\n");
    return 0;
}

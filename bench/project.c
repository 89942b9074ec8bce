/* bench/project.c — issue 11's project floor: law evaluations per second per
 * core, interval included, in process. Rows of ec_project (sizes x token
 * policies x efficiency factors) on a chinchilla law with R bootstrap
 * replicates: each row evaluates the law once and once per replicate (its
 * 95% band), so a row with an interval over 4000 replicates counts as 4001
 * evaluations; the paired differences against row 1 come with them.
 *
 *     bench_project FIT.json [rounds] [threads] [POLICY;POLICY...]
 *
 * (policies by default compute-optimal;tokens-per-param=20;tokens=30T; the
 * inference-aware policy, a minimisation per replicate, is timed on its own
 * with 'inference=1e14', its evaluations counted as rows x (R + 1) too.)
 * Prints one JSON line: rows, replicates, the best of `rounds` times and
 * evaluations per second (per thread when threads > 1). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ec_law_json.h"
#include "ec_project.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_project FIT.json [rounds] [threads]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 5, threads = argc > 3 ? atoi(argv[3]) : 1;
    ec_error err;
    ec_law *law = NULL;
    ec_law_load_info info;
    if (ec_law_load(argv[1], NULL, 1, 0, &law, &info, &err) != EC_OK) {
        fprintf(stderr, "bench_project: %s\n", err.message);
        return 1;
    }
    /* 12 sizes x the policies x 2 efficiencies */
    static const char *const sizes[] = {"70B",  "200B", "405B", "1T",  "2T",  "5T", "10T",
                                        "20T",  "total=400B,active=17B", "total=2T,active_fraction=0.1",
                                        "total=10T,active_fraction=0.1", "compute=1e27"};
    enum { NS = sizeof sizes / sizeof sizes[0] };
    ec_model_size s[NS];
    ec_policy p[16];
    size_t NP = 0;
    for (int i = 0; i < NS; i++)
        if (ec_model_size_parse(sizes[i], &s[i], &err) != EC_OK) return fprintf(stderr, "%s\n", err.message), 1;
    char list[512];
    snprintf(list, sizeof list, "%s", argc > 4 ? argv[4] : "compute-optimal;tokens-per-param=20;tokens=30T");
    for (char *tok = strtok(list, ";"); tok && NP < 16; tok = strtok(NULL, ";"))
        if (ec_policy_parse(tok, &p[NP++], &err) != EC_OK) return fprintf(stderr, "%s\n", err.message), 1;
    ec_efficiency e[2] = {{1, 0, "1"}, {10, 0.35, "10 (se_log 0.35)"}};
    ec_project_options opt = ec_project_default_options();
    opt.threads = threads;
    opt.baseline = 1;
    double best = INFINITY;
    size_t rows = 0;
    for (int r = 0; r < rounds; r++) {
        ec_project_result res;
        double t0 = now();
        if (ec_project(law, s, NS, p, NP, e, 2, &opt, &res, &err) != EC_OK) {
            fprintf(stderr, "bench_project: %s\n", err.message);
            return 1;
        }
        double t = now() - t0;
        if (t < best) best = t;
        rows = res.n_rows;
        ec_project_clear(&res);
    }
    double evals = (double)rows * (double)(law->n_reps + 1);
    printf("{\"policies\": \"%s\", \"rows\": %zu, \"replicates\": %zu, \"threads\": %d, \"seconds\": %.6f, \"evaluations\": %.0f, "
           "\"evaluations_per_s_per_thread\": %.4g}\n",
           argc > 4 ? argv[4] : "compute-optimal;tokens-per-param=20;tokens=30T", rows, law->n_reps, threads, best, evals, evals / best / (threads > 0 ? threads : 1));
    ec_law_free(law);
    return 0;
}

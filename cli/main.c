/* main.c — the effcomp program: find the command, hand over to it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli_command.h"
#include "cli_util.h"
#include "commands.h"
#include "ec_claims.h" /* ec_blas_one_thread */
#include "ec_version.h"

static void usage(FILE *out)
{
    fputs("usage: effcomp COMMAND [options]\n"
          "\n"
          "Compute-efficiency modelling of AI models: scaling-law fits with uncertainty.\n"
          "\n"
          "Commands:\n", out);
    for (size_t i = 0; i < cli_command_count(); i++)
        fprintf(out, "  %-10s %s\n", cli_command_at(i)->name, cli_command_at(i)->summary);
    fputs("  help CMD   show the options of a command\n"
          "\n"
          "Options:\n"
          "  -h, --help      this text\n"
          "  -V, --version   print the version\n"
          "\n"
          "Try: effcomp fit --help\n"
          "Docs: docs/user-guide.md, docs/parameters.md, docs/methods.md\n", out);
}

static int run_main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_BAD_INPUT;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("effcomp %s\n", EC_VERSION_STRING);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--man") == 0) return cmd_man(stdout);
    if (strcmp(cmd, "help") == 0) {
        const cli_command *c = argc >= 3 ? cli_command_find(argv[2]) : NULL;
        if (c) {
            cli_usage(c, stdout);
            return EXIT_OK;
        }
        if (argc >= 3) cli_error("unknown command '%s'", argv[2]);
        usage(argc >= 3 ? stderr : stdout);
        return argc >= 3 ? EXIT_BAD_INPUT : EXIT_OK;
    }
    const cli_command *c = cli_command_find(cmd);
    if (c) return c->run ? c->run(argc - 2, argv + 2) : cli_run_command(c, argc - 2, argv + 2);
    char list[256];
    size_t used = 0;
    for (size_t i = 0; i < cli_command_count() && used < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", cli_command_at(i)->name);
    cli_error("unknown command '%s' (commands: %s; see 'effcomp --help')", cmd, list);
    return EXIT_BAD_INPUT;
}

/*
 * OpenBLAS runs on one thread in this program, for two reasons:
 * - the bits: its threaded routines split their sums by the thread count, so a claims ledger solved by CHOLMOD
 *   came out different in the last places on machines with different core counts (10,000 models x 50,000 claims:
 *   up to 4e-10 relative in the residuals between OPENBLAS_NUM_THREADS=1 and 2), where every result of effcomp
 *   is to be the same for any thread count. effcomp's parallelism is over starts, replicates, draws and cells.
 * - the time: Debian's default build (libopenblas0-pthread) starts a pool of worker threads when it is loaded,
 *   restarts it for GSL's dtrmv on a 3x3 covariance, and the pool spins (sched_yield) for about 0.1 s waiting
 *   for work and is joined at exit: on 2 cores that took a fifth of the CPU from the OpenMP workers of a grid
 *   fit (0.27 s -> 0.21 s), and about 1 ms of a small fit from the shell (exp-error ls: 9.7 -> 8.6 ms).
 * So ec_blas_one_thread() (solvers/ec_claims.c) sets the thread count to 1 and stops the pool started at load,
 * leaving OpenMP's count as it was. Measured cost: the 10,000 x 50,000 uniform ledger (the worst case for the
 * factorisation) 4.2-4.6 s -> 6.2-6.3 s on 2 cores; the "recent" one unchanged.
 */
int main(int argc, char **argv)
{
    ec_blas_one_thread();
    int status = run_main(argc, argv);
    /* A report or table on stdout that could not be written in full is a failed run. */
    int err = 0;
    if (fflush(stdout) != 0) err = errno;
    if (!err && ferror(stdout)) err = EIO;
    if (err) {
        cli_error("cannot write the standard output: %s", strerror(err));
        if (status == EXIT_OK || status == EXIT_NO_CONVERGE) status = EXIT_FAILURE_RUN;
    }
    return status;
}

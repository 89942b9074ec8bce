/* main.c — the effcomp program: parse the command name, hand over to it. */
#include <stdio.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "ec_version.h"

static void usage(FILE *out)
{
    fputs("usage: effcomp COMMAND [options]\n"
          "\n"
          "Compute-efficiency modelling of AI models: scaling-law fits with uncertainty.\n"
          "\n"
          "Commands:\n"
          "  fit        fit a scaling law to CSV points: Chinchilla's L(N,D) = E + A/N^alpha +\n"
          "             B/D^beta by default (Huber loss in log space, 4500-start grid), or any\n"
          "             of 8 forms (effcomp fit --list-forms); bootstrap CIs\n"
          "  predict    evaluate a fitted law at points or CSV rows, with bootstrap bands\n"
          "  backtest   fit on the smaller-scale points, score the extrapolation to the larger\n"
          "  compare    rank forms on the same data by AIC/BIC and backtest error\n"
          "  help CMD   show the options of a command\n"
          "\n"
          "Options:\n"
          "  -h, --help      this text\n"
          "  -V, --version   print the version\n"
          "\n"
          "Try: effcomp fit --help\n"
          "Docs: docs/user-guide.md, docs/methods.md\n", out);
}

int main(int argc, char **argv)
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
    if (strcmp(cmd, "help") == 0) {
        if (argc >= 3 && strcmp(argv[2], "fit") == 0) {
            cmd_fit_usage(stdout);
            return EXIT_OK;
        }
        if (argc >= 3 && strcmp(argv[2], "predict") == 0) {
            cmd_predict_usage(stdout);
            return EXIT_OK;
        }
        if (argc >= 3 && strcmp(argv[2], "backtest") == 0) {
            cmd_backtest_usage(stdout);
            return EXIT_OK;
        }
        if (argc >= 3 && strcmp(argv[2], "compare") == 0) {
            cmd_compare_usage(stdout);
            return EXIT_OK;
        }
        usage(stdout);
        return argc >= 3 ? EXIT_BAD_INPUT : EXIT_OK;
    }
    if (strcmp(cmd, "fit") == 0) return cmd_fit(argc - 2, argv + 2);
    if (strcmp(cmd, "predict") == 0) return cmd_predict(argc - 2, argv + 2);
    if (strcmp(cmd, "backtest") == 0) return cmd_backtest(argc - 2, argv + 2);
    if (strcmp(cmd, "compare") == 0) return cmd_compare(argc - 2, argv + 2);
    cli_error("unknown command '%s' (commands: fit, predict, backtest, compare; see 'effcomp --help')", cmd);
    return EXIT_BAD_INPUT;
}

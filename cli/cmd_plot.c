/* cmd_plot.c — `effcomp plot RESULT.json --kind KIND`: report figures from
 * the JSON any command wrote, drawn by gnuplot through a pipe. The plot
 * step (params/ec_step_plot.c) reads the result and its data and prepares
 * the figure; this file checks the command line and draws it
 * (cli_gnuplot.c). */
#include <stdio.h>
#include <string.h>

#include "cli_args.h"
#include "cli_gnuplot.h"
#include "commands.h"
#include "ec_plot.h"
#include "ec_steps.h"

void cmd_plot_usage(FILE *out)
{
    fputs("usage: effcomp plot RESULT.json [--kind KIND] [--format png|svg|pdf|dumb] [-o FILE] [--save-script 1]\n"
          "       effcomp plot SWEEP.csv [--record REC] [-o FILE.png]\n"
          "\n"
          "Draws a report figure from the JSON a command wrote, through gnuplot (gnuplot-nox).\n"
          "Kinds: fit (points, fitted curve, bootstrap band; solid inside the data, dashed\n"
          "beyond), residuals, bootstrap (parameter histograms), contour (iso-loss contours of\n"
          "a Chinchilla fit over compute and parameters, with the compute-optimal frontier),\n"
          "frontier (N*(C) and D*(C) with bands) — from 'effcomp fit' results; isoflop (from\n"
          "'effcomp isoflop'); multipliers (from 'effcomp claims'); trend (from 'effcomp trend');\n"
          "projection (from 'effcomp project'); fan, fan-loss, crossing (from 'effcomp simulate').\n"
          "Data points are reloaded from the input recorded in the JSON. Bands come from the\n"
          "fit's bootstrap replicates, else from its covariance (delta method). --format dumb\n"
          "draws in the terminal.\n"
          "A sweep's CSV (from 'effcomp sweep', or merged by 'effcomp merge') is drawn as\n"
          "'sweep --plot' draws it: a record against one key (with its band and the paired\n"
          "difference from the baseline), or a heatmap over two; the image SWEEP.sweep.png\n"
          "by default.\n"
          "\nOptions:\n", out);
    cli_print_option_table(out, ec_plot_step_option_table());
    cli_print_option_table(out, ec_plot_option_table());
    fputs("\nIf gnuplot is missing or fails, the message says so (with gnuplot's own error\n"
          "text), the exit status is 1, and no partial image is left.\n"
          "\nExample:\n"
          "  effcomp plot out/chinchilla_fit.json --kind contour -o out/chinchilla_contour.png\n"
          "  effcomp plot out/muse-spark/sweep_efficiency.csv -o efficiency.svg\n", out);
    cli_print_common_flags(out);
}

int cmd_plot(int argc, char **argv)
{
    ec_error err;
    ec_step *st = ec_step_new("plot", &err);
    if (!st) {
        cli_error("%s", err.message);
        return EXIT_FAILURE_RUN;
    }
    int what, status = EXIT_OK;
    if (cli_parse_step_args(argc, argv, "plot", st, "result", &what)) {
        ec_step_free(st);
        return EXIT_BAD_INPUT;
    }
    if (what != CLI_ARGS_RUN) {
        cli_usage(cli_command_find("plot"), stdout);
        ec_step_free(st);
        return EXIT_OK;
    }
    ec_result *r = NULL;
    if (ec_step_check(st, &err) != EC_OK) {
        cli_error("%s", err.message);
        status = cli_exit_for(err.code);
    } else if ((status = cli_step_check_paths("plot", st)) == EXIT_OK) {
        if (ec_step_run(st, &r, &err) != EC_OK) {
            cli_error("%s", err.message);
            status = cli_exit_for(err.code);
        } else {
            cli_print_notes(r);
            status = cli_draw(ec_result_plot(r));
        }
    }
    ec_result_free(r);
    ec_step_free(st);
    return status;
}

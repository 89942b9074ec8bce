/* cli_commands.c — the table of commands: each a step type with its
 * usage, report and files, or a command of its own. */
#include <string.h>

#include "commands.h"

static const cli_command commands[] = {
    {"fit",
     "fit a scaling law to CSV points: Chinchilla's L(N,D) = E + A/N^alpha +\n"
     "             B/D^beta by default (Huber loss in log space, 4500-start grid), or any\n"
     "             form of the catalogue (effcomp fit --list-forms); bootstrap CIs",
     cmd_fit_usage, cmd_fit_report, NULL, cmd_fit_write_replicates, "", NULL},
    {"predict", "evaluate a fitted law at points or CSV rows, with bootstrap bands", cmd_predict_usage, cmd_predict_report,
     cmd_predict_write, NULL, "", NULL},
    {"backtest", "fit on the smaller-scale points, score the extrapolation to the larger", cmd_backtest_usage,
     cmd_backtest_report, NULL, NULL, "", NULL},
    {"compare", "rank forms on the same data by AIC/BIC and backtest error", cmd_compare_usage, cmd_compare_report, NULL,
     NULL, "", NULL},
    {"optimal", "compute-optimal N*, D* under C = 6ND from a Chinchilla fit", cmd_optimal_usage, cmd_optimal_report, NULL,
     NULL, "frontier", NULL},
    {"multiplier", "effective-compute multiplier of a model against a reference law", cmd_multiplier_usage,
     cmd_multiplier_report, NULL, NULL, "", NULL},
    {"isoflop", "isoFLOP analysis (Chinchilla Approach 2): optima and frontier", cmd_isoflop_usage, cmd_isoflop_report,
     NULL, cmd_isoflop_write_replicates, "", NULL},
    {"claims", "reconcile 'same quality at f of Y's compute' claims into efficiency factors", cmd_claims_usage,
     cmd_claims_report, NULL, NULL, "", NULL},
    {"trend", "growth over time: x/year, doubling time, algorithmic progress", cmd_trend_usage, cmd_trend_report, NULL,
     NULL, "", NULL},
    {"project", "project larger models (sizes x token policies x efficiency): compute, tokens, loss bands",
     cmd_project_usage, cmd_project_report, NULL, NULL, "", NULL},
    {"simulate", "Monte Carlo of frontier compute and loss over years: percentiles, crossing years",
     cmd_simulate_usage, cmd_simulate_report, NULL, cmd_simulate_write_draws, "", NULL},
    {"plot", "report figures (png, svg, pdf, terminal) from any result JSON, via gnuplot", cmd_plot_usage, NULL, NULL,
     NULL, "", cmd_plot},
    {"run", "run a scenario file (INI) in process: steps, @references, a manifest", cmd_run_usage, NULL, NULL, NULL, "",
     cmd_run},
    {"sweep", "run a scenario over a grid of keys in process: one CSV row of named outputs per cell", cmd_sweep_usage,
     NULL, NULL, NULL, "", cmd_sweep},
    {"merge", "merge the CSVs of a sweep's shards into the single-process CSV, checked", cmd_merge_usage, NULL, NULL, NULL,
     "", cmd_merge},
    {"analyze", "Sobol' indices of a sweep over Saltelli's design (sweep --design sobol)", cmd_analyze_usage, NULL, NULL,
     NULL, "", cmd_analyze},
    {"report", "print the text report of a saved result JSON", cmd_report_usage, NULL, NULL, NULL, "", cmd_report},
};

size_t cli_command_count(void)
{
    return sizeof commands / sizeof commands[0];
}

const cli_command *cli_command_at(size_t i)
{
    return i < cli_command_count() ? &commands[i] : NULL;
}

const cli_command *cli_command_find(const char *name)
{
    for (size_t i = 0; i < cli_command_count(); i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

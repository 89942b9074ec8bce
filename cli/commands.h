/* commands.h — effcomp subcommands. Each takes argc/argv after the command
 * name and returns the process exit status (cli_util.h). */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

#include <stdio.h>

int cmd_fit(int argc, char **argv);
void cmd_fit_usage(FILE *out);
int cmd_predict(int argc, char **argv);
void cmd_predict_usage(FILE *out);
int cmd_backtest(int argc, char **argv);
void cmd_backtest_usage(FILE *out);
int cmd_compare(int argc, char **argv);
void cmd_compare_usage(FILE *out);
int cmd_optimal(int argc, char **argv);
void cmd_optimal_usage(FILE *out);
int cmd_multiplier(int argc, char **argv);
void cmd_multiplier_usage(FILE *out);
int cmd_isoflop(int argc, char **argv);
void cmd_isoflop_usage(FILE *out);
int cmd_claims(int argc, char **argv);
void cmd_claims_usage(FILE *out);
int cmd_trend(int argc, char **argv);
void cmd_trend_usage(FILE *out);
int cmd_run(int argc, char **argv);
void cmd_run_usage(FILE *out);
/* Runs command `name` with argv (options only); *found = 0 when there is no such command. */
int cli_dispatch(const char *name, int argc, char **argv, int *found);
int cli_command_exists(const char *name);
int cmd_plot(int argc, char **argv);
void cmd_plot_usage(FILE *out);

#include "ec_plot.h"
/* Draws RESULT.json (kind "" = the result's natural kind); returns an exit status. */
int cli_plot_result(const char *json_path, const char *kind, const ec_plot_options *po, const char *output,
                    int save_script, const char *replicates);

#include <cjson/cJSON.h>
/* --plot FILE of a command: draws figure `kind` ("" = the result's natural one) from its JSON
 * file (json_path) or, when the command wrote none, from `root`; the image format is the file's
 * extension. `replicates` may name the bootstrap file (NULL = the recorded one). Returns an
 * exit status. */
int cli_plot_option(cJSON *root, const char *json_path, const char *plot_path, const char *kind,
                    const char *replicates);

/* Checks a command's --plot FILE before the work: its extension names an image format (png,
 * svg, pdf) and its folder exists and is writable. Prints the error; returns EXIT_OK,
 * EXIT_BAD_INPUT (extension) or EXIT_FAILURE_RUN (folder). "" or NULL is fine. */
int cli_plot_check(const char *plot_path);

#endif

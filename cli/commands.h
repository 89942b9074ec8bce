/* commands.h — what each command file gives the command table
 * (cli_commands.c): its usage, its report (from the result's JSON) and the
 * files it writes besides the JSON. The step behind each command is the
 * library's (params/ec_steps.c). */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "cli_command.h"
#include "ec_result.h"

void cmd_fit_usage(FILE *out);
void cmd_fit_report(FILE *out, const cJSON *root);
void cmd_fit_write_replicates(FILE *fp, const ec_result *r);

void cmd_predict_usage(FILE *out);
void cmd_predict_report(FILE *out, const cJSON *root);
int cmd_predict_write(FILE *out, const ec_result *r);

void cmd_optimal_usage(FILE *out);
void cmd_optimal_report(FILE *out, const cJSON *root);

void cmd_multiplier_usage(FILE *out);
void cmd_multiplier_report(FILE *out, const cJSON *root);

void cmd_isoflop_usage(FILE *out);
void cmd_isoflop_report(FILE *out, const cJSON *root);
void cmd_isoflop_write_replicates(FILE *fp, const ec_result *r);

void cmd_claims_usage(FILE *out);
void cmd_claims_report(FILE *out, const cJSON *root);

void cmd_trend_usage(FILE *out);
void cmd_trend_report(FILE *out, const cJSON *root);

void cmd_compare_usage(FILE *out);
void cmd_compare_report(FILE *out, const cJSON *root);

void cmd_backtest_usage(FILE *out);
void cmd_backtest_report(FILE *out, const cJSON *root);

void cmd_project_usage(FILE *out);
void cmd_project_report(FILE *out, const cJSON *root);

void cmd_simulate_usage(FILE *out);
void cmd_simulate_report(FILE *out, const cJSON *root);
void cmd_simulate_write_draws(FILE *fp, const ec_result *r);

int cmd_plot(int argc, char **argv);
void cmd_plot_usage(FILE *out);

int cmd_run(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_merge(int argc, char **argv);
void cmd_merge_usage(FILE *out);
void cmd_analyze_usage(FILE *out);
void cmd_sweep_usage(FILE *out);
void cmd_run_usage(FILE *out);

int cmd_report(int argc, char **argv);
/* `effcomp --man` (hidden): the man page effcomp(1) in roff, from every command's usage. */
int cmd_man(FILE *out);
void cmd_report_usage(FILE *out);

#endif

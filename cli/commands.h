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

#endif

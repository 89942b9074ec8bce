/* cli_args.h — the command line of a command, onto a step's options by
 * name: --name value, --name=value, --set name=value, -o FILE (output),
 * -q/--quiet [VALUE], -h/--help, --list-forms. The same names as scenario
 * files and the parameter reference, from the same option tables. */
#ifndef CLI_ARGS_H
#define CLI_ARGS_H

#include <stdio.h>

#include "ec_option.h"
#include "ec_step.h"

/* What cli_parse_step_args found besides options. */
enum { CLI_ARGS_RUN = 0, CLI_ARGS_HELP = 1, CLI_ARGS_LIST_FORMS = 2 };

/*
 * Sets the step's options from argv (after the command name). A
 * single-valued option given twice is refused (list options take one item
 * each time). With `positional` not NULL, a first argument that is not an
 * option is the value of that option (plot's RESULT.json). Prints the error
 * and returns -1 on bad input; else 0 with *what one of CLI_ARGS_*.
 */
int cli_parse_step_args(int argc, char **argv, const char *cmd, ec_step *st, const char *positional, int *what);

/* Sets cli_quiet from the text of the option quiet (0, 1, yes, no, ...); EC_OK or an error. */
int cli_set_quiet(const char *value, ec_error *err);

/* One line per option: --name, help, choices, [default]. */
void cli_print_option_table(FILE *out, const ec_option_table *t);

/* The length of the flag part of a usage text's option line ("-o, --output FILE   help" -> "-o, --output FILE"). */
size_t cli_flag_len(const char *body);

/* Whether a usage text lists the flag "--name" ('-' for '_') as an option: as a whole word in the flag part of
 * one of its option lines ("  --name ..."). */
int cli_text_has_flag(const char *text, const char *name);

/* The rows of step type t's option tables that the usage `text` does not list as options, under a heading
 * (nothing when it lists them all): what cli_usage adds so that --help shows every option a command takes. */
void cli_print_other_rows(FILE *out, const char *text, const ec_step_type *t);

/* The form catalogue, for --list-forms. */
void cli_list_forms(FILE *out);

#endif

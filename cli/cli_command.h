/* cli_command.h — a command is a step type plus what the person at the
 * terminal sees: its usage, its text report, the files it writes. One
 * driver runs every command (parse, check, run, write, report, figure), and
 * `effcomp run` uses the same pieces for each step of a scenario. */
#ifndef CLI_COMMAND_H
#define CLI_COMMAND_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "cli_util.h"
#include "ec_result.h"
#include "ec_step.h"

typedef struct cli_command {
    const char *name;                                      /* the command and its step type */
    const char *summary;                                   /* one line for `effcomp --help` */
    void (*usage)(FILE *out);
    void (*report)(FILE *out, const cJSON *root);          /* the text report, from the result's JSON; NULL: none */
    int (*write_output)(FILE *out, const ec_result *r);    /* --output other than JSON (predict's CSV); NULL: JSON */
    void (*write_replicates)(FILE *out, const ec_result *r); /* --replicates-out; NULL: the command has none */
    const char *plot_kind;                                 /* what --plot draws ("": the result's own figure) */
    int (*run)(int argc, char **argv);                     /* a command of its own (plot, run, report); NULL: the driver */
} cli_command;

/* The table of commands (cli_commands.c), in the order `effcomp --help` lists them. */
size_t cli_command_count(void);
const cli_command *cli_command_at(size_t i);
const cli_command *cli_command_find(const char *name);

/* What `effcomp CMD --help` prints: the command's usage, then the rows of its step type's option tables that the
 * usage does not list (cli_print_other_rows), so that every option the command takes is shown. */
void cli_usage(const cli_command *c, FILE *out);

/* Runs a step command from its argv (after the command name). Returns the exit status. */
int cli_run_command(const cli_command *c, int argc, char **argv);

/* The output files of a step, opened before it runs so that an unwritable path fails fast. */
typedef struct cli_step_io {
    cli_outfile json, reps;
    char output[1100], reps_out[1100], plot[1100];
} cli_step_io;

/* Checks a step's outputs before any work: none is one of its input files or another output; --plot names an
 * image in a writable folder. Prints the error; returns an exit status. */
int cli_step_check_paths(const char *cmd, const ec_step *st);

/* Opens the step's --output and --replicates-out (those given). Prints why and returns an exit status. */
int cli_step_open(const cli_command *c, const ec_step *st, cli_step_io *io);

/* Aborts what cli_step_open opened. */
void cli_step_abort(cli_step_io *io);

/*
 * After the step ran: its notes; its files (both completed before either replaces an old one; "wrote ..."
 * noted), or its report on stdout when no --output was given; its problems (one error each, exit status 3);
 * and its --plot figure. Each file written is passed to on_file (may be NULL). Returns an exit status.
 */
int cli_step_finish(const cli_command *c, ec_step *st, const ec_result *r, cli_step_io *io,
                    void (*on_file)(void *user, const char *path), void *user);

/* Prints a result's notes (cli_note) and returns the exit status its problems imply (printing each). */
void cli_print_notes(const ec_result *r);
int cli_print_problems(const ec_result *r);

/* JSON accessors for reports. */
double cli_jnum(const cJSON *o, const char *key);
const char *cli_jstr(const cJSON *o, const char *key);
const cJSON *cli_jobj(const cJSON *o, const char *key);
/* An interval [lo, hi] of o[key]: null ends read as unbounded (±INFINITY by KEY_unbounded), a null
 * interval as NAN. */
void cli_jci(const cJSON *o, const char *key, double ci[2]);

#endif

/* cli_util.h — the command-line layer's shared pieces: messages, exit
 * codes, argument helpers and atomic output files. Only cli/ prints,
 * exits or touches the terminal. */
#ifndef CLI_UTIL_H
#define CLI_UTIL_H

#include <signal.h>
#include <stdio.h>
#include <sys/types.h>

#include "ec_error.h"

/* Exit statuses of every effcomp command. */
enum {
    EXIT_OK = 0,          /* success */
    EXIT_FAILURE_RUN = 1, /* could not finish: I/O or internal failure */
    EXIT_BAD_INPUT = 2,   /* bad command line, options or input data */
    EXIT_NO_CONVERGE = 3  /* ran, but the fit did not converge (results still written) */
};

extern int cli_quiet;

/* "effcomp: error: ..." on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* When set, cli_error() writes it and ": " before the message (e.g. "s.ini:12" for an option read from a file). */
extern const char *cli_error_where;
/* cli_error() for each line of msg (a library message may hold several, one per problem). */
void cli_error_lines(const char *msg);
/* "effcomp: ..." on stderr unless --quiet. */
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Maps a library status to an exit status. */
int cli_exit_for(int ec_code);

/*
 * Output files are written to a temporary file beside the target and
 * renamed over it only when complete, so a failed run never leaves a
 * partial file and never destroys an earlier result.
 */
typedef struct cli_outfile {
    FILE *fp;
    char *path;
    char *tmp;
    int err; /* errno of the first failed cli_out_write, 0 when none */
} cli_outfile;

/* Writes text to o, keeping the errno of a failure for the commit's message. 0 or -1. */
int cli_out_write(cli_outfile *o, const char *text);

int cli_out_open(cli_outfile *o, const char *path);   /* 0 or -1 (message printed) */
/* Temporary files removed if SIGINT, SIGTERM or SIGHUP ends the process (the path must stay
 * valid until cli_temp_forget); cli_out_open registers its own. */
void cli_temp_register(char *path);
void cli_temp_forget(const char *path);
/* The child process writing a registered temporary file (gnuplot), 0 when none: on SIGINT, SIGTERM or
 * SIGHUP it is killed and waited for before the temporary files are removed, so it cannot create one again. */
void cli_child_register(pid_t pid);
/* Holds SIGINT, SIGTERM and SIGHUP (in this thread) between creating a temporary file and registering it. */
void cli_signals_hold(sigset_t *old);
void cli_signals_release(const sigset_t *old);
/* Gives a temporary file (mkstemp makes it 0600) the permissions of the file it will replace,
 * or the usual 0666 & ~umask when there is none. */
void cli_temp_mode(int fd, const char *target);
/* The file to write for output `path`: the real file when `path` is a symbolic link to a
 * regular file (written in `buf`), else `path` itself. */
const char *cli_out_target(const char *path, char *buf, size_t len);
/* fsync of a file (or folder) by name: 0 or the errno (EINVAL and EROFS, a file system that cannot sync it,
 * count as 0). cli_sync_folder_of syncs the folder holding `path`, after a rename into it. Outputs are synced
 * before they are renamed over an older file, and their folder after. */
int cli_sync_path(const char *path);
/* Why a file could not be written in full when the writer lost the cause (gnuplot does not check its writes;
 * a stdio stream keeps only an error flag): what the file system says when we append to the same file
 * ourselves, the errno of a failed write or fsync (ENOSPC, EDQUOT, EFBIG, EIO...), or 0 when it takes 1 MiB.
 * Only for a temporary file that is removed afterwards. */
int cli_write_probe(const char *path);
int cli_sync_folder_of(const char *path);
int cli_out_commit(cli_outfile *o);                   /* 0 or -1 (message printed, temp removed) */
/* Commits two outputs together (either may be unopened): both are completed before either is
 * renamed into place, so a write failure leaves neither new file beside an old one; b is renamed
 * first (pass the replicates as b, the JSON that names them as a). */
int cli_out_commit_pair(cli_outfile *a, cli_outfile *b);
/* Commits n outputs together (any may be unopened): all are completed before any is renamed into place, then
 * they are renamed in array order (the file that names the others last). 0 or -1 (every temporary removed). */
int cli_out_commit_all(cli_outfile *o, size_t n);
void cli_out_abort(cli_outfile *o);                   /* removes the temporary file */

/* A path given on the command line, with the option that named it (for messages). */
typedef struct cli_path {
    const char *option; /* e.g. "--data", "--output" */
    const char *path;   /* NULL or "" when not given */
} cli_path;

/*
 * Refuses, before any work, an output that is the same file as an input or as
 * another output (compared by device and inode when both exist, through symbolic
 * links, else by their canonical paths), since writing it would destroy the input
 * or one of the results. Character devices and pipes (/dev/null, /dev/stdout) are
 * never considered the same file. Prints the error; returns EXIT_OK or EXIT_BAD_INPUT.
 */
/* The absolute form of a path whose last component may not exist yet: the real path of its
 * folder, then the last component. 0 when the folder cannot be resolved. */
int cli_canonical_path(const char *path, char *out, size_t cap);

int cli_check_paths(const char *cmd, const cli_path *inputs, int n_inputs, const cli_path *outputs, int n_outputs);

/* Writes x with the fewest significant digits (15 to 17) that read back as exactly x, so
 * 1.69 is "1.69", not "1.6899999999999999". */
void cli_fprint_double(FILE *fp, double x);

/* The flags every command takes, for the end of its --help. */
void cli_print_common_flags(FILE *out);

/* Progress line on stderr when it is a terminal (a step's progress callback). */
void cli_progress(const char *phase, size_t done, size_t total, void *user);

#endif

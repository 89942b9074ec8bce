/* cli_mpi.h — Open MPI for `mpirun -np K effcomp sweep`: the ranks split the sweep's cells and rank 0 writes
 * the CSV a single process would have written. Built in only with EC_WITH_MPI (cmake -DEFFCOMP_MPI=ON, or the
 * effcomp-mpi program the tests build); elsewhere, and in a process that mpirun did not start, there is one
 * rank and nothing here touches MPI. */
#ifndef CLI_MPI_H
#define CLI_MPI_H

#include <stddef.h>

/* Starts MPI when this program was built with it and mpirun (or another MPI launcher) started the process:
 * *rank and *size of MPI_COMM_WORLD; else rank 0 of 1. 0, or -1 (message printed). */
int cli_mpi_start(int *rank, int *size);

/* 1 when cli_mpi_start started MPI. */
int cli_mpi_active(void);

/* Every rank's `text` (len bytes, NULs allowed) to rank 0, concatenated in rank order into *all (malloc'ed, with
 * a NUL after the last byte; NULL on other ranks) of *all_len bytes. Collective. 0, or -1 on every rank (message
 * printed by rank 0: a text above 2 GB, out of memory, an MPI error). */
int cli_mpi_gather(const char *text, size_t len, char **all, size_t *all_len);

/* The largest v over the ranks, on every rank. Collective. */
int cli_mpi_max(int v);

/* The sum of v over the ranks, on every rank. Collective. */
size_t cli_mpi_sum(size_t v);

/* Ends MPI if cli_mpi_start started it (idempotent). */
void cli_mpi_stop(void);

#endif

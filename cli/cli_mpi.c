/* cli_mpi.c — see cli_mpi.h. Open MPI (Debian's libopenmpi-dev); only the few collectives a sweep needs. */
#include "cli_mpi.h"

#include <stdlib.h>
#include <string.h>

#include "cli_util.h"

#ifdef EC_WITH_MPI
#include <limits.h>
#include <mpi.h>

static int started;

/* Set by Open MPI's mpirun (OMPI_COMM_WORLD_SIZE), by PMIx launchers and by MPICH/Hydra (PMI_SIZE). */
static int launched_by_mpi(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_SIZE");
}

int cli_mpi_start(int *rank, int *size)
{
    *rank = 0;
    *size = 1;
    if (started) {
        MPI_Comm_rank(MPI_COMM_WORLD, rank);
        MPI_Comm_size(MPI_COMM_WORLD, size);
        return 0;
    }
    if (!launched_by_mpi()) return 0;
    int provided = 0;
    /* Only the main thread calls MPI; the cells' OpenMP threads never do. */
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        cli_error("sweep: MPI_Init_thread failed (started by mpirun, but MPI would not start)");
        return -1;
    }
    started = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
    return 0;
}

int cli_mpi_active(void)
{
    return started;
}

int cli_mpi_gather(const char *text, size_t len, char **all, size_t *all_len)
{
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    *all = NULL;
    *all_len = 0;
    /* lengths first (a text above INT_MAX bytes cannot go in one MPI_Gatherv: -1 sent instead) */
    int mine = len > (size_t)INT_MAX ? -1 : (int)len;
    int *counts = rank == 0 ? malloc(sizeof(int) * (size_t)size) : NULL;
    int *displs = rank == 0 ? malloc(sizeof(int) * (size_t)size) : NULL;
    int bad = rank == 0 && (!counts || !displs); /* 1 memory, 2 MPI, 3 too long */
    if (MPI_Gather(&mine, 1, MPI_INT, counts, 1, MPI_INT, 0, MPI_COMM_WORLD) != MPI_SUCCESS) bad = 2;
    long long total = 0;
    for (int r = 0; rank == 0 && !bad && r < size; r++) {
        if (counts[r] < 0) bad = 3;
        displs[r] = (int)(total < INT_MAX ? total : 0);
        total += counts[r] < 0 ? 0 : counts[r];
    }
    if (rank == 0 && !bad && total > INT_MAX) bad = 3;
    if (rank == 0 && !bad && !(*all = malloc((size_t)total + 1))) bad = 1;
    /* every rank learns whether rank 0 can take the texts, so that no rank sends into nothing */
    int go = !bad;
    if (MPI_Bcast(&go, 1, MPI_INT, 0, MPI_COMM_WORLD) != MPI_SUCCESS) go = 0, bad = 2;
    if (go && MPI_Gatherv(text, (int)len, MPI_CHAR, *all, counts, displs, MPI_CHAR, 0, MPI_COMM_WORLD) != MPI_SUCCESS)
        go = 0, bad = 2;
    if (rank == 0 && go) {
        (*all)[total] = '\0';
        *all_len = (size_t)total;
    } else if (rank == 0) {
        cli_error(bad == 3 ? "sweep: the ranks' CSV rows are above 2 GB (MPI sends at most that at once); split the "
                             "sweep with --shard"
                  : bad == 2 ? "sweep: MPI failed while gathering the ranks' rows"
                             : "sweep: out of memory gathering the ranks' rows");
        free(*all);
        *all = NULL;
    }
    free(counts), free(displs);
    return go ? 0 : -1;
}

int cli_mpi_max(int v)
{
    int out = v;
    MPI_Allreduce(&v, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return out;
}

size_t cli_mpi_sum(size_t v)
{
    unsigned long long in = v, out = 0;
    MPI_Allreduce(&in, &out, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    return (size_t)out;
}

void cli_mpi_stop(void)
{
    if (started) MPI_Finalize();
    started = 0;
}

#else /* one process: no MPI in this build */

int cli_mpi_start(int *rank, int *size)
{
    *rank = 0;
    *size = 1;
    return 0;
}

int cli_mpi_active(void)
{
    return 0;
}

int cli_mpi_gather(const char *text, size_t len, char **all, size_t *all_len)
{
    if (!(*all = malloc(len + 1))) return -1;
    memcpy(*all, text, len);
    (*all)[len] = '\0';
    *all_len = len;
    return 0;
}

int cli_mpi_max(int v)
{
    return v;
}

size_t cli_mpi_sum(size_t v)
{
    return v;
}

void cli_mpi_stop(void)
{
}

#endif

/* cli_gnuplot.h — drawing a plot result through a gnuplot pipe: the image
 * goes to a temporary file renamed over the target on success, gnuplot's
 * own error text is shown when it fails, and no partial image is left. */
#ifndef CLI_GNUPLOT_H
#define CLI_GNUPLOT_H

#include "ec_result.h"

/* Draws the figure of a plot result (to its image, or the terminal for format dumb); with its
 * save_script, also writes IMAGE-without-extension.gp and its .dat files. Returns an exit status. */
int cli_draw(const ec_plot_output *po);

/* Checks an image path given for a figure before any work: its extension names an image format
 * (png, svg, pdf) and its folder exists and is writable. Prints the error; returns EXIT_OK,
 * EXIT_BAD_INPUT (extension) or EXIT_FAILURE_RUN (folder). "" or NULL is fine. */
int cli_plot_check(const char *plot_path);

#endif

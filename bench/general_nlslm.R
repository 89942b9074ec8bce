# general_nlslm.R DATA FORM LOSS BOOT [REF]: the R peer of bench/general.sh.
#
# minpack.lm::nlsLM (MINPACK's Levenberg-Marquardt, numerical derivatives) on the same problem
# as bench/general_scipy.py's lm: FORM (power, saturating-power, kaplan-nd, bnsl; exp-error on Gadre et al.'s
# data, sigmoid-logc on Epoch's benchmarks, loglinear-time on the frontier models, effective-compute-time on
# Epoch's perplexity sheet: see general_scipy.py) fitted to
# Epoch's Chinchilla points (5 highest losses dropped) with LOSS ls or ls-log, in effcomp's
# unbounded coordinates q (p = lo + e^q; p = lo + (hi - lo)/(1 + e^-q)), from every start of
# effcomp's grid for the form (last parameter fastest), keeping the lowest objective
# sum(r^2)/2; then BOOT case resamples refitted from that optimum. Prints one JSON line;
# seconds are in-process times after loading the data. Debian: r-base-core, r-cran-minpack.lm.
# REF (effcomp's best objective, optional) adds "at_ref": the converged starts that end within
# 1e-9 relative of it or below it.
suppressPackageStartupMessages(library(minpack.lm))
args <- commandArgs(trailingOnly = TRUE)
path <- args[1]; form <- args[2]; loss <- args[3]; nboot <- as.integer(args[4])
ref <- if (length(args) >= 5) as.numeric(args[5]) else NA

# lines that start with '#' are comments (as effcomp reads them); a '#' inside a field is data (hex colours)
lines <- readLines(path, encoding = "UTF-8", warn = FALSE)
lines[1] <- sub("^\ufeff", "", lines[1])
d <- read.csv(text = lines[!startsWith(lines, "#")], check.names = FALSE)
# effcomp's decimal year of a YYYY-MM-DD date: year + (day of year - 1) / days in the year
decimal_year <- function(text) {
  dt <- as.POSIXlt(as.Date(ifelse(text == "", NA, text)))
  yr <- dt$year + 1900
  leap <- (yr %% 4 == 0 & yr %% 100 != 0) | yr %% 400 == 0
  yr + dt$yday / ifelse(leap, 366, 365)
}
if (form == "loglinear-time") {
  # the bundled frontier models: training compute against the publication date
  C <- decimal_year(d[["Publication date"]]); L <- d[["Training compute (FLOP)"]]
  keep <- !is.na(C) & !is.na(L)
  C <- C[keep]; L <- L[keep]; N <- rep(1, length(L))
} else if (form == "effective-compute-time") {
  # Epoch's perplexity sheet: WikiText-103 perplexity against training compute and date (N holds the date)
  C <- d[["Training Compute"]]; N <- decimal_year(d[["Publication date"]]); L <- d[["Perplexity (WT103)"]]
  keep <- !is.na(C) & !is.na(N) & !is.na(L)
  C <- C[keep]; N <- N[keep]; L <- L[keep]
} else if (form == "sigmoid-logc") {
  # Epoch's open-model benchmarks: MMLU against training compute, the rows with both
  C <- d[["Training compute (FLOP)"]]; L <- d[["MMLU"]]
  keep <- !is.na(C) & !is.na(L)
  C <- C[keep]; L <- L[keep]; N <- rep(1, length(L))
} else if (form == "exp-error") {
  # Gadre et al.'s loss -> error map: the C4 validation loss and the 17-task average top-1 error, all 104 rows
  C <- d[["loss_c4_val"]]; L <- d[["err_avg_subset"]]; N <- rep(1, length(L))
} else {
  N <- d[["Model Size"]]; C <- d[["Training FLOP"]]; L <- d[["loss"]]
  keep <- L < sort(L, decreasing = TRUE)[5]
  N <- N[keep]; C <- C[keep]; L <- L[keep]
}

forms <- list(
  "power" = list(lo = c(0, -10), hi = c(Inf, 10),
                 grid = list(c(1e-2, 1, 1e2, 1e4), c(-1, -0.5, 0.05, 0.2, 0.5))),
  "saturating-power" = list(lo = c(0, 0, 0), hi = c(Inf, Inf, 10),
                            grid = list(c(0, 1, 2), c(1, 10, 1e3, 1e6, 1e10), c(0.05, 0.1, 0.2, 0.3, 0.5))),
  "kaplan-nd" = list(lo = c(0, 0, 0, 0), hi = c(Inf, Inf, 5, 5),
                     grid = list(c(1e10, 1e12, 1e14, 1e16), c(1e10, 1e12, 1e14), c(0.05, 0.1, 0.3), c(0.05, 0.1, 0.3))),
  "bnsl" = list(lo = c(0, 0, -5, -5, 0, 1e-3), hi = c(Inf, Inf, 5, 5, Inf, 10),
                grid = list(c(0), c(0.1, 1, 10), c(0, 0.2, 0.5), c(0.2, 0.5, 1), c(1e2, 1e3, 1e4, 1e5), c(0.3, 1, 3))),
  "sigmoid-logc" = list(lo = c(-Inf, -Inf, 0, 0), hi = c(Inf, Inf, 100, 40),
                        grid = list(c(0, 0.25), c(0.8, 1), c(0.5, 1, 2, 4), c(20, 22, 24, 26))),
  "loglinear-time" = list(lo = c(-Inf, -Inf), hi = c(Inf, Inf),
                          grid = list(c(-10, 0, 10, 20, 25), c(-1, -0.3, 0.3, 1))),
  "exp-error" = list(lo = c(0, 0, 0), hi = c(1.5, Inf, Inf),
                     grid = list(c(0.6, 0.9, 1.2), c(0.1, 1, 10, 100), c(0.3, 1, 3))),
  # A, alpha, g with E fixed at 0 and y0 at 2020
  "effective-compute-time" = list(lo = c(0, 0, -5), hi = c(Inf, 3, 5),
                                  grid = list(c(10, 1e3, 1e5), c(0.05, 0.15, 0.3), c(0, 0.3, 1))))
fm <- forms[[form]]
k <- length(fm$lo)

to_q <- function(p, lo, hi) {
  span <- if (is.finite(lo) && is.finite(hi)) hi - lo else max(1, abs(p))
  eps <- 1e-6 * span
  if (is.finite(lo) && p < lo + eps) p <- lo + eps
  if (is.finite(hi) && p > hi - eps) p <- hi - eps
  if (!is.finite(lo) && !is.finite(hi)) return(p)
  if (!is.finite(hi)) return(log(p - lo))
  if (!is.finite(lo)) return(log(hi - p))
  u <- (p - lo) / (hi - lo)
  log(u / (1 - u))
}
to_p <- function(q) {
  sapply(seq_len(k), function(j) {
    lo <- fm$lo[j]; hi <- fm$hi[j]
    if (!is.finite(lo) && !is.finite(hi)) q[j]
    else if (!is.finite(hi)) lo + exp(q[j])
    else if (!is.finite(lo)) hi - exp(q[j])
    else lo + (hi - lo) / (1 + exp(-q[j]))
  })
}
predict_p <- function(p, N, C) {
  if (form == "power") return(p[1] * C^(-p[2]))
  if (form == "saturating-power") return(p[1] + p[2] * C^(-p[3]))
  if (form == "kaplan-nd") {
    D <- C / (6 * N)
    return(((p[1] / N)^(p[3] / p[4]) + p[2] / D)^p[4])
  }
  if (form == "exp-error") return(p[1] - p[2] * exp(-p[3] * C))
  if (form == "effective-compute-time") return(p[1] * exp(-p[2] * (log(C) + p[3] * (N - 2020) * log(10))))
  if (form == "loglinear-time") return(10^(p[1] + p[2] * (C - 2020)))
  if (form == "sigmoid-logc") return(p[1] + (p[2] - p[1]) / (1 + exp(-p[3] * (log10(C) - p[4]))))
  z <- (log(C) - log(p[5])) / p[6]
  sp <- ifelse(z > 0, z + log1p(exp(-z)), log1p(exp(z)))
  p[1] + p[2] * exp(-p[3] * log(C) - p[4] * p[6] * sp)
}
logspace <- loss != "ls"
model <- function(q, N, C) {
  yh <- predict_p(to_p(q), N, C)
  if (logspace) log(yh) else yh
}

fit_one <- function(q0, N, C, L) {
  ty <- if (logspace) log(L) else L
  dat <- list(N = N, C = C, ty = ty)
  st <- setNames(as.list(q0), paste0("q", seq_len(k)))
  qs <- paste0("q", seq_len(k), collapse = ", ")
  fml <- as.formula(paste0("ty ~ model(c(", qs, "), N, C)"))
  r <- tryCatch(nlsLM(fml, data = dat, start = st, control = nls.lm.control(maxiter = 500)),
                error = function(e) NULL)
  if (is.null(r)) return(list(ok = FALSE, f = Inf, q = NULL))
  res <- residuals(r)
  f <- 0.5 * sum(res^2)
  list(ok = isTRUE(r$convInfo$isConv) && is.finite(f), f = f, q = coef(r))
}

starts <- expand.grid(rev(fm$grid))  # expand.grid varies its first column fastest
starts <- starts[, rev(seq_len(k)), drop = FALSE]
t0 <- proc.time()[["elapsed"]]
best <- list(f = Inf, q = NULL); conv <- 0; at_ref <- 0
for (s in seq_len(nrow(starts))) {
  p0 <- as.numeric(starts[s, ])
  q0 <- mapply(to_q, p0, fm$lo, fm$hi)
  r <- fit_one(q0, N, C, L)
  if (r$ok) { conv <- conv + 1; if (r$f < best$f) best <- r }
  if (r$ok && !is.na(ref) && r$f - ref <= 1e-9 * abs(ref)) at_ref <- at_ref + 1
}
t1 <- proc.time()[["elapsed"]]
out <- sprintf('{"form": "%s", "loss": "%s", "method": "nlsLM", "starts": %d, "converged": %d, "objective": %.17g, "seconds": %.6f',
               form, loss, nrow(starts), conv, best$f, t1 - t0)
if (!is.na(ref)) out <- paste0(out, sprintf(', "at_ref": %d', at_ref))
if (nboot > 0 && !is.null(best$q)) {
  set.seed(42)
  failed <- 0
  t2 <- proc.time()[["elapsed"]]
  for (b in seq_len(nboot)) {
    idx <- sample.int(length(L), length(L), replace = TRUE)
    r <- fit_one(best$q, N[idx], C[idx], L[idx])
    if (!r$ok) failed <- failed + 1
  }
  out <- paste0(out, sprintf(', "boot_seconds": %.6f, "boot_failed": %d, "boot_replicates": %d',
                             proc.time()[["elapsed"]] - t2, failed, nboot))
}
cat(out, "}\n", sep = "")

# The BMI paper's KSG on the samples of our accuracy benchmark, for the table's side-by-side column.
#
# Czyż et al., "Beyond Normal" (NeurIPS 2023) ran KSG as R's rmi::knn_mi with method KSG1 and k = 5
# (cbg-ethz/bmi: external/rmi.R, called from the Beyond_Normal workflow as RKSGEstimator(variant=1,
# neighbors=5)). This script makes the same call on the samples that
#   bench/accuracy/run.sh --dump DIR
# wrote (raw little-endian float64, read bit for bit: no decimal round trip), one line per sample:
#   Rscript bench/accuracy/rmi-ksg.R DIR/manifest.csv OUT.csv [K]
# OUT.csv: task_id,seed,estimate,seconds (estimate with 17 significant digits), appended as it goes,
# so an interrupted run keeps what it measured and a rerun skips the samples already in OUT.csv.
# Needs R and the CRAN package rmi (install.packages("rmi")); nothing else.

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) {
  stop("usage: Rscript rmi-ksg.R MANIFEST.csv OUT.csv [K]")
}
manifest <- read.csv(args[1], stringsAsFactors = FALSE)
out <- args[2]
k <- if (length(args) >= 3) as.integer(args[3]) else 5L
dir <- dirname(args[1])

done <- character(0)
if (file.exists(out)) {
  prev <- read.csv(out, stringsAsFactors = FALSE)
  done <- paste(prev$task_id, prev$seed)
} else {
  cat("task_id,seed,estimate,seconds\n", file = out)
}

for (i in seq_len(nrow(manifest))) {
  row <- manifest[i, ]
  if (paste(row$task_id, row$seed) %in% done) next
  cols <- row$dim_x + row$dim_y
  con <- file(file.path(dir, row$file), "rb")
  values <- readBin(con, what = "double", n = row$n * cols, size = 8, endian = "little")
  close(con)
  if (length(values) != row$n * cols) {
    stop(sprintf("%s: %d values, expected %d", row$file, length(values), row$n * cols))
  }
  data <- matrix(values, nrow = row$n, ncol = cols, byrow = TRUE)
  t0 <- proc.time()[["elapsed"]]
  mi <- rmi::knn_mi(data, c(row$dim_x, row$dim_y), list(method = "KSG1", k = k))
  secs <- proc.time()[["elapsed"]] - t0
  cat(sprintf("%s,%d,%.17g,%.3f\n", row$task_id, row$seed, mi, secs), file = out, append = TRUE)
  message(sprintf("%-55s seed %d  rmi KSG1 %.6f  %.1f s", row$task_id, row$seed, mi, secs))
}

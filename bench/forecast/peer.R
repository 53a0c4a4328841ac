# R's forecast package on the windows ForecastBench wrote (bench/forecast/run calls this; Debian r-cran-forecast).
#   Rscript peer.R export-taylor OUT.csv          writes R's taylor series, one value a line after a header
#   Rscript peer.R forecast DIR MODELS K N [full]  reads DIR/index.csv (id,day,week,h) and DIR/w<id>.csv (one column,
#                                                 NA for gaps); does every N-th window from the K-th (so N processes
#                                                 can share the work); writes DIR/peer-K.csv and DIR/peer-time-K.csv
# MODELS is a comma list of snaive,stlf,tbats,arima. Gaps are filled with na.interp first (the window as collected,
# not TaskScope's prepared one). Each model's work is bounded: auto.arima stepwise without seasonal ARIMA terms (the
# seasons come from Fourier terms K = c(6, 6), as upstream's examples do); tbats single-threaded and, unless "full",
# without Box-Cox and trend (ARMA errors kept): ~11 s a window instead of ~110 s for the full search on taylor.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)

if (args[1] == "export-taylor") {
  write.csv(data.frame(value = as.numeric(taylor)), args[2], row.names = FALSE)
  quit(status = 0)
}

dir <- args[2]
models <- strsplit(args[3], ",")[[1]]
shard <- as.integer(args[4])
shards <- as.integer(args[5])
full.tbats <- length(args) >= 6 && args[6] == "full"
index <- read.csv(file.path(dir, "index.csv"))
out <- file.path(dir, sprintf("peer-%d.csv", shard))
times <- file.path(dir, sprintf("peer-time-%d.csv", shard))
cat("id,model,step,point,lo80,hi80,lo95,hi95\n", file = out)
cat("id,model,seconds,error\n", file = times)

fit <- function(model, y, h) {
  lv <- c(80, 95)
  switch(model,
    snaive = snaive(ts(as.numeric(y), frequency = attr(y, "msts")[2]), h = h, level = lv),
    stlf = stlf(y, h = h, level = lv),
    tbats = forecast(if (full.tbats) tbats(y, use.parallel = FALSE) else tbats(y, use.box.cox = FALSE,
      use.trend = FALSE, use.damped.trend = FALSE, use.parallel = FALSE), h = h, level = lv),
    arima = {
      k <- pmin(6, floor(attr(y, "msts") / 2) - 1)
      a <- auto.arima(y, xreg = fourier(y, K = k), seasonal = FALSE, stepwise = TRUE)
      forecast(a, xreg = fourier(y, K = k, h = h), level = lv)
    })
}

for (r in seq(shard, nrow(index), by = shards)) {
  id <- index$id[r]
  h <- index$h[r]
  v <- read.csv(file.path(dir, sprintf("w%d.csv", id)))$value
  y <- msts(v, seasonal.periods = c(index$day[r], index$week[r]))
  if (anyNA(y)) y <- na.interp(y)
  for (m in models) {
    t0 <- proc.time()[["elapsed"]]
    f <- tryCatch(fit(m, y, h), error = function(e) e)
    dt <- proc.time()[["elapsed"]] - t0
    if (inherits(f, "error")) {
      cat(sprintf("%d,%s,%.3f,\"%s\"\n", id, m, dt, gsub("[\"\n]", " ", conditionMessage(f))), file = times,
          append = TRUE)
      next
    }
    cat(sprintf("%d,%s,%.3f,\n", id, m, dt), file = times, append = TRUE)
    rows <- sprintf("%d,%s,%d,%.10g,%.10g,%.10g,%.10g,%.10g", id, m, seq_len(h), as.numeric(f$mean),
      as.numeric(f$lower[, 1]), as.numeric(f$upper[, 1]), as.numeric(f$lower[, 2]), as.numeric(f$upper[, 2]))
    cat(rows, sep = "\n", file = out, append = TRUE)
    cat("\n", file = out, append = TRUE)
  }
}

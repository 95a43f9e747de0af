# Fixtures and reference outputs for package scoring (funnel).
# Run from this folder:  Rscript make_fixtures.R
# Needs Debian's r-base-core, r-cran-glmnet and r-cran-brglm2. Writes:
#   leads.csv            the data (seeded; see README.md)
#   ref_*.csv            reference outputs: coefficients (term, estimate, std_error, z, p_value)
#   ref_stats.csv        scalar references (case, stat, value)
#   r_version.txt        R and package versions
suppressMessages({ library(glmnet); library(brglm2) })
set.seed(20240601)
n <- 1500
visits   <- rpois(n, 4)
pricing  <- rpois(n, 0.8)
webinar  <- rpois(n, 0.5)
trial    <- rbinom(n, 1, 0.2)
industry <- sample(c("Software", "Finance", "Retail", "Healthcare"), n, replace = TRUE, prob = c(.4, .25, .2, .15))
employees <- round(10^runif(n, 1, 4))
ind_eff <- c(Software = 0, Finance = 0.4, Retail = -0.5, Healthcare = 0.2)[industry]
eta <- -2.5 + 0.08 * visits + 0.5 * pricing + 0.3 * webinar + 1.2 * trial + ind_eff + 5e-5 * employees
won <- rbinom(n, 1, plogis(eta))
# A partner-referral flag present on 15 rows, all of them won: quasi-complete separation.
partner <- integer(n); partner[sample(which(won == 1), 15)] <- 1L
d <- data.frame(lead_id = sprintf("L%04d", seq_len(n)), won, visits, pricing, webinar, trial, industry, employees,
                pricing_x2 = 2 * pricing, engaged = visits + pricing, source = "web", partner)
write.csv(d, "leads.csv", row.names = FALSE, quote = FALSE)
# Reference level: the most frequent (Software), then levels in this order.
d$industry <- factor(d$industry, levels = c("Software", "Finance", "Retail", "Healthcare"))

ctl <- glm.control(epsilon = 1e-12, maxit = 100)
stats <- data.frame(case = character(), stat = character(), value = character())
put <- function(case, stat, value) stats[nrow(stats) + 1, ] <<- list(case, stat, sprintf("%.17g", value))
coefs <- function(m, file) {
  s <- coef(summary(m)); b <- coef(m)
  out <- data.frame(term = names(b), estimate = b, std_error = NA, z = NA, p_value = NA)
  out[rownames(s), c("std_error", "z", "p_value")] <- s[, 2:4]
  out$estimate <- sprintf("%.17g", out$estimate); out$std_error <- sprintf("%.17g", out$std_error)
  out$z <- sprintf("%.17g", out$z); out$p_value <- sprintf("%.17g", out$p_value)
  write.csv(out, file, row.names = FALSE, quote = FALSE)
}
glmstats <- function(case, m) {
  put(case, "log_likelihood", as.numeric(logLik(m))); put(case, "deviance", deviance(m))
  put(case, "null_deviance", m$null.deviance); put(case, "aic", AIC(m)); put(case, "bic", BIC(m))
  put(case, "iterations", m$iter); put(case, "rank", m$rank)
}

# main: counts, an indicator, a categorical, a numeric attribute.
f_main <- won ~ visits + pricing + webinar + trial + industry + employees
m <- glm(f_main, binomial, d, control = ctl)
coefs(m, "ref_main.csv"); glmstats("main", m)
write.csv(data.frame(fitted = sprintf("%.17g", fitted(m))), "ref_main_fitted.csv", row.names = FALSE, quote = FALSE)
# VIF = 1 / (1 - R^2) of each term on the others (intercept included), from the model matrix.
X <- model.matrix(m)[, -1]
for (j in colnames(X)) put("main_vif", j, 1 / (1 - summary(lm(X[, j] ~ X[, colnames(X) != j]))$r.squared))

# aliased: pricing_x2 = 2 pricing and engaged = visits + pricing; R drops the later ones (NA).
m <- glm(won ~ visits + pricing + pricing_x2 + webinar + engaged + trial + industry + employees, binomial, d, control = ctl)
coefs(m, "ref_aliased.csv"); glmstats("aliased", m)
# the same pair in the other order: now pricing is the later one and is dropped.
m <- glm(won ~ visits + pricing_x2 + pricing + webinar + trial + industry + employees, binomial, d, control = ctl)
coefs(m, "ref_aliased_reversed.csv"); glmstats("aliased_reversed", m)

# separated: partner (all 15 rows won). R warns "fitted probabilities numerically 0 or 1 occurred".
f_sep <- won ~ visits + pricing + webinar + trial + partner + industry
m <- withCallingHandlers(glm(f_sep, binomial, d, control = glm.control(maxit = 100)),
  warning = function(w) { cat("glm warning:", conditionMessage(w), "\n"); invokeRestart("muffleWarning") })
# R's glm stops (default control) with a large, finite partner coefficient and a huge standard error, silently.
sink("ref_separation.txt"); print(coef(summary(m))["partner", ]); cat("converged", m$converged, "iter", m$iter, "\n"); sink()

# Firth (brglm2, type "AS_mean" = Firth's bias reduction for the logit link; same estimates as logistf).
# slowit = 0.5: with full steps brglmFit diverges on this separated fit; half steps converge.
m <- glm(f_sep, binomial, d, method = "brglmFit", type = "AS_mean", epsilon = 1e-12, maxit = 2000, slowit = 0.5)
coefs(m, "ref_firth.csv")
put("firth", "log_likelihood", as.numeric(logLik(m)))
# Firth on a tiny, completely separated data set (x = 1..6, y = 0 0 0 1 1 1).
tiny <- data.frame(x = 1:6, y = c(0, 0, 0, 1, 1, 1))
m <- glm(y ~ x, binomial, tiny, method = "brglmFit", type = "AS_mean", epsilon = 1e-12, maxit = 2000, slowit = 0.5)
coefs(m, "ref_firth_tiny.csv")

# Ridge and lasso: glmnet, standardize = FALSE, objective -loglik/n + lambda * penalty.
Xm <- model.matrix(f_main, d)[, -1]
for (a in c(0, 1)) {
  lam <- if (a == 0) 0.01 else 0.005
  g <- glmnet(Xm, d$won, family = "binomial", alpha = a, lambda = c(1, 0.5, 0.1, 0.05, lam), standardize = FALSE, thresh = 1e-20, maxit = 1e7)
  b <- as.matrix(coef(g, s = lam, exact = FALSE))[, 1]
  b <- b[, drop = TRUE]; b <- as.matrix(coef(g))[, 5]
  out <- data.frame(term = names(b), estimate = sprintf("%.17g", b))
  write.csv(out, if (a == 0) "ref_ridge.csv" else "ref_lasso.csv", row.names = FALSE, quote = FALSE)
  put(if (a == 0) "ridge" else "lasso", "lambda", lam)
}
write.csv(stats, "ref_stats.csv", row.names = FALSE, quote = FALSE)
writeLines(c(R.version.string, paste("glmnet", packageVersion("glmnet")), paste("brglm2", packageVersion("brglm2"))), "r_version.txt")

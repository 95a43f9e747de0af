// Package scoring derives lead-score weights from history: a logistic
// regression of a 0/1 outcome (won, became SQL, became MQL) on terms built
// from leads and their touches, with the statistics that tell an analyst how
// far to trust it, and the model file that scores new leads.
//
// The numerical core works on a Design (a dense, row-major matrix of terms,
// intercept first) and a 0/1 target:
//
//   - Logistic fits by Newton/IRLS (X'WX streamed block by block, Cholesky),
//     with an optional l2, l1 or Firth penalty; it drops constant and
//     aliased terms as R's glm does, warns about high VIF, and detects and
//     names separated terms;
//   - AUC, LogLoss, Brier, Calibration, Lift, Thresholds, BestF1 and
//     CapacityCutoff describe the predictions; CrossValidate validates them
//     by stratified k-fold; ScalePointsStep turns coefficients into points
//     in steps of 1 (or 0.5, 0.1) on a 0-100 scale, clamped; Signals is the
//     univariate view of each term.
//
// Deal size: AmountFit regresses a positive amount on the same terms, by a
// Gamma GLM with log link (IRLS) or least squares on log(amount) with
// Duan's smearing (see AmountRegression for the formulas, as R's glm and
// lm compute them); Fit runs it for FeatureConfig.Family gamma or
// lognormal, and Score gives its expected amount per lead, or the expected
// value P(win) x E[amount] beside a win model (ScoreOptions.Amount).
// Score also decays a win model's scores with the time since a lead's last
// activity and holds back recycled leads (adjustScores).
//
// Around it, BuildFeatures turns a funnel.Dataset into a Design without
// leakage (touches at or after a lead's cutoff never count), Fit runs the
// whole `funnel fit` and Model.Report and Model.File give its report and
// versioned model file; Score applies a model file to new leads.
//
// Nothing here reads files or prints: callers load the Dataset and render
// the reports.
package scoring

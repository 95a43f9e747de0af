"""Independent references for package scoring, made with numpy and scikit-learn.
Run from this folder after make_fixtures.R:  /usr/bin/python3 make_python_refs.py
Writes ref_python.csv (case, stat, value) and python_version.txt."""
import csv, sys
import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score, log_loss, brier_score_loss

rows = list(csv.DictReader(open("leads.csv")))
y = np.array([float(r["won"]) for r in rows])
levels = ["Finance", "Retail", "Healthcare"]  # reference level Software
def design(names):
    cols = [np.ones(len(rows))]
    for nm in names:
        if nm.startswith("industry="):
            cols.append(np.array([1.0 if r["industry"] == nm[9:] else 0.0 for r in rows]))
        else:
            cols.append(np.array([float(r[nm]) for r in rows]))
    return np.column_stack(cols)
out = []
def put(case, stat, value): out.append((case, stat, repr(float(value))))

# AUC, log-loss and Brier score of R's fitted probabilities, and AUC of a raw count with many ties.
fitted = np.array([float(r["fitted"]) for r in csv.DictReader(open("ref_main_fitted.csv"))])
put("main", "auc", roc_auc_score(y, fitted))
put("main", "log_loss", log_loss(y, fitted))
put("main", "brier", brier_score_loss(y, fitted))
visits = np.array([float(r["visits"]) for r in rows])
put("visits", "auc", roc_auc_score(y, visits))
put("pricing", "auc", roc_auc_score(y, np.array([float(r["pricing"]) for r in rows])))

def firth(X, y, iters=200):
    """Firth's penalized likelihood l(b) + 1/2 log det X'WX, maximized by Newton's method with the
    exact Hessian of the penalized log-likelihood taken by central differences of its analytic
    gradient (the modified score), and step-halving on the penalized log-likelihood."""
    def pll(b):
        mu = 1 / (1 + np.exp(-X @ b)); w = mu * (1 - mu)
        return np.sum(y * np.log(mu) + (1 - y) * np.log1p(-mu)) + 0.5 * np.linalg.slogdet(X.T @ (X * w[:, None]))[1]
    def score(b):
        mu = 1 / (1 + np.exp(-X @ b)); w = mu * (1 - mu)
        XtWX = X.T @ (X * w[:, None])
        h = w * np.einsum("ij,jk,ik->i", X, np.linalg.inv(XtWX), X)
        return X.T @ (y - mu + h * (0.5 - mu))
    b = np.zeros(X.shape[1])
    for _ in range(iters):
        g = score(b)
        H = np.empty((len(b), len(b)))
        for j in range(len(b)):
            e = np.zeros(len(b)); e[j] = 1e-5 * max(1, abs(b[j]))
            H[:, j] = (score(b + e) - score(b - e)) / (2 * e[j])
        step = np.linalg.solve(-(H + H.T) / 2, g)
        t = 1.0
        while pll(b + t * step) < pll(b) - 1e-12 and t > 1e-8:
            t /= 2
        b = b + t * step
        if np.max(np.abs(t * step)) < 1e-13:
            break
    mu = 1 / (1 + np.exp(-X @ b)); w = mu * (1 - mu)
    se = np.sqrt(np.diag(np.linalg.inv(X.T @ (X * w[:, None]))))
    return b, se, np.max(np.abs(score(b)))

Xt = np.column_stack([np.ones(6), np.arange(1, 7)]); yt = np.array([0, 0, 0, 1, 1, 1.0])
b, se, g = firth(Xt, yt)
for nm, bj, sj in zip(["(intercept)", "x"], b, se):
    put("firth_tiny", nm, bj); put("firth_tiny_se", nm, sj)
names = ["visits", "pricing", "webinar", "trial", "partner"] + ["industry=" + l for l in levels]
b, se, g = firth(design(names), y)
print("firth max |modified score| at the solution:", g, file=sys.stderr)
for nm, bj, sj in zip(["(intercept)"] + names, b, se):
    put("firth", nm, bj); put("firth_se", nm, sj)

# Ridge by exact Newton on -l/n + lambda/2 sum_{j>=1} b_j^2 (intercept unpenalized), lambda = 0.01.
names = ["visits", "pricing", "webinar", "trial"] + ["industry=" + l for l in levels] + ["employees"]
X = design(names); n = len(y); lam = 0.01
D = np.eye(X.shape[1]); D[0, 0] = 0
b = np.zeros(X.shape[1])
for _ in range(100):
    mu = 1 / (1 + np.exp(-X @ b)); w = mu * (1 - mu)
    step = np.linalg.solve(X.T @ (X * w[:, None]) + n * lam * D, X.T @ (y - mu) - n * lam * D @ b)
    b += step
    if np.max(np.abs(step)) < 1e-15:
        break
for nm, bj in zip(["(intercept)"] + names, b):
    put("ridge", nm, bj)

# Signals: per-class means, lift of presence, point-biserial correlation (scipy), rows present.
from scipy.stats import pointbiserialr
for nm in ["visits", "trial", "partner", "employees", "industry=Retail"]:
    x = design([nm])[:, 1]
    put("signal_" + nm, "mean_positive", x[y == 1].mean()); put("signal_" + nm, "mean_negative", x[y == 0].mean())
    present = x != 0
    put("signal_" + nm, "lift", y[present].mean() / y.mean()); put("signal_" + nm, "rows_present", present.sum())
    put("signal_" + nm, "correlation", pointbiserialr(y, x)[0])

# Calibration deciles of R's fitted probabilities (stable ascending sort, numpy array_split)
# and lift deciles (stable descending sort).
order = np.argsort(fitted, kind="stable")
for b, idx in enumerate(np.array_split(order, 10), 1):
    put("calibration", f"{b}/count", len(idx)); put("calibration", f"{b}/mean_predicted", fitted[idx].mean())
    put("calibration", f"{b}/observed_rate", y[idx].mean())
order = np.argsort(-fitted, kind="stable"); cum = 0
for b, idx in enumerate(np.array_split(order, 10), 1):
    cum += y[idx].sum()
    put("lift", f"{b}/positives", y[idx].sum()); put("lift", f"{b}/lift", y[idx].mean() / y.mean())
    put("lift", f"{b}/cumulative_gain", cum / y.sum())

# Thresholds on R's fitted probabilities (flag p >= cut-off), scikit-learn's precision, recall and F1.
from sklearn.metrics import precision_score, recall_score, f1_score
for c in [0.1, 0.25, 0.5]:
    flag = (fitted >= c).astype(int)
    put("threshold", f"{c}/precision", precision_score(y, flag)); put("threshold", f"{c}/recall", recall_score(y, flag))
    put("threshold", f"{c}/f1", f1_score(y, flag)); put("threshold", f"{c}/share", flag.mean())
best = max(sorted(set(fitted), reverse=True), key=lambda c: f1_score(y, (fitted >= c).astype(int)))
put("threshold", "best_f1_cutoff", best); put("threshold", "best_f1", f1_score(y, (fitted >= best).astype(int)))

with open("ref_python.csv", "w", newline="") as f:
    wr = csv.writer(f); wr.writerow(["case", "stat", "value"]); wr.writerows(out)
open("python_version.txt", "w").write(f"python {sys.version.split()[0]}, numpy {np.__version__}, scikit-learn {sklearn.__version__}\n")

package scoring

import (
	"fmt"
	"strings"
)

// Penalty is the kind of penalized likelihood a fit maximizes.
type Penalty int

// Penalties. With n rows, log-likelihood ℓ(β) and λ = LogisticOptions.Lambda,
// the fit maximizes
//
//	PenaltyNone:   ℓ(β)                         (maximum likelihood, as R's glm)
//	PenaltyL2:     ℓ(β) - n λ/2 Σ_{j≥1} β_j²     (ridge)
//	PenaltyL1:     ℓ(β) - n λ Σ_{j≥1} |β_j|      (lasso)
//	PenaltyFirth:  ℓ(β) + 1/2 log det X'W(β)X    (Firth's bias reduction, as R's logistf)
//
// The intercept β_0 is never penalized by l1 or l2, and terms are not
// standardized: ridge and lasso estimates equal those of R's
// glmnet(x, y, "binomial", alpha = 0 or 1, lambda = λ, standardize = FALSE).
const (
	PenaltyNone Penalty = iota + 1
	PenaltyL2
	PenaltyL1
	PenaltyFirth
)

// String returns none, l2, l1 or firth.
func (p Penalty) String() string {
	switch p {
	case PenaltyNone:
		return "none"
	case PenaltyL2:
		return "l2"
	case PenaltyL1:
		return "l1"
	case PenaltyFirth:
		return "firth"
	}
	return fmt.Sprintf("Penalty(%d)", int(p))
}

// ParsePenalty reads a penalty name: none, l2 (or ridge), l1 (or lasso), firth.
func ParsePenalty(s string) (Penalty, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "none", "":
		return PenaltyNone, nil
	case "l2", "ridge":
		return PenaltyL2, nil
	case "l1", "lasso":
		return PenaltyL1, nil
	case "firth":
		return PenaltyFirth, nil
	}
	return 0, fmt.Errorf("unknown penalty %q (use none, l2, l1 or firth)", s)
}

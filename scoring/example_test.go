package scoring_test

import (
	"fmt"

	"github.com/funnel-analytics/funnel/scoring"
)

// A fit on eight leads with one count term, then its points and the AUC
// of the training scores.
func ExampleLogistic() {
	visits := []float64{0, 1, 1, 2, 3, 3, 4, 6}
	won := []float64{0, 0, 1, 0, 0, 1, 1, 1}
	d := scoring.NewDesign([]string{"visits"}, len(visits))
	for i, v := range visits {
		d.Set(i, 1, v)
	}
	reg, err := scoring.Logistic(d, won, scoring.LogisticOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range reg.Terms {
		fmt.Printf("%-11s %7.4f  se %.4f  odds ratio %.3f\n", t.Name, t.Estimate, t.StdError, t.OddsRatio)
	}
	fmt.Printf("log-likelihood %.4f in %d iterations\n", reg.LogLikelihood, reg.Iterations)
	scale, scores, _ := scoring.ScalePoints(d, nil, reg)
	fmt.Printf("points per visit %g; scores %v\n", scale.Points[1], scores) // 6 visits: 102 points, scored 100
	fmt.Printf("AUC %.4f\n", scoring.AUC(scores, won))
	// R 4.2.2 glm(won ~ visits, binomial): -2.0707633804 (se 1.709655312),
	// 0.8640646267 (se 0.645999731), log-likelihood -4.10564949.

	// Output:
	// (intercept) -2.0708  se 1.7097  odds ratio 0.126
	// visits       0.8641  se 0.6460  odds ratio 2.373
	// log-likelihood -4.1056 in 5 iterations
	// points per visit 17; scores [0 17 17 34 51 51 68 100]
	// AUC 0.8125
}

// The AUC counts a tie between a positive and a negative as one half.
func ExampleAUC() {
	scores := []float64{0.1, 0.4, 0.4, 0.8}
	won := []float64{0, 0, 1, 1}
	fmt.Println(scoring.AUC(scores, won))
	// Output: 0.875
}

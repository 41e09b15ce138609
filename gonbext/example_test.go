package gonbext_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/toymodels/superposition/gonbext"
	"github.com/toymodels/superposition/toysup"
)

// dense is an n = 20, m = 5 result made by hand: the 5 most important features on the basis vectors, the rest
// dropped.
func dense() *toysup.Result {
	decay := 0.7
	cfg, err := toysup.Config{Features: 20, Hidden: 5, Steps: 10_000}.Resolve()
	if err != nil {
		panic(err)
	}
	cfg.ImportanceDecay = &decay
	in := toysup.Instance{FeatureProbability: cfg.FeatureProbabilities()[0], Importance: cfg.Importances()[0],
		W: make([][]float64, 20), B: make([]float64, 20), FinalLoss: 0.0465}
	for i := range in.W {
		in.W[i] = make([]float64, 5)
		if i < 5 {
			in.W[i][i] = 1
		}
	}
	return &toysup.Result{Config: cfg, Instances: []toysup.Instance{in}}
}

func ExampleDisplaySummary() {
	// Outside a GoNB notebook the summary table is printed as Markdown.
	if err := gonbext.DisplaySummary(dense(), nil); err != nil {
		panic(err)
	}
	// Output:
	// ### ReLU output, n = 20, m = 5, 10000 steps
	//
	// | instance | 1−S | final loss | eval loss | represented | D* |
	// |---|---|---|---|---|---|
	// | 0 | 1 | 0.0465 | – | 5/20 | 1.000 |
}

func ExampleDisplay() {
	// Outside a GoNB notebook, Display prints one line instead of the figure.
	gonbext.Display(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text font-weight="bold">My figure</text></svg>`)
	// Output: [figure "My figure", 110 bytes of SVG: shown in GoNB notebooks only]
}

func ExampleSelect() {
	// Outside a notebook (or with TOYSUP_HEADLESS=1) a Select renders its default choice once, statically.
	err := gonbext.Select(context.Background(), "1−S", []string{"1", "0.1", "0.01"}, 1,
		func(_ context.Context, i int) (string, error) {
			return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg"><text font-weight="bold">choice %d</text></svg>`, i), nil
		})
	fmt.Println(err, gonbext.Interactive())
	// Output:
	// 1−S: 0.1 (static: not in a notebook)
	// [figure "choice 1", 86 bytes of SVG: shown in GoNB notebooks only]
	// <nil> false
}

func ExampleCacheKey() {
	cfg := toysup.Config{Features: 20, Hidden: 5, FeatureProbability: toysup.Scalar(0.1)}
	a, _ := gonbext.CacheKey("section 2", cfg)
	cfg.Seed = 7
	b, _ := gonbext.CacheKey("section 2", cfg)
	fmt.Println(strings.HasPrefix(a, "toysup-section_2-"), len(a), a != b)
	// Output: true 33 true
}

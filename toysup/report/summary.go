package report

import (
	"fmt"
	"math"

	"github.com/toymodels/superposition/toysup"
)

// Summary is one row per instance of res: its feature probability, last training batch loss, loss on fresh
// samples (an[k].EvalLoss; "–" where an is nil or the loss NaN) and, for the tied models, the features
// represented (‖W_i‖ > 0.5) and D* = m/‖W‖_F². The abs model's W holds the input weights of an untied network,
// where those two mean nothing, so they are left out for it. an is `[instances]` or nil (computed from W).
func Summary(title string, res *toysup.Result, an []toysup.Analysis) (Table, error) {
	if res == nil {
		return Table{}, toysup.ArgErrorf("res", "is nil")
	}
	if an != nil && len(an) != len(res.Instances) {
		return Table{}, toysup.ArgErrorf("an", "got %d analyses, want instances = %d", len(an), len(res.Instances))
	}
	tied := res.Config.Model.Tied()
	t := Table{Title: title, Header: []string{"instance", "1−S", "final loss", "eval loss"}}
	if tied {
		t.Header = append(t.Header, "represented", "D*")
	}
	for k, in := range res.Instances {
		a := toysup.Analysis{EvalLoss: math.NaN()}
		if an != nil {
			a = an[k]
		} else if tied {
			a = toysup.AnalyzeWeights(in.W)
			a.EvalLoss = math.NaN()
		}
		row := []string{itoa(k), density(in.FeatureProbability[0]), num(in.FinalLoss), num(a.EvalLoss)}
		if tied {
			row = append(row, frac(a.Represented, res.Config.Features), fixed(a.DimensionsPerFeature, 3))
		}
		t.Rows = append(t.Rows, row)
	}
	if res.Run != nil {
		t.Note = fmt.Sprintf("%d steps, %s engine, %.1f s.", res.Config.Steps, res.Run.Engine, res.Run.Seconds)
	}
	return t, nil
}

package gonbext

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/janpfeifer/gonb/cache"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/reproduce"
	"github.com/toymodels/superposition/toysup/train"
)

// A notebook's section call (gonbext.Paper, trained through the cache) and `toysup reproduce` give the same
// numbers for the same preset: Section 2 in quick mode, every instance's weights bit for bit and every analysis
// (the loss on fresh samples included) equal; a second call reads the same from the cache without training.
func TestNotebookSectionMatchesReproduce(t *testing.T) {
	t.Setenv(EnvQuick, "1")
	outsideNotebook(t)
	captureText(t)
	dir := t.TempDir()
	if _, err := reproduce.Run(context.Background(), reproduce.Options{Dir: dir, Quick: true, Sections: []string{"2"}}); err != nil {
		t.Fatal(err)
	}
	storage, err := cache.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r := PaperIn(storage)
	if !r.Quick {
		t.Fatal("PaperIn ignores TOYSUP_QUICK")
	}
	first, err := r.Section2(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range []*paper.Trained{first.Linear, first.Sweep} {
		saved, err := toysup.LoadResult(filepath.Join(dir, tr.Experiment.Name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		want, err := paper.Runner{Quick: true}.Analyze(tr.Experiment, saved)
		if err != nil {
			t.Fatal(err)
		}
		// The sweep keeps the best seed of each density: every kept instance is one of reproduce's, with its
		// analysis.
		for i, in := range tr.Result.Instances {
			j := slices.IndexFunc(saved.Instances, func(s toysup.Instance) bool { return reflect.DeepEqual(s, in) })
			if j < 0 {
				t.Errorf("%s instance %d: the notebook's weights are not among reproduce's", tr.Experiment.Name, i)
				continue
			}
			if !reflect.DeepEqual(want[j], tr.Analyses[i]) {
				t.Errorf("%s instance %d: the notebook's analysis differs from reproduce's evaluation", tr.Experiment.Name, i)
			}
		}
		if len(tr.Result.Instances) == 0 {
			t.Errorf("%s: no instances", tr.Experiment.Name)
		}
	}
	calls := 0
	trainAnalyzeFunc = func(ctx context.Context, r paper.Runner, e paper.Experiment, p train.Progress) (*paper.Trained, error) {
		calls++
		return r.TrainAndAnalyze(ctx, e, p)
	}
	t.Cleanup(func() { trainAnalyzeFunc = defaultTrainAnalyze })
	again, err := r.Section2(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if calls != 0 || !reflect.DeepEqual(again.Intro.Result.Instances, first.Intro.Result.Instances) ||
		!reflect.DeepEqual(again.Sweep.Analyses, first.Sweep.Analyses) {
		t.Errorf("second call: %d trainings, same intro %v, same analyses %v; want 0 and the cached numbers", calls,
			reflect.DeepEqual(again.Intro.Result.Instances, first.Intro.Result.Instances), reflect.DeepEqual(again.Sweep.Analyses, first.Sweep.Analyses))
	}
}

package paper_test

import (
	"fmt"

	"github.com/toymodels/superposition/toysup/paper"
)

func ExampleSection2() {
	for _, e := range paper.Section2(false).All() {
		c, err := e.Config.Resolve()
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s: %s n=%d m=%d K=%d, %d steps\n", e.Name, c.Model, c.Features, c.Hidden, c.Instances, c.Steps)
	}
	// Output:
	// s2_linear: linear n=20 m=5 K=1, 10000 steps
	// s2_relu_sweep: relu_output n=20 m=5 K=28, 10000 steps
	// s2_scaled: relu_output n=80 m=20 K=21, 10000 steps
	// intro_5_in_2: relu_output n=5 m=2 K=24, 10000 steps
}

func ExampleRunner_Section3() {
	// The Section 3 grid in quick mode: 8 × 8 cells of 2 seeds (a full run: 16 × 16 cells of 10 seeds).
	p := paper.Section3(true)
	fmt.Println(len(p.Grid.Densities), len(p.Grid.Importances), p.Grid.Seeds, p.Phase2.Config.Instances)
	// Output: 8 8 2 128
}

package report_test

import (
	"fmt"

	"github.com/toymodels/superposition/toysup/report"
)

func ExampleTable() {
	t := report.Table{Title: "Losses", Header: []string{"1−S", "loss"}, Rows: [][]string{{"1", "0.25"}, {"0.1", "0.031"}}}
	fmt.Print(t.Markdown())
	// Output:
	// ### Losses
	//
	// | 1−S | loss |
	// |---|---|
	// | 1 | 0.25 |
	// | 0.1 | 0.031 |
}

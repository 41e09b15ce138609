package embed_test

import (
	"fmt"

	"github.com/toymodels/superposition/toysup/embed"
)

// The seed notebook's two cells, on the fixture shipped with the package (where the analogies hold exactly and
// ‖(wine − type) − (four − cat)‖ = √5).
func Example() {
	e, err := embed.Load("testdata/gpt2") // or embed.GPT2Dir() for the real GPT-2
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, expr := range []string{"(wine - type) - (four - cat)", "(boy - girl) - (man - woman)"} {
		fmt.Printf("%s: %.6f\n", expr, e.MustNorm(expr))
	}
	for _, pair := range [][2]string{{"wine - type", "four - cat"}, {"boy - girl", "man - woman"}} {
		fmt.Printf("'%s' vs '%s': %.6f\n", pair[0], pair[1], e.MustCosine(pair[0], pair[1]))
	}
	// Output:
	// (wine - type) - (four - cat): 2.236068
	// (boy - girl) - (man - woman): 0.000000
	// 'wine - type' vs 'four - cat': 0.447214
	// 'boy - girl' vs 'man - woman': 1.000000
}

func ExampleParse() {
	x, _ := embed.Parse(`((king - man)) + 0.5 woman + queen*2 - " boy"/4`)
	fmt.Println(x)
	_, err := embed.Parse("(boy - girl) - (man * woman)")
	fmt.Println(err)
	// Output:
	// king - man + 0.5*woman + 2*queen - " boy"/4
	// column 23: expected a number after '*', found word "woman": vectors are only scaled by numbers
	//   (boy - girl) - (man * woman)
	//                         ^
}

// The leading-space convention: in the fixture "Ġcat" is cat + (0, …, 0, 1), and cat = (0, 0, 0, 1, 0, …).
func ExampleWithLeadingSpace() {
	seed := embed.MustLoad("testdata/gpt2")
	spaced := embed.MustLoad("testdata/gpt2", embed.WithLeadingSpace(true))
	fmt.Printf("%.4f %.4f %.4f\n", seed.MustNorm("cat"), spaced.MustNorm("cat"), seed.MustNorm(`" cat"`))
	// Output: 1.0000 1.4142 1.4142
}

func ExampleEmbeddings_Vector() {
	e := embed.MustLoad("testdata/words.txt")
	v, _ := e.Vector("wine")
	fmt.Println(e.VocabSize(), "words of dimension", e.Dim(), "- wine starts", v[:4])
	_, err := e.Vector("Wine")
	fmt.Println(err)
	// Output:
	// 229 words of dimension 16 - wine starts [3 0 0.5 0]
	// "Wine" is not in words.txt, but "wine" is, in lower case
}

package gomlx

import (
	"sort"
	"sync"

	G "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// GoMLX v0.26.0 differentiates DotGeneral by building the broadcast outer product of the output gradient with the
// other operand and reducing it element by element; profiling found that the main cost of a training
// step on the pure-Go backend. dotGeneral records the axes of the products it builds, and the VJP registered below
// computes their gradients as two DotGenerals (plus a transpose), 2.4–3.6× faster; products built elsewhere keep
// GoMLX's own VJP. TestDotGeneralVJPMatchesBuiltin checks both give the same gradients.

// dotAxes are the axes of one DotGeneral node built by dotGeneral.
type dotAxes struct{ lhsContracting, lhsBatch, rhsContracting, rhsBatch []int }

var (
	// recordedDots holds the products built by dotGeneral, per graph, until the graph's gradients are built:
	// the engine's graph function calls forgetDots when it returns, so nothing outlives the build.
	recordedDots  = map[G.GraphId]map[*G.Node]dotAxes{}
	dotsMu        sync.Mutex
	builtinDotVJP G.VJP
	installVJP    sync.Once
)

// installDotGeneralVJP registers the faster DotGeneral gradient the first time this engine builds a graph (never
// from an init, so importing the package changes nothing). GoMLX keys VJPs by node type only; the registered
// function applies to the products recorded by dotGeneral and hands every other DotGeneral to GoMLX's own VJP, so
// graphs built elsewhere in the process differentiate exactly as before.
func installDotGeneralVJP() {
	installVJP.Do(func() {
		builtinDotVJP = G.VJPRegistration[G.NodeTypeDotGeneral]
		G.VJPRegistration[G.NodeTypeDotGeneral] = dotGeneralVJP
	})
}

// dotGeneral is graph.DotGeneral with its axes recorded for [dotGeneralVJP].
func dotGeneral(lhs *G.Node, lhsContracting, lhsBatch []int, rhs *G.Node, rhsContracting, rhsBatch []int) *G.Node {
	out := G.DotGeneral(lhs, lhsContracting, lhsBatch, rhs, rhsContracting, rhsBatch)
	dotsMu.Lock()
	defer dotsMu.Unlock()
	id := out.Graph().GraphId()
	if recordedDots[id] == nil {
		recordedDots[id] = map[*G.Node]dotAxes{}
	}
	recordedDots[id][out] = dotAxes{lhsContracting, lhsBatch, rhsContracting, rhsBatch}
	return out
}

// forgetDots drops the products recorded for g; call it once g's gradients are built.
func forgetDots(g *G.Graph) {
	dotsMu.Lock()
	defer dotsMu.Unlock()
	delete(recordedDots, g.GraphId())
}

// recordedDot returns the axes dotGeneral recorded for node, if it did.
func recordedDot(node *G.Node) (dotAxes, bool) {
	dotsMu.Lock()
	defer dotsMu.Unlock()
	ax, ok := recordedDots[node.Graph().GraphId()][node]
	return ax, ok
}

// dotGeneralVJP returns the gradients of a recorded DotGeneral with respect to lhs and rhs given the output's
// gradient v `[batch…, lhsCross…, rhsCross…]`, or defers to GoMLX's VJP for products it did not record.
func dotGeneralVJP(node *G.Node, vjpOutputs []*G.Node, outputShape shapes.Shape) []*G.Node {
	ax, ok := recordedDot(node)
	if !ok {
		return builtinDotVJP(node, vjpOutputs, outputShape)
	}
	lhs, rhs := node.Inputs()[0], node.Inputs()[1]
	v := vjpOutputs[0]
	nb := len(ax.lhsBatch)
	lhsCross := crossAxes(lhs.Rank(), ax.lhsContracting, ax.lhsBatch)
	rhsCross := crossAxes(rhs.Rank(), ax.rhsContracting, ax.rhsBatch)
	vBatch := seq(0, nb)
	vLhsCross := seq(nb, nb+len(lhsCross))
	vRhsCross := seq(nb+len(lhsCross), nb+len(lhsCross)+len(rhsCross))
	// d lhs = v · rhs, contracting rhs's cross axes: `[batch…, lhsCross…, rhs's contracting axes in rhs order…]`.
	gl := G.DotGeneral(v, vRhsCross, vBatch, rhs, rhsCross, ax.rhsBatch)
	gl = toOperandOrder(gl, lhs.Rank(), ax.lhsBatch, lhsCross, pairedInOrderOf(ax.rhsContracting, ax.lhsContracting))
	// d rhs = v · lhs, contracting lhs's cross axes: `[batch…, rhsCross…, lhs's contracting axes in lhs order…]`.
	gr := G.DotGeneral(v, vLhsCross, vBatch, lhs, lhsCross, ax.lhsBatch)
	gr = toOperandOrder(gr, rhs.Rank(), ax.rhsBatch, rhsCross, pairedInOrderOf(ax.lhsContracting, ax.rhsContracting))
	return []*G.Node{gl, gr}
}

// toOperandOrder transposes g, whose axes are the operand's batch, cross and contracting axes in that order, back
// to the operand's own axis order.
func toOperandOrder(g *G.Node, rank int, batch, cross, contracting []int) *G.Node {
	perm := make([]int, rank) // perm[operand axis] = axis of g.
	pos := 0
	for _, group := range [][]int{batch, cross, contracting} {
		for _, a := range group {
			perm[a] = pos
			pos++
		}
	}
	for i, p := range perm {
		if i != p {
			return G.TransposeAllAxes(g, perm...)
		}
	}
	return g
}

// pairedInOrderOf returns this operand's contracting axes ordered as their partners in other appear in other's
// axis order (the order in which DotGeneral leaves other's uncontracted axes).
func pairedInOrderOf(other, this []int) []int {
	idx := seq(0, len(other))
	sort.Slice(idx, func(i, j int) bool { return other[idx[i]] < other[idx[j]] })
	out := make([]int, len(idx))
	for i, k := range idx {
		out[i] = this[k]
	}
	return out
}

// crossAxes are the axes of an operand of the given rank that are neither contracted nor batch, in order.
func crossAxes(rank int, contracting, batch []int) []int {
	used := make([]bool, rank)
	for _, a := range contracting {
		used[a] = true
	}
	for _, a := range batch {
		used[a] = true
	}
	var out []int
	for a := range used {
		if !used[a] {
			out = append(out, a)
		}
	}
	return out
}

func seq(from, to int) []int {
	out := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

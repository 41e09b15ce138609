package gomlx

// Conversions between the host's float64 slices and the engines' float32 ones.

func toFloat64(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

func toFloat32_1(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

func toFloat32_2(v [][]float64) [][]float32 {
	out := make([][]float32, len(v))
	for i := range v {
		out[i] = toFloat32_1(v[i])
	}
	return out
}

func toFloat32(v [][][]float64) [][][]float32 {
	out := make([][][]float32, len(v))
	for i := range v {
		out[i] = toFloat32_2(v[i])
	}
	return out
}

func toFloat64_2(v [][]float32) [][]float64 {
	out := make([][]float64, len(v))
	for i := range v {
		out[i] = toFloat64(v[i])
	}
	return out
}

func toFloat64_3(v [][][]float32) [][][]float64 {
	out := make([][][]float64, len(v))
	for i := range v {
		out[i] = toFloat64_2(v[i])
	}
	return out
}

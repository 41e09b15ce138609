package embed

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// rawTensor is a tensor to write: its little-endian bytes in dtype.
type rawTensor struct {
	name  string
	dtype string
	shape []int
	data  []byte
}

// encodeSafetensors writes tensors in the safetensors format, data in the given order, the header padded with
// spaces to a multiple of 8 bytes as the reference implementation does.
func encodeSafetensors(tensors []rawTensor, metadata map[string]string) []byte {
	header := map[string]any{}
	if metadata != nil {
		header["__metadata__"] = metadata
	}
	var data []byte
	for _, t := range tensors {
		header[t.name] = map[string]any{"dtype": t.dtype, "shape": t.shape, "data_offsets": []int{len(data), len(data) + len(t.data)}}
		data = append(data, t.data...)
	}
	h, err := json.Marshal(header)
	if err != nil {
		panic(err)
	}
	for len(h)%8 != 0 {
		h = append(h, ' ')
	}
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(h)))
	out = append(out, h...)
	return append(out, data...)
}

func f32Bytes(v []float32) []byte {
	var b []byte
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	return b
}

func u16Bytes(v []uint16) []byte {
	var b []byte
	for _, x := range v {
		b = binary.LittleEndian.AppendUint16(b, x)
	}
	return b
}

// float32ToFloat16 encodes x as IEEE half precision, for x that half precision holds exactly (zero, or a normal
// number whose fraction fits in 10 bits); ok is false otherwise.
func float32ToFloat16(x float32) (uint16, bool) {
	bits := math.Float32bits(x)
	sign := uint16(bits>>31) << 15
	if bits&0x7fffffff == 0 {
		return sign, true
	}
	exp := int(bits>>23&0xff) - 127 + 15
	frac := bits & 0x7fffff
	if exp <= 0 || exp >= 0x1f || frac&0x1fff != 0 {
		return 0, false
	}
	return sign | uint16(exp)<<10 | uint16(frac>>13), true
}

// float32ToBFloat16 encodes x as bfloat16 when that is exact.
func float32ToBFloat16(x float32) (uint16, bool) {
	bits := math.Float32bits(x)
	return uint16(bits >> 16), bits&0xffff == 0
}

func TestFloat16Decoding(t *testing.T) {
	cases := []struct {
		bits uint16
		want float64
	}{
		{0x3C00, 1}, {0xC000, -2}, {0x3800, 0.5}, {0x3555, 0.333251953125}, {0x7BFF, 65504},
		{0x0400, math.Ldexp(1, -14)}, {0x0001, math.Ldexp(1, -24)}, {0x83FF, -1023 * math.Ldexp(1, -24)},
		{0x0000, 0}, {0x7C00, math.Inf(1)}, {0xFC00, math.Inf(-1)},
	}
	for _, c := range cases {
		if got := Float16ToFloat32(c.bits); float64(got) != c.want {
			t.Errorf("Float16ToFloat32(%#04x) = %g, want %g", c.bits, got, c.want)
		}
	}
	if got := Float16ToFloat32(0x8000); got != 0 || !math.Signbit(float64(got)) {
		t.Errorf("Float16ToFloat32(0x8000) = %g, want -0", got)
	}
	if got := Float16ToFloat32(0x7E00); !math.IsNaN(float64(got)) {
		t.Errorf("Float16ToFloat32(0x7E00) = %g, want NaN", got)
	}
}

func TestBFloat16Decoding(t *testing.T) {
	cases := []struct {
		bits uint16
		want float64
	}{{0x3F80, 1}, {0xC040, -3}, {0x4049, 3.140625}, {0x3E80, 0.25}, {0x0000, 0}, {0x7F80, math.Inf(1)}}
	for _, c := range cases {
		if got := BFloat16ToFloat32(c.bits); float64(got) != c.want {
			t.Errorf("BFloat16ToFloat32(%#04x) = %g, want %g", c.bits, got, c.want)
		}
	}
}

// TestReadTinyTensors writes a 2×3 matrix in F32, F16 and BF16 (bit patterns written by hand) and reads each
// back.
func TestReadTinyTensors(t *testing.T) {
	want := []float32{1, -2, 0.5, 0.25, 3, -0.125}
	file := encodeSafetensors([]rawTensor{
		{"a32", "F32", []int{2, 3}, f32Bytes(want)},
		{"a16", "F16", []int{2, 3}, u16Bytes([]uint16{0x3C00, 0xC000, 0x3800, 0x3400, 0x4200, 0xB000})},
		{"abf", "BF16", []int{2, 3}, u16Bytes([]uint16{0x3F80, 0xC000, 0x3F00, 0x3E80, 0x4040, 0xBE00})},
		{"ids", "I64", []int{1}, make([]byte, 8)},
	}, map[string]string{"format": "pt"})
	r := bytes.NewReader(file)
	h, err := ReadSafetensorsHeader(r, int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	if h.Metadata["format"] != "pt" || strings.Join(h.Names(), ",") != "a16,a32,abf,ids" {
		t.Fatalf("header: metadata %v, names %v", h.Metadata, h.Names())
	}
	if h.DataOffset%8 != 0 {
		t.Errorf("data offset %d is not padded to 8", h.DataOffset)
	}
	for _, name := range []string{"a32", "a16", "abf"} {
		got, err := ReadTensorFloat32(r, h, name)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) || h.Tensors[name].Shape[0] != 2 || h.Tensors[name].Shape[1] != 3 {
			t.Fatalf("%s: %v shape %v", name, got, h.Tensors[name].Shape)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s[%d] = %g, want %g", name, i, got[i], want[i])
			}
		}
	}
	if _, err := ReadTensorFloat32(r, h, "ids"); err == nil || !strings.Contains(err.Error(), "I64") {
		t.Errorf("reading an I64 tensor as float: err = %v", err)
	}
}

func TestSafetensorsHeaderErrors(t *testing.T) {
	good := encodeSafetensors([]rawTensor{{"w", "F32", []int{2}, f32Bytes([]float32{1, 2})}}, nil)
	withHeader := func(h string, data int) []byte {
		b := binary.LittleEndian.AppendUint64(nil, uint64(len(h)))
		return append(append(b, h...), make([]byte, data)...)
	}
	cases := []struct {
		name string
		file []byte
		want string
	}{
		{"short", []byte{1, 2, 3}, "too short"},
		{"length beyond file", binary.LittleEndian.AppendUint64(nil, 1000), "exceeds the file"},
		{"truncated data", good[:len(good)-1], "outside the"},
		{"not json", withHeader("[1,2]   ", 0), "not a JSON object"},
		{"bad dtype", withHeader(`{"w":{"dtype":"F12","shape":[1],"data_offsets":[0,4]}}`, 4), `unknown dtype "F12"`},
		{"size mismatch", withHeader(`{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}`, 4), "needs 8 bytes"},
		{"offsets", withHeader(`{"w":{"dtype":"F32","shape":[1],"data_offsets":[4]}}`, 4), "data_offsets must be"},
		{"negative shape", withHeader(`{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}`, 4), "bad shape"},
	}
	for _, c := range cases {
		_, err := ReadSafetensorsHeader(bytes.NewReader(c.file), int64(len(c.file)))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to contain %q", c.name, err, c.want)
		}
	}
	if _, err := ReadSafetensorsHeader(bytes.NewReader(good), int64(len(good))); err != nil {
		t.Errorf("good file: %v", err)
	}
}

package form

// Option is one choice in a select, a set of radios or checkboxes.
type Option struct {
	Value, Label string
	Hint         string
	// Divider is a word shown before this choice to set it apart from the
	// ones above ("or"), as the NHS radios divider does.
	Divider string
}

// Options pairs values with labels: Options("yes", "Yes", "no", "No").
func Options(valueLabel ...string) []Option {
	out := make([]Option, 0, len(valueLabel)/2)
	for i := 0; i+1 < len(valueLabel); i += 2 {
		out = append(out, Option{Value: valueLabel[i], Label: valueLabel[i+1]})
	}
	return out
}

package nn

import "fmt"

// StateEntry is one tensor of a model's state dict: its name there and the
// parameter or buffer that holds it.
type StateEntry struct {
	Name  string
	Param *Param
}

// StateDict returns model's parameters and buffers under the names and in
// the order of PyTorch's state_dict for the same module: a layer's own
// Params, then its Buffers (Buffered), then, for a Container, those of
// each child under the child's name and a dot ("conv1.weight",
// "0.bias", "layer1.0.bn1.running_mean"), or with none where the name is
// empty, so that a Sequential named ("", "relu") around a Residual puts
// the block's tensors where PyTorch's BasicBlock has them. A container's
// own parameters are those of its Params and Buffers that no child holds
// (Sequential has none).
func StateDict(model Layer) []StateEntry {
	return appendState(nil, "", model)
}

// appendState appends the entries of l, its names prefixed by prefix.
func appendState(entries []StateEntry, prefix string, l Layer) []StateEntry {
	var inner []StateEntry
	if c, ok := l.(Container); ok {
		for _, ch := range c.Children() {
			p := prefix
			if ch.Name != "" {
				p += ch.Name + "."
			}
			inner = appendState(inner, p, ch.Layer)
		}
	}
	held := make(map[*Param]bool, len(inner))
	for _, e := range inner {
		held[e.Param] = true
	}
	own := func(ps []*Param) {
		for _, p := range ps {
			if !held[p] {
				entries = append(entries, StateEntry{Name: prefix + p.Name, Param: p})
			}
		}
	}
	own(l.Params())
	if b, ok := l.(Buffered); ok {
		own(b.Buffers())
	}
	return append(entries, inner...)
}

// uniqueNames returns an error naming a name two entries share, or nil.
func uniqueNames(entries []StateEntry) error {
	seen := make(map[string]bool, len(entries))
	for _, e := range entries {
		if seen[e.Name] {
			return fmt.Errorf("the model has two tensors named %q", e.Name)
		}
		seen[e.Name] = true
	}
	return nil
}

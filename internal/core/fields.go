package core

// Problems collects field errors while an input is validated, so that one
// answer names every bad field instead of only the first.
type Problems struct {
	fields []FieldError
}

// Add records that field is wrong, with a message saying why.
func (p *Problems) Add(field, message string, value any) {
	p.fields = append(p.fields, FieldError{Field: field, Message: message, Value: value})
}

// Require records a problem when ok is false.
func (p *Problems) Require(ok bool, field, message string, value any) {
	if !ok {
		p.Add(field, message, value)
	}
}

// MaxLen records a problem when s is longer than n characters.
func (p *Problems) MaxLen(field, s string, n int) {
	if len([]rune(s)) > n {
		p.Add(field, "is longer than the limit", len([]rune(s)))
	}
}

// Merge adds the field errors of another collection, prefixing each field.
func (p *Problems) Merge(prefix string, fields []FieldError) {
	for _, f := range fields {
		name := f.Field
		if prefix != "" {
			name = prefix + "." + name
		}
		p.fields = append(p.fields, FieldError{Field: name, Message: f.Message, Value: f.Value})
	}
}

// Empty reports whether no problem was recorded.
func (p *Problems) Empty() bool { return len(p.fields) == 0 }

// Err returns nil when nothing is wrong, and otherwise an Invalid error with
// message msg that lists every recorded field.
func (p *Problems) Err(msg string) error {
	if p.Empty() {
		return nil
	}
	return &Error{Code: Invalid, Message: msg, Fields: append([]FieldError(nil), p.fields...)}
}

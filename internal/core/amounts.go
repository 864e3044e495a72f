package core

import (
	"strconv"
	"strings"
)

// Count writes an amount of things as people do: "1 tool", "3 tools",
// "0 tools". many is the plural of one.
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// Amount writes a quantity with at most one decimal and without a trailing
// ".0": 12, 12.5, 0.3.
func Amount(f float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(f, 'f', 1, 64), ".0")
}

// Hours writes a number of hours as people do: "1 hour", "12 hours",
// "1.5 hours".
func Hours(h float64) string {
	if s := Amount(h); s != "1" {
		return s + " hours"
	}
	return "1 hour"
}

// OneOf lists values for a message or help text: "a, b or c".
func OneOf[T ~string](values []T) string {
	switch len(values) {
	case 0:
		return ""
	case 1:
		return string(values[0])
	}
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = string(v)
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// EnumValues is values as the comma-separated list an enum declares.
func EnumValues[T ~string](values []T) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = string(v)
	}
	return strings.Join(parts, ",")
}

package testenv_test

import (
	"testing"

	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// BenchmarkNew measures what one test world costs: a database copied from
// the template, the services and the HTTP stack.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		b.Run("world", func(b *testing.B) { testenv.New(b) })
	}
}

package store_test

import (
	"os"
	"testing"
)

// TestMain removes what tests share across the package once they are done.
func TestMain(m *testing.M) {
	code := m.Run()
	removeSharedInstallation()
	os.Exit(code)
}

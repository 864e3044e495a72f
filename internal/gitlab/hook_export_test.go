package gitlab

// SetDrained tells a test after each pass of the worker.
func SetDrained(h *Hooks, f func(n int)) { h.drained = f }

package journey

// SplitEverything makes every analysis cut its work into n parts however
// small, until the returned function is called.
func SplitEverything(n int) (restore func()) {
	saved := workers
	workers = func(int) int { return n }
	return func() { workers = saved }
}

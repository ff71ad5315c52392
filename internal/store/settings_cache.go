package store

import (
	"sync"
	"time"
)

// Every record request reads the re-access window, a value that changes a
// few times a year. Each process keeps it for at most settingsTTL, so a
// change made through another `serve` process on the same database takes
// effect there within a second (a change made here takes effect at once:
// the setter forgets the value).

// settingsTTL is how long a process trusts a setting it has read.
const settingsTTL = time.Second

// cachedSetting is one setting as this process last read it.
type cachedSetting[T any] struct {
	mu    sync.Mutex
	v     T
	until time.Time
}

// read returns the setting if it was read within settingsTTL, or reads it
// with fresh and keeps it.
func (c *cachedSetting[T]) read(fresh func() (T, error)) (T, error) {
	c.mu.Lock()
	if time.Now().Before(c.until) {
		defer c.mu.Unlock()
		return c.v, nil
	}
	c.mu.Unlock()
	v, err := fresh()
	if err == nil {
		c.mu.Lock()
		c.v, c.until = v, time.Now().Add(settingsTTL)
		c.mu.Unlock()
	}
	return v, err
}

// forget makes the next read fresh.
func (c *cachedSetting[T]) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.until = time.Time{}
}

package store

import (
	"sync"
	"time"
)

// Every signed-in request read the two-factor switch, and every record
// request the re-access window: two statements a page for values that
// change a few times a year. Each process keeps them for at most
// settingsTTL, so a change made through another `serve` process on the
// same database takes effect there within a second (a change made here
// takes effect at once: the setter forgets the value).

// settingsTTL is how long a process trusts a setting it has read.
const settingsTTL = time.Second

type settingsCache struct {
	mu sync.Mutex
	m  map[string]cachedSetting
}

type cachedSetting struct {
	v     any
	until time.Time
}

func (c *settingsCache) get(name string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.m[name]
	if !ok || time.Now().After(s.until) {
		return nil, false
	}
	return s.v, true
}

func (c *settingsCache) put(name string, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]cachedSetting{}
	}
	c.m[name] = cachedSetting{v: v, until: time.Now().Add(settingsTTL)}
}

func (c *settingsCache) forget(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, name)
}

// cachedRead returns the setting name from the cache, or reads it with
// read and keeps it.
func cachedRead[T any](c *settingsCache, name string, read func() (T, error)) (T, error) {
	if v, ok := c.get(name); ok {
		return v.(T), nil
	}
	v, err := read()
	if err == nil {
		c.put(name, v)
	}
	return v, err
}

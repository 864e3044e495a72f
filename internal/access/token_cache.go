package access

import (
	"crypto/sha256"
	"sync"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// TokenCacheTTL bounds how long a verified token is trusted without reading
// the database again. Revoking a token, or changing or disabling its user,
// through this service takes effect at once; the bound covers changes made
// elsewhere (another process on the same database).
const TokenCacheTTL = 10 * time.Second

// maxCachedTokens bounds the cache; when full it starts again empty.
const maxCachedTokens = 4096

// tokenCache remembers tokens verified recently, keyed by the SHA-256 of the
// presented secret, so that a request does not pay a query and an HMAC. Only
// successes are kept. forget empties it and starts a new generation: an
// answer read from the database before a change is not stored after it.
type tokenCache struct {
	mu      sync.Mutex
	gen     uint64
	entries map[[sha256.Size]byte]cachedToken
}

type cachedToken struct {
	actor core.Actor
	until time.Time
}

func newTokenCache() *tokenCache {
	return &tokenCache{entries: make(map[[sha256.Size]byte]cachedToken)}
}

// lookup returns the actor of a secret verified before and still fresh at
// now, and the generation to pass to store when it is not.
func (c *tokenCache) lookup(key [sha256.Size]byte, now time.Time) (core.Actor, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if ok && now.Before(e.until) {
		return e.actor, c.gen, true
	}
	if ok {
		delete(c.entries, key)
	}
	return core.Actor{}, c.gen, false
}

// store keeps a verified token until until, unless the cache was emptied
// since gen was read.
func (c *tokenCache) store(key [sha256.Size]byte, gen uint64, a core.Actor, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if len(c.entries) >= maxCachedTokens {
		clear(c.entries)
	}
	c.entries[key] = cachedToken{actor: a, until: until}
}

// forget drops every cached token: called after a token is revoked or a
// user's role or state changes, before the change is reported done.
func (c *tokenCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
}

package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"
)

// cacheMetadata marks an operation whose answer is a function of the
// database, the caller's role and the query string, and nothing else: its
// encoded answers are kept while the database does not change.
const cacheMetadata = "interlock-page-cache"

// Bounds of the page cache: all of it is dropped when the database changes.
const (
	maxCachedPages     = 512
	maxCachedPageBytes = 32 << 20
)

// cachedPages marks o as cacheable (see cacheMetadata) and says that it
// answers with an ETag and 304 on If-None-Match.
func cachedPages(o huma.Operation) huma.Operation {
	if o.Metadata == nil {
		o.Metadata = map[string]any{}
	}
	o.Metadata[cacheMetadata] = true
	if o.Responses == nil {
		o.Responses = map[string]*huma.Response{}
	}
	o.Responses["304"] = &huma.Response{Description: "Not Modified: the answer is still the one whose ETag was sent in If-None-Match"}
	o.Description = strings.TrimSpace(o.Description + " The answer has an ETag; If-None-Match with it gets 304 while nothing changed.")
	return o
}

// pageCache keeps encoded 200 answers by data version (store.DB.DataVersion):
// any commit changes the version, and the first request after it starts a
// new, empty cache.
type pageCache struct {
	version func(context.Context) (int64, error)

	mu      sync.Mutex
	at      int64
	size    int
	entries map[string]*cachedPage
}

// headerLine is one header set (or appended) while an answer was made.
type headerLine struct {
	name, value string
	add         bool
}

// cachedPage is one encoded answer with the headers it was written with.
type cachedPage struct {
	header []headerLine
	etag   string
	body   []byte
}

func newPageCache(version func(context.Context) (int64, error)) *pageCache {
	if version == nil {
		return nil
	}
	return &pageCache{version: version, entries: map[string]*cachedPage{}}
}

func (c *pageCache) get(v int64, key string) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.at {
		return nil
	}
	return c.entries[key]
}

func (c *pageCache) put(v int64, key string, p *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v < c.at {
		return // computed before a change another request has already seen
	}
	if v != c.at {
		c.at, c.size = v, 0
		clear(c.entries)
	}
	if len(c.entries) >= maxCachedPages || c.size+len(p.body) > maxCachedPageBytes {
		return
	}
	c.entries[key] = p
	c.size += len(p.body)
}

// cachePages answers GET operations marked cachedPages from the cache while
// the database has not changed, and gives every answer of theirs an ETag
// (a hash of the body) honoured by If-None-Match. It runs after
// authentication: the key holds the caller's role and the negotiated type.
func (s *server) cachePages(ctx huma.Context, next func(huma.Context)) {
	op := ctx.Operation()
	if op == nil || op.Metadata[cacheMetadata] != true || ctx.Method() != http.MethodGet {
		next(ctx)
		return
	}
	key := string(actorOf(ctx.Context()).Role) + " " + negotiated(ctx) + " " + ctx.URL().RawQuery
	var v int64
	cacheable := false
	if s.pages != nil {
		var err error
		v, err = s.pages.version(ctx.Context())
		cacheable = err == nil
		if p := s.pages.get(v, key); cacheable && p != nil {
			writePage(ctx, p)
			return
		}
	}
	rec := &recordedContext{humaContext: ctx}
	next(rec)
	if rec.status != 0 && rec.status != http.StatusOK {
		ctx.SetStatus(rec.status)
		_, _ = ctx.BodyWriter().Write(rec.body.Bytes())
		return
	}
	sum := sha256.Sum256(rec.body.Bytes())
	p := &cachedPage{header: rec.header, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`, body: rec.body.Bytes()}
	if cacheable {
		s.pages.put(v, key, p)
	}
	ctx.SetHeader("ETag", p.etag)
	finishPage(ctx, p)
}

// writePage writes a cached answer: its headers, then 304 or the body.
func writePage(ctx huma.Context, p *cachedPage) {
	for _, h := range p.header {
		if h.add {
			ctx.AppendHeader(h.name, h.value)
		} else {
			ctx.SetHeader(h.name, h.value)
		}
	}
	ctx.SetHeader("ETag", p.etag)
	finishPage(ctx, p)
}

func finishPage(ctx huma.Context, p *cachedPage) {
	if noneMatch(ctx.Header("If-None-Match"), p.etag) {
		ctx.SetStatus(http.StatusNotModified)
		return
	}
	ctx.SetHeader("Content-Length", strconv.Itoa(len(p.body))) // sent whole, not chunked
	ctx.SetStatus(http.StatusOK)
	_, _ = ctx.BodyWriter().Write(p.body)
}

// noneMatch reports whether an If-None-Match header names etag (weak
// comparison, RFC 9110 13.1.2) or is "*".
func noneMatch(h, etag string) bool {
	for _, t := range strings.Split(h, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// recordedContext holds back an answer's status and body, and notes its
// headers, so that they can be kept and the ETag set before anything is sent.
type recordedContext struct {
	humaContext
	status int
	header []headerLine
	body   bytes.Buffer
}

// SetStatus notes the status instead of sending it.
func (c *recordedContext) SetStatus(code int) { c.status = code }

// Status is the status noted so far.
func (c *recordedContext) Status() int { return c.status }

// SetHeader sets a header and notes it.
func (c *recordedContext) SetHeader(name, value string) {
	c.header = append(c.header, headerLine{name: name, value: value})
	c.humaContext.SetHeader(name, value)
}

// AppendHeader adds a header and notes it.
func (c *recordedContext) AppendHeader(name, value string) {
	c.header = append(c.header, headerLine{name: name, value: value, add: true})
	c.humaContext.AppendHeader(name, value)
}

// BodyWriter collects the body.
func (c *recordedContext) BodyWriter() io.Writer { return &c.body }

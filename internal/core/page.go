package core

import (
	"encoding/base64"
	"strconv"
)

// DefaultLimit and MaxLimit bound the size of a page of a collection.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Page asks for one page of a collection: at most Limit items after Cursor.
type Page struct {
	Limit  int
	Cursor string
}

// Normalize applies the default and maximum limits.
func (p Page) Normalize() Page {
	if p.Limit <= 0 {
		p.Limit = DefaultLimit
	}
	if p.Limit > MaxLimit {
		p.Limit = MaxLimit
	}
	return p
}

// EncodeCursor turns a position key into an opaque cursor.
func EncodeCursor(key string) string {
	if key == "" {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(key))
}

// DecodeCursor turns an opaque cursor back into its key, or fails with an
// Invalid error naming the cursor parameter.
func DecodeCursor(c string) (string, error) {
	if c == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) == 0 {
		return "", &Error{Code: Invalid, Message: "the cursor is not one this server gave out",
			Fields: []FieldError{{Field: "cursor", Message: "is not a valid cursor", Value: c}}}
	}
	return string(b), nil
}

// AfterID decodes a cursor that holds the id of the last item of the
// previous page; zero for the first page.
func (p Page) AfterID() (int64, error) {
	key, err := DecodeCursor(p.Cursor)
	if err != nil || key == "" {
		return 0, err
	}
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil || id < 0 {
		return 0, &Error{Code: Invalid, Message: "the cursor is not one this server gave out",
			Fields: []FieldError{{Field: "cursor", Message: "is not a valid cursor", Value: p.Cursor}}}
	}
	return id, nil
}

// IDCursor is the cursor that continues after the item with that id.
func IDCursor(id int64) string { return EncodeCursor(strconv.FormatInt(id, 10)) }

// PageByID reads one page of a collection ordered by id: fetch is asked for
// one more item than the page holds, to know whether another page follows.
func PageByID[T any](p Page, fetch func(afterID int64, limit int) ([]T, error), id func(T) int64) ([]T, string, error) {
	p = p.Normalize()
	after, err := p.AfterID()
	if err != nil {
		return nil, "", err
	}
	items, err := fetch(after, p.Limit+1)
	if err != nil {
		return nil, "", err
	}
	if len(items) <= p.Limit {
		return items, "", nil
	}
	items = items[:p.Limit]
	return items, IDCursor(id(items[len(items)-1])), nil
}

package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"
)

// columnKind is what a PostgreSQL column holds, as the copy converts it.
type columnKind int

const (
	kindInt columnKind = iota
	kindBool
	kindTime
	kindBytes
	kindText
	kindFloat
)

// kindOf maps information_schema's data_type to a kind.
func kindOf(dataType string) (columnKind, bool) {
	switch dataType {
	case "bigint", "integer", "smallint":
		return kindInt, true
	case "boolean":
		return kindBool, true
	case "timestamp with time zone", "timestamp without time zone", "date":
		return kindTime, true
	case "bytea":
		return kindBytes, true
	case "text", "character varying", "character":
		return kindText, true
	case "double precision", "real":
		return kindFloat, true
	}
	return 0, false
}

// convert turns a value as either driver gives it into the Go type the
// column's kind is written and compared as: SQLite gives int64 for a
// BOOLEAN, time.Time or a string for a TIMESTAMP, []byte or a string for
// TEXT and BLOB. nil stays nil.
func convert(k columnKind, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch k {
	case kindInt:
		return toInt(v)
	case kindBool:
		return toBool(v)
	case kindTime:
		return toTime(v)
	case kindBytes:
		return toBytes(v)
	case kindText:
		return toText(v)
	case kindFloat:
		return toFloat(v)
	}
	return nil, fmt.Errorf("unknown column kind %d", k)
}

func toInt(v any) (any, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case int32:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int:
		return int64(x), nil
	case bool:
		if x {
			return int64(1), nil
		}
		return int64(0), nil
	case float64:
		if x == float64(int64(x)) {
			return int64(x), nil
		}
	case string:
		return strconv.ParseInt(strings.TrimSpace(x), 10, 64)
	case []byte:
		return strconv.ParseInt(strings.TrimSpace(string(x)), 10, 64)
	}
	return nil, fmt.Errorf("%T %v is not an integer", v, v)
}

func toBool(v any) (any, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case int64:
		return x != 0, nil
	case string:
		return strconv.ParseBool(strings.TrimSpace(x))
	case []byte:
		return strconv.ParseBool(strings.TrimSpace(string(x)))
	}
	return nil, fmt.Errorf("%T %v is not a boolean", v, v)
}

// timeLayouts are the ways a time may be written in SQLite: the driver's
// own (what interlock writes), RFC 3339, Go's String and plain dates.
var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
}

// toTime gives the time in UTC to the microsecond, as PostgreSQL keeps it.
func toTime(v any) (any, error) {
	switch x := v.(type) {
	case time.Time:
		return ts(x), nil
	case []byte:
		return toTime(string(x))
	case string:
		s := strings.TrimSpace(x)
		if i := strings.Index(s, " m="); i > 0 { // a monotonic clock reading
			s = s[:i]
		}
		for _, layout := range timeLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				return ts(t), nil
			}
		}
		return nil, fmt.Errorf("%q is not a time", x)
	}
	return nil, fmt.Errorf("%T %v is not a time", v, v)
}

func toBytes(v any) (any, error) {
	switch x := v.(type) {
	case []byte:
		return append([]byte{}, x...), nil
	case string:
		return []byte(x), nil
	}
	return nil, fmt.Errorf("%T %v is not bytes", v, v)
}

func toText(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	}
	return nil, fmt.Errorf("%T %v is not text", v, v)
}

func toFloat(v any) (any, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case string:
		return strconv.ParseFloat(strings.TrimSpace(x), 64)
	case []byte:
		return strconv.ParseFloat(strings.TrimSpace(string(x)), 64)
	}
	return nil, fmt.Errorf("%T %v is not a number", v, v)
}

// canonical is a converted value's text, the same from either store:
// integers in decimal, booleans true/false, times in UTC RFC 3339 with
// microseconds, bytes in hex, text as is, floats in the shortest form that
// reads back the same. ok is false for NULL.
func canonical(v any) (text string, ok bool) {
	switch x := v.(type) {
	case nil:
		return "", false
	case int64:
		return strconv.FormatInt(x, 10), true
	case bool:
		return strconv.FormatBool(x), true
	case time.Time:
		return x.UTC().Format("2006-01-02T15:04:05.000000Z07:00"), true
	case []byte:
		return hex.EncodeToString(x), true
	case string:
		return x, true
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true
	}
	return fmt.Sprintf("%T(%v)", v, v), true
}

// checksum is a running sha256 over a table's rows in canonical form. Each
// value is written with its length, so that no two rows hash alike by
// their values running into each other, and NULL apart from every text.
type checksum struct {
	h    hash.Hash
	rows int64
}

func newChecksum() *checksum { return &checksum{h: sha256.New()} }

// add hashes one row of converted values.
func (c *checksum) add(row []any) {
	var b strings.Builder
	for _, v := range row {
		if s, ok := canonical(v); ok {
			b.WriteString("v" + strconv.Itoa(len(s)) + ":" + s + ";")
		} else {
			b.WriteString("n;")
		}
	}
	b.WriteString("\n")
	c.h.Write([]byte(b.String()))
	c.rows++
}

// sum is the checksum in hex.
func (c *checksum) sum() string { return hex.EncodeToString(c.h.Sum(nil)) }

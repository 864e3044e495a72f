package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// maxCheckedBody bounds the bodies whose names and titles are checked
// before huma reads them (huma refuses larger ones on its own).
const maxCheckedBody = 1 << 20

// isLineField reports whether a JSON property holds a name or a title.
func isLineField(key string) bool {
	return key == "name" || key == "title" || key == "username" ||
		strings.HasSuffix(key, "_name") || strings.HasSuffix(key, "_title")
}

// plainNames refuses, with 422 naming each field, a JSON body whose names or
// titles (at any depth) hold NUL, control characters or bidirectional
// overrides: they would be stored and shown in lists, CSV, email and GitLab.
// It runs before the handler, on every operation, so that new endpoints get it too.
func (s *server) plainNames(ctx huma.Context, next func(huma.Context)) {
	ct, _, _ := mime.ParseMediaType(ctx.Header("Content-Type"))
	if ctx.Method() == http.MethodGet || !(ct == mediaJSON || strings.HasSuffix(ct, "+json")) {
		next(ctx)
		return
	}
	body := ctx.BodyReader()
	buf, err := io.ReadAll(io.LimitReader(body, maxCheckedBody+1))
	if err != nil {
		next(ctx) // huma reports the read error
		return
	}
	rest := io.MultiReader(bytes.NewReader(buf), body)
	var v any
	if len(buf) <= maxCheckedBody && json.Unmarshal(buf, &v) == nil {
		var details []*huma.ErrorDetail
		walkLines(v, "body", func(loc, value, problem string) {
			details = append(details, &huma.ErrorDetail{Location: loc, Message: problem, Value: value})
		})
		if len(details) > 0 {
			s.writeError(ctx, &Problem{Code: string(core.Invalid), ErrorModel: huma.ErrorModel{
				Title: http.StatusText(http.StatusUnprocessableEntity), Status: http.StatusUnprocessableEntity,
				Detail: "names and titles must be plain text: " + details[0].Location + " " + details[0].Message,
				Errors: details,
			}})
			return
		}
	}
	next(bodyContext{humaContext: ctx, body: rest})
}

// walkLines calls bad for every name or title in v that is not plain text.
func walkLines(v any, loc string, bad func(loc, value, problem string)) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if s, ok := val.(string); ok && isLineField(k) {
				if p := core.LineProblem(s); p != "" {
					bad(loc+"."+k, s, p)
				}
				continue
			}
			walkLines(val, loc+"."+k, bad)
		}
	case []any:
		for i, val := range x {
			walkLines(val, loc+"["+strconv.Itoa(i)+"]", bad)
		}
	}
}

// bodyContext is a request whose body was read ahead and is replayed.
type bodyContext struct {
	humaContext
	body io.Reader
}

// BodyReader replays the body read ahead.
func (c bodyContext) BodyReader() io.Reader { return c.body }

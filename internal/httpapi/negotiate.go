package httpapi

import (
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Media types an operation can answer in.
const (
	mediaJSON     = "application/json"
	mediaCSV      = "text/csv"
	mediaMarkdown = "text/markdown"
)

// csvMetadata and markdownMetadata mark an operation that can lay its
// answer out as CSV, or write it as Markdown.
const (
	csvMetadata      = "interlock-csv"
	markdownMetadata = "interlock-markdown"
)

// withMarkdown marks o as able to answer Accept: text/markdown.
func withMarkdown(o huma.Operation) huma.Operation {
	if o.Metadata == nil {
		o.Metadata = map[string]any{}
	}
	o.Metadata[markdownMetadata] = true
	o.Description = strings.TrimSpace(o.Description + " Answers Accept: text/markdown with a document.")
	return o
}

// withCSV marks o as able to answer Accept: text/csv (its body implements
// csvTable), and says so in the OpenAPI document.
func withCSV(o huma.Operation) huma.Operation {
	if o.Metadata == nil {
		o.Metadata = map[string]any{}
	}
	o.Metadata[csvMetadata] = true
	o.Description = strings.TrimSpace(o.Description + " Answers Accept: text/csv with a table.")
	return o
}

// offersOf lists what an operation can produce, the preferred first.
func offersOf(o *huma.Operation) []string {
	offers := []string{mediaJSON}
	if o != nil && o.Metadata[csvMetadata] == true {
		offers = append(offers, mediaCSV)
	}
	if o != nil && o.Metadata[markdownMetadata] == true {
		offers = append(offers, mediaMarkdown)
	}
	return offers
}

// negotiate settles the answer's media type before the handler runs, so that
// an Accept the operation cannot satisfy is refused with 406 and nothing is
// written. The handler and huma then see an Accept of exactly the chosen type.
func (s *server) negotiate(ctx huma.Context, next func(huma.Context)) {
	offers := offersOf(ctx.Operation())
	ct, ok := selectMedia(ctx.Header("Accept"), offers)
	if !ok {
		detail := "this endpoint answers only " + strings.Join(offers, " or ") + "; the Accept header asks for " + strconv.Quote(ctx.Header("Accept"))
		ctx.SetHeader("Content-Type", "application/problem+json")
		ctx.SetStatus(http.StatusNotAcceptable)
		_ = jsonEncode(ctx.BodyWriter(), &Problem{Code: string(core.Invalid), ErrorModel: huma.ErrorModel{
			Title: http.StatusText(http.StatusNotAcceptable), Status: http.StatusNotAcceptable, Detail: detail,
			Errors: []*huma.ErrorDetail{{Message: detail, Location: "header.Accept", Value: ctx.Header("Accept")}},
		}})
		return
	}
	next(acceptContext{humaContext: ctx, accept: ct})
}

// acceptContext is a request whose Accept header is the negotiated type.
type acceptContext struct {
	humaContext
	accept string
}

// humaContext names huma.Context so that it can be embedded (its own
// Context method would clash with the embedded field's name).
type humaContext = huma.Context

// Header answers the negotiated type for Accept.
func (c acceptContext) Header(name string) string {
	if strings.EqualFold(name, "Accept") {
		return c.accept
	}
	return c.humaContext.Header(name)
}

// negotiated returns the media type chosen for a request.
func negotiated(ctx huma.Context) string {
	if ct := ctx.Header("Accept"); ct == mediaCSV {
		return ct
	}
	return mediaJSON
}

// selectMedia picks the offer an Accept header prefers (RFC 9110 12.5.1):
// highest q first, then the more specific range, then the order of offers.
// An empty header accepts anything; q=0 refuses.
func selectMedia(accept string, offers []string) (string, bool) {
	if strings.TrimSpace(accept) == "" {
		return offers[0], true
	}
	best, bestQ, bestSpec := "", 0.0, -1
	for _, part := range strings.Split(accept, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		mt, params, err := mime.ParseMediaType(part)
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil || q < 0 || q > 1 {
				continue
			}
		}
		for _, o := range offers {
			spec := matches(mt, o)
			if spec < 0 || q == 0 {
				continue
			}
			if q > bestQ || (q == bestQ && spec > bestSpec) {
				best, bestQ, bestSpec = o, q, spec
			}
		}
	}
	return best, best != ""
}

// matches tells how specifically a media range names an offer: 2 exactly, 1
// by type/*, 0 by */*, -1 not at all. application/problem+json and other
// +json types count as JSON.
func matches(rng, offer string) int {
	if rng == offer || (offer == mediaJSON && strings.HasPrefix(rng, "application/") && strings.HasSuffix(rng, "+json")) {
		return 2
	}
	if rng == "*/*" {
		return 0
	}
	if t, ok := strings.CutSuffix(rng, "/*"); ok && strings.HasPrefix(offer, t+"/") {
		return 1
	}
	return -1
}

package httpapi

import (
	"net/url"
	"reflect"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// serverOf is the OpenAPI document's server: the public URL, or "/" (the
// host the document was fetched from) when none is configured.
func serverOf(publicURL string) *huma.Server {
	if publicURL = strings.TrimRight(publicURL, "/"); publicURL != "" {
		return &huma.Server{URL: publicURL, Description: "interlock (INTERLOCK_PUBLIC_URL)"}
	}
	return &huma.Server{URL: "/", Description: "this interlock server"}
}

// placeholderHost is what huma's $schema links are built on instead of the
// request's Host: it is replaced before the answer is written.
const placeholderHost = "interlock.invalid"

// withoutHost keeps the request's Host, X-Forwarded-Host and Forwarded
// headers out of answers: huma's schema-link transformer would write them
// into every $schema link, so a forged Host would be reflected. Links are
// made relative, or absolute on the public URL's origin when one is set.
func withoutHost(ts []huma.Transformer, publicURL string) []huma.Transformer {
	origin := ""
	if u, err := url.Parse(publicURL); err == nil && u.Scheme != "" && u.Host != "" {
		origin = u.Scheme + "://" + u.Host
	}
	out := make([]huma.Transformer, len(ts))
	for i, t := range ts {
		out[i] = func(ctx huma.Context, status string, v any) (any, error) {
			v, err := t(hostless{humaContext: ctx}, status, v)
			if err != nil {
				return v, err
			}
			rebaseSchemaLink(v, "https://"+placeholderHost, origin)
			return v, nil
		}
	}
	return out
}

// hostless is a request whose Host and forwarding headers are the placeholder.
type hostless struct{ humaContext }

// Host answers the placeholder, never the request's Host.
func (hostless) Host() string { return placeholderHost }

// Header hides the forwarding headers huma would prefer to Host.
func (c hostless) Header(name string) string {
	if strings.EqualFold(name, "X-Forwarded-Host") || strings.EqualFold(name, "Forwarded") {
		return ""
	}
	return c.humaContext.Header(name)
}

// rebaseSchemaLink replaces the placeholder origin of a body's $schema link
// (the first field of the struct huma made) with origin.
func rebaseSchemaLink(v any, from, origin string) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct || rv.Elem().NumField() == 0 {
		return
	}
	f := rv.Elem().Field(0)
	if f.Kind() != reflect.String || !f.CanSet() || !strings.HasPrefix(f.String(), from) {
		return
	}
	f.SetString(origin + strings.TrimPrefix(f.String(), from))
}

// withoutResponseSuffix renames schemas that would end in "Response": code
// generators (oapi-codegen) name their own types <operation>Response, and a
// schema named so collides with them.
func withoutResponseSuffix(name string) string {
	if base, ok := strings.CutSuffix(name, "Response"); ok && base != "" {
		return base + "Result"
	}
	return name
}

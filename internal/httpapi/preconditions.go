package httpapi

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/danielgtaylor/huma/v2"
)

// sharedConfiguration lists the operations that replace configuration
// everyone shares: they need If-Match (428 without it, 412 when stale), so
// that no one overwrites a change they have not seen. Add label mappings,
// process profiles and any other replace of shared settings here.
var sharedConfiguration = []string{
	"set-calendar", "set-rubric", "set-clock-policy", "set-review-policy", "set-sunset-policy",
	"set-weights", "set-team",
	"set-process", "set-backlog-settings", "set-backlog-groups", "set-backlog-policies",
	"set-gitlab-labels",
}

// documentPreconditions says in the OpenAPI document what If-Match does:
// every operation that takes it lists 409 and 412, and those that replace
// shared configuration mark it required and list 428.
func documentPreconditions(oapi *huma.OpenAPI) {
	for _, item := range oapi.Paths {
		for _, o := range []*huma.Operation{item.Get, item.Put, item.Post, item.Patch, item.Delete} {
			if o == nil {
				continue
			}
			var ifMatch *huma.Param
			for _, p := range o.Parameters {
				if p.In == "header" && p.Name == "If-Match" {
					ifMatch = p
				}
			}
			if ifMatch == nil {
				continue
			}
			codes := []int{http.StatusConflict, http.StatusPreconditionFailed}
			if slices.Contains(sharedConfiguration, o.OperationID) {
				ifMatch.Required = true
				ifMatch.Description = "The ETag of the current version, as last read: required (428 without it, 412 when stale)"
				codes = append(codes, http.StatusPreconditionRequired)
			}
			addErrorResponses(o, codes...)
		}
	}
}

// addErrorResponses documents problem answers with the statuses given, in
// the form of the operation's other problem answers.
func addErrorResponses(o *huma.Operation, codes ...int) {
	var like *huma.Response
	for _, c := range []string{"422", "400", "404", "default"} {
		if r, ok := o.Responses[c]; ok && r != nil {
			like = r
			break
		}
	}
	if like == nil {
		return
	}
	if o.Responses == nil {
		o.Responses = map[string]*huma.Response{}
	}
	for _, code := range codes {
		key := strconv.Itoa(code)
		if _, ok := o.Responses[key]; ok {
			continue
		}
		o.Responses[key] = &huma.Response{Description: http.StatusText(code), Content: like.Content}
	}
}

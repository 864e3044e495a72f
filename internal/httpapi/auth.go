package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/core"
)

type actorKey struct{}

// bearer is the security requirement of every authenticated operation.
var bearer = []map[string][]string{{"bearer": {}}}

// authenticate resolves the bearer token of operations that need one into
// the actor the handlers act for; others pass through.
func (s *server) authenticate(ctx huma.Context, next func(huma.Context)) {
	if len(ctx.Operation().Security) == 0 {
		next(ctx)
		return
	}
	secret, ok := bearerToken(ctx.Header("Authorization"))
	if !ok {
		s.writeUnauthorized(ctx, "a bearer token is required: send Authorization: Bearer <token>")
		return
	}
	client := clientKey(ctx)
	if wait := s.failures.Wait(client); wait > 0 {
		s.writeTooManyFailures(ctx, wait)
		return
	}
	actor, err := s.Access.Authenticate(ctx.Context(), secret)
	if err != nil {
		if core.IsCode(err, core.Unauthorized) {
			s.failures.Fail(client)
			s.writeUnauthorized(ctx, "the bearer token is not valid (unknown, revoked or expired)")
			return
		}
		s.writeError(ctx, s.problem(err, "header"))
		return
	}
	next(huma.WithValue(ctx, actorKey{}, actor))
}

func bearerToken(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

func (s *server) writeUnauthorized(ctx huma.Context, detail string) {
	ctx.SetHeader("WWW-Authenticate", `Bearer realm="interlock"`)
	s.writeError(ctx, &Problem{Code: string(core.Unauthorized), ErrorModel: huma.ErrorModel{
		Title: http.StatusText(http.StatusUnauthorized), Status: http.StatusUnauthorized, Detail: detail,
		Errors: []*huma.ErrorDetail{{Message: detail, Location: "header.Authorization"}},
	}})
}

func (s *server) writeError(ctx huma.Context, err error) {
	p := err.(*Problem)
	ctx.SetHeader("Content-Type", "application/problem+json")
	ctx.SetStatus(p.Status)
	_ = jsonEncode(ctx.BodyWriter(), p)
}

// actorOf returns the authenticated actor of a request.
func actorOf(ctx context.Context) core.Actor {
	a, _ := ctx.Value(actorKey{}).(core.Actor)
	return a
}

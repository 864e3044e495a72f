package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/access"
)

// TokenBody is a token as listed: never its secret.
type TokenBody struct {
	ID        int64      `json:"id"`
	Username  string     `json:"username"`
	Name      string     `json:"name"`
	Prefix    string     `json:"prefix" doc:"The first characters of the token, to recognise it"`
	CreatedBy string     `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt *time.Time `json:"expires_at"`
	RevokedAt *time.Time `json:"revoked_at"`
}

func tokenBody(t access.Token) TokenBody {
	return TokenBody{ID: t.ID, Username: t.Username, Name: t.Name, Prefix: t.Prefix, CreatedBy: t.CreatedBy,
		CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt, RevokedAt: t.RevokedAt}
}

func (s *server) tokenRoutes() {
	huma.Register(s.api, op("create-token", http.MethodPost, "/api/v1/users/{username}/tokens", "Make a token",
		"Makes a bearer token for a user (admin, or the user for themselves). The token is in this answer and never again.",
		http.StatusCreated), s.createToken)
	huma.Register(s.api, op("list-tokens", http.MethodGet, "/api/v1/users/{username}/tokens", "List tokens",
		"A user's tokens, without their secrets."), s.listTokens)
	huma.Register(s.api, op("revoke-token", http.MethodDelete, "/api/v1/users/{username}/tokens/{token_id}", "Revoke a token",
		"Stops a token from working."), s.revokeToken)
}

type createTokenIn struct {
	UserPath
	Body *struct {
		Name      string     `json:"name,omitempty" maxLength:"100" doc:"What the token is for; defaults to \"api\""`
		ExpiresAt *time.Time `json:"expires_at,omitempty"`
	}
}

type createTokenOut struct {
	// CacheControl keeps the secret out of every cache on the way.
	CacheControl string `header:"Cache-Control"`
	Body         struct {
		TokenBody
		Token string `json:"token" doc:"The secret; shown only in this answer"`
	}
}

func (s *server) createToken(ctx context.Context, in *createTokenIn) (*createTokenOut, error) {
	req := access.TokenRequest{Name: "api"}
	if in.Body != nil {
		if in.Body.Name != "" {
			req.Name = in.Body.Name
		}
		req.ExpiresAt = in.Body.ExpiresAt
	}
	t, secret, err := s.Access.CreateToken(ctx, actorOf(ctx), in.Username, req)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	out := &createTokenOut{CacheControl: "no-store"}
	out.Body.TokenBody, out.Body.Token = tokenBody(t), secret
	return out, nil
}

type tokenList struct {
	Body struct {
		Items []TokenBody `json:"items"`
	}
}

func (s *server) listTokens(ctx context.Context, in *UserPath) (*tokenList, error) {
	tokens, err := s.Access.Tokens(ctx, actorOf(ctx), in.Username)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	out := &tokenList{}
	out.Body.Items = make([]TokenBody, len(tokens))
	for i, t := range tokens {
		out.Body.Items[i] = tokenBody(t)
	}
	return out, nil
}

type revokeTokenIn struct {
	UserPath
	TokenID int64 `path:"token_id"`
}

func (s *server) revokeToken(ctx context.Context, in *revokeTokenIn) (*struct{ Body TokenBody }, error) {
	t, err := s.Access.RevokeToken(ctx, actorOf(ctx), in.Username, in.TokenID)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &struct{ Body TokenBody }{Body: tokenBody(t)}, nil
}

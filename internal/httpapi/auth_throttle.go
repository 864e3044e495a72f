package httpapi

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/throttle"
)

// clientKey is the address bad credentials are counted against: the peer's
// IP, never a header a client can set.
func clientKey(ctx huma.Context) string {
	host, _, err := net.SplitHostPort(ctx.RemoteAddr())
	if err != nil {
		return ctx.RemoteAddr()
	}
	return host
}

// writeTooManyFailures answers 429 to an address that sent too many bad
// credentials, with Retry-After saying when it may try again.
func (s *server) writeTooManyFailures(ctx huma.Context, wait time.Duration) {
	secs := throttle.RetryAfter(wait)
	ctx.SetHeader("Retry-After", strconv.Itoa(secs))
	detail := fmt.Sprintf("too many requests with bad credentials from this address; try again in %d second(s)", secs)
	s.writeError(ctx, &Problem{Code: string(core.Unauthorized), ErrorModel: huma.ErrorModel{
		Title: http.StatusText(http.StatusTooManyRequests), Status: http.StatusTooManyRequests, Detail: detail,
		Errors: []*huma.ErrorDetail{{Message: detail, Location: "header.Authorization"}},
	}})
}

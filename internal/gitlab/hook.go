package gitlab

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// DefaultMaxHookBody is the largest webhook body accepted (1 MiB).
const DefaultMaxHookBody = 1 << 20

// maxKeyLen bounds a stored Idempotency-Key; a longer one is stored hashed.
const maxKeyLen = 200

// ReceiverConfig is how the webhook endpoint checks deliveries.
type ReceiverConfig struct {
	// Secret is what GitLab must send in X-Gitlab-Token. Without one every
	// delivery is refused: an open endpoint would let anyone open issues.
	Secret string
	// MaxBody is the largest body accepted; DefaultMaxHookBody when zero.
	MaxBody int64
	Logger  *slog.Logger
}

// receiver is POST /hooks/gitlab: it checks the token, the size, the event
// and that the body is JSON, commits the delivery to the inbox and
// acknowledges; the worker parses it and does the rest.
type receiver struct {
	hooks  *Hooks
	cfg    ReceiverConfig
	secret [32]byte
	warn   sync.Once
}

// Receiver returns the handler of POST /hooks/gitlab.
func (h *Hooks) Receiver(cfg ReceiverConfig) http.Handler {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxHookBody
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &receiver{hooks: h, cfg: cfg, secret: sha256.Sum256([]byte(cfg.Secret))}
}

// hookAnswer is the body of an acknowledged delivery: small, since GitLab
// keeps it in its log of recent events.
var hookAnswer = []byte(`{"status":"queued"}` + "\n")

func (rv *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !rv.authorised(r) {
		writeHookProblem(w, http.StatusUnauthorized, core.Unauthorized, "X-Gitlab-Token is missing or wrong")
		return
	}
	body, err := readBody(w, r, rv.cfg.MaxBody)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeHookProblem(w, http.StatusRequestEntityTooLarge, core.Invalid,
				"the body is larger than "+strconv.FormatInt(rv.cfg.MaxBody, 10)+" bytes")
			return
		}
		writeHookProblem(w, http.StatusBadRequest, core.Invalid, "the body could not be read")
		return
	}
	event := strings.TrimSpace(r.Header.Get("X-Gitlab-Event"))
	if err := CheckDelivery(event, body); err != nil {
		writeHookProblem(w, http.StatusBadRequest, core.Invalid, err.Error())
		return
	}
	d := &Delivery{ReceivedAt: rv.hooks.cfg.Clock.Now(), Event: event, IdempotencyKey: idempotencyKey(r, body),
		EventUUID: clip(r.Header.Get("X-Gitlab-Event-UUID"), maxKeyLen), Body: body, Status: DeliveryQueued}
	if err := rv.hooks.commit.Record(r.Context(), d); err != nil {
		rv.cfg.Logger.Error("gitlab webhook: the inbox did not take a delivery", "error", err, "event", event)
		w.Header().Set("Retry-After", "5")
		writeHookProblem(w, http.StatusServiceUnavailable, core.Internal, "the delivery could not be stored; send it again")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	_, _ = w.Write(hookAnswer)
}

// readBody reads at most max bytes of the body, in one allocation when the
// length is announced.
func readBody(w http.ResponseWriter, r *http.Request, max int64) ([]byte, error) {
	rd := http.MaxBytesReader(w, r.Body, max)
	if r.ContentLength <= 0 || r.ContentLength > max {
		return io.ReadAll(rd)
	}
	buf := bytes.NewBuffer(make([]byte, 0, r.ContentLength+1))
	_, err := buf.ReadFrom(rd)
	return buf.Bytes(), err
}

// authorised compares X-Gitlab-Token with the secret in constant time.
func (rv *receiver) authorised(r *http.Request) bool {
	if rv.cfg.Secret == "" {
		rv.warn.Do(func() {
			rv.cfg.Logger.Warn("gitlab webhook refused: set INTERLOCK_GITLAB_WEBHOOK_SECRET (and the same secret token in GitLab) to receive webhooks")
		})
		return false
	}
	token, ok := r.Header["X-Gitlab-Token"]
	if !ok || len(token) != 1 {
		return false
	}
	got := sha256.Sum256([]byte(token[0]))
	return subtle.ConstantTimeCompare(got[:], rv.secret[:]) == 1
}

// idempotencyKey is GitLab's Idempotency-Key (the same across its retries
// and resends) or, without one, a hash of the body.
func idempotencyKey(r *http.Request, body []byte) string {
	if k := strings.TrimSpace(r.Header.Get("Idempotency-Key")); k != "" {
		if len(k) <= maxKeyLen {
			return k
		}
		sum := sha256.Sum256([]byte(k))
		return "sha256-key:" + hex.EncodeToString(sum[:])
	}
	sum := sha256.Sum256(body)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// hookProblem is the RFC 9457 problem document of a refused delivery.
type hookProblem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Code   string `json:"code"`
}

func writeHookProblem(w http.ResponseWriter, status int, code core.Code, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(hookProblem{Type: "about:blank", Title: http.StatusText(status), Status: status,
		Detail: detail, Code: string(code)})
}

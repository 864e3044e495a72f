package chat_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/notify"
	"gitlab.com/prodseceng/interlock/internal/notify/chat"
)

func TestChatPostsTextWithMarkdownLinksAndClassifiesFailures(t *testing.T) {
	cases := []struct {
		name      string
		status    int
		wantErr   bool
		permanent bool
	}{
		{"accepted", http.StatusOK, false, false},
		{"not found is permanent", http.StatusNotFound, true, true},
		{"too many requests is worth retrying", http.StatusTooManyRequests, true, false},
		{"a server error is worth retrying", http.StatusBadGateway, true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got chat.Payload
			var key string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
					t.Errorf("%s with %s", r.Method, r.Header.Get("Content-Type"))
				}
				_ = json.NewDecoder(r.Body).Decode(&got)
				key = r.Header.Get("Idempotency-Key")
				w.WriteHeader(tc.status)
			}))
			defer srv.Close()
			d := notify.Delivery{ID: 2, MessageID: 1, Channel: "chat", Address: srv.URL + "/hooks/abc", MessageKey: "<outbox-1-delivery-2@x>",
				Message: core.Message{Title: "Request 4 [urgent]: decided", Body: "Decision: accept", Subject: core.Subject{Type: "request", ID: 4},
					Recipients: []core.Recipient{{Kind: "team", Name: "payments", Reason: "the requesting team"}}}}
			err := chat.New(nil, "https://il.example.com").Send(context.Background(), d)
			if (err != nil) != tc.wantErr || notify.IsPermanent(err) != tc.permanent {
				t.Fatalf("err = %v (permanent %t), want error %t permanent %t", err, notify.IsPermanent(err), tc.wantErr, tc.permanent)
			}
			if err != nil && strings.Contains(err.Error(), "/hooks/abc") {
				t.Errorf("the error shows the webhook's secret path: %v", err)
			}
			for _, want := range []string{`**[Request 4 \[urgent\]: decided](https://il.example.com/requests/4)**`, "Decision: accept", "payments (the requesting team)"} {
				if !strings.Contains(got.Text, want) {
					t.Errorf("text %q lacks %q", got.Text, want)
				}
			}
			if key != d.MessageKey {
				t.Errorf("Idempotency-Key = %q", key)
			}
		})
	}
}

func TestChatErrorOfAnUnreachableWebhookHidesItsPath(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/hooks/topsecret"
	srv.Close()
	err := chat.New(nil, "").Send(context.Background(), notify.Delivery{Address: url})
	if err == nil || strings.Contains(err.Error(), "topsecret") {
		t.Fatalf("err = %v, want an error without the path", err)
	}
}

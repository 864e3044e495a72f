package web_test

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"
)

// fakeGitLab is a minimal OpenID Connect provider on loopback, standing in
// for GitLab: discovery, an authorize endpoint that signs the configured
// person in at once, a token endpoint that checks the client secret and
// the PKCE verifier, and RS256 ID tokens with GitLab's claims.
type fakeGitLab struct {
	srv      *httptest.Server
	key      *rsa.PrivateKey
	clientID string
	secret   string

	mu         sync.Mutex
	Username   string
	Groups     []string
	WrongNonce bool
	authorize  url.Values // the last authorize request
	codes      map[string]url.Values
}

func newFakeGitLab(t *testing.T, clientID, secret string) *fakeGitLab {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeGitLab{key: key, clientID: clientID, secret: secret, codes: map[string]url.Values{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", f.discovery)
	mux.HandleFunc("GET /oauth/authorize", f.authorizeHandler)
	mux.HandleFunc("POST /oauth/token", f.token)
	mux.HandleFunc("GET /oauth/discovery/keys", f.jwks)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeGitLab) lastAuthorize() url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.authorize
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeGitLab) discovery(w http.ResponseWriter, r *http.Request) {
	u := f.srv.URL
	writeJSON(w, map[string]any{"issuer": u, "authorization_endpoint": u + "/oauth/authorize", "token_endpoint": u + "/oauth/token",
		"jwks_uri": u + "/oauth/discovery/keys", "response_types_supported": []string{"code"},
		"subject_types_supported": []string{"public"}, "id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported": []string{"S256"}})
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func (f *fakeGitLab) jwks(w http.ResponseWriter, r *http.Request) {
	pub := f.key.PublicKey
	writeJSON(w, map[string]any{"keys": []map[string]string{{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": "k1",
		"n": b64(pub.N.Bytes()), "e": b64(big.NewInt(int64(pub.E)).Bytes())}}})
}

// authorizeHandler signs the person in and sends the browser back with a code.
func (f *fakeGitLab) authorizeHandler(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f.mu.Lock()
	f.authorize = q
	code := b64([]byte(q.Get("state") + "-code"))
	f.codes[code] = q
	f.mu.Unlock()
	if q.Get("client_id") != f.clientID || q.Get("response_type") != "code" {
		http.Error(w, "bad authorize request", http.StatusBadRequest)
		return
	}
	back, _ := url.Parse(q.Get("redirect_uri"))
	bq := back.Query()
	bq.Set("code", code)
	bq.Set("state", q.Get("state"))
	back.RawQuery = bq.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// token exchanges a code: the client must authenticate, and the PKCE
// verifier must hash to the challenge the authorize request carried.
func (f *fakeGitLab) token(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	f.mu.Lock()
	auth, known := f.codes[r.PostForm.Get("code")]
	delete(f.codes, r.PostForm.Get("code"))
	f.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	switch {
	case id != f.clientID || secret != f.secret:
		http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
		return
	case !known || auth.Get("code_challenge_method") != "S256" || b64(sum[:]) != auth.Get("code_challenge"):
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":"invalid_grant"}`))
		return
	}
	nonce := auth.Get("nonce")
	if f.WrongNonce {
		nonce = "not-the-nonce"
	}
	now := time.Now()
	claims := map[string]any{"iss": f.srv.URL, "sub": "42", "aud": f.clientID, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		"nonce": nonce, "nickname": f.Username, "preferred_username": f.Username, "groups_direct": f.Groups}
	writeJSON(w, map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 3600, "id_token": f.sign(claims)})
}

func (f *fakeGitLab) sign(claims map[string]any) string {
	h, _ := json.Marshal(map[string]string{"alg": "RS256", "typ": "JWT", "kid": "k1"})
	c, _ := json.Marshal(claims)
	input := b64(h) + "." + b64(c)
	sum := sha256.Sum256([]byte(input))
	sig, _ := rsa.SignPKCS1v15(rand.Reader, f.key, crypto.SHA256, sum[:])
	return input + "." + b64(sig)
}

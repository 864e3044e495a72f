// Command hookbench measures how fast interlock acknowledges GitLab
// webhooks with a durable commit, against a bare net/http handler that
// acknowledges the same POST, in the same run: wrk, 64 connections, on
// 127.0.0.1 only, a few seconds each. It needs wrk on the PATH.
//
//	go run ./internal/gitlab/hookbench [-d 5s] [-c 64] [-t 2]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
)

const secret = "hookbench-secret"

// script gives each request its own Idempotency-Key, as GitLab does.
const script = `
local n = 0
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
function init(args)
  local f = io.open(args[1], "rb"); body = f:read("*a"); f:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-Gitlab-Event"] = args[3]
  wrk.headers["X-Gitlab-Token"] = args[2]
end
function request()
  n = n + 1
  wrk.headers["Idempotency-Key"] = "bench-" .. tid .. "-" .. n
  return wrk.format(nil, nil, nil, body)
end
`

func main() {
	dur := flag.Duration("d", 5*time.Second, "duration of each run")
	conns := flag.Int("c", 64, "connections")
	threads := flag.Int("t", 2, "wrk threads")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the interlock run here")
	event := flag.String("event", "Issue Hook", "X-Gitlab-Event")
	payload := flag.String("body", "internal/gitlab/testdata/webhooks/client-go/issue.json", "the webhook body")
	flag.Parse()
	dir, err := os.MkdirTemp("", "hookbench")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	lua := filepath.Join(dir, "hook.lua")
	if err := os.WriteFile(lua, []byte(script), 0o600); err != nil {
		log.Fatal(err)
	}
	body, err := filepath.Abs(*payload)
	if err != nil {
		log.Fatal(err)
	}
	bare, stopBare := serveBare()
	defer stopBare()
	real, stopReal := serveInterlock(filepath.Join(dir, "interlock.db"))
	defer stopReal()
	for _, target := range []struct{ name, url string }{{"bare net/http", bare}, {"interlock POST /hooks/gitlab", real}} {
		fmt.Printf("== %s (%s)\n", target.name, target.url)
		if *profile != "" && target.url == real {
			f, err := os.Create(*profile)
			if err != nil {
				log.Fatal(err)
			}
			if err := pprof.StartCPUProfile(f); err != nil {
				log.Fatal(err)
			}
			defer pprof.StopCPUProfile()
		}
		cmd := exec.Command("wrk", "-t", fmt.Sprint(*threads), "-c", fmt.Sprint(*conns), "-d", dur.String(), "--latency",
			"-s", lua, target.url, "--", body, secret, *event)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			log.Fatal(err)
		}
	}
}

// serveBare acknowledges every POST after reading its body, and nothing more.
func serveBare() (string, func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte(`{"status":"queued"}` + "\n"))
	})}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String() + "/hooks/gitlab", func() { _ = srv.Close() }
}

// serveInterlock runs the real service (store, workflows, jobs and the
// webhook worker) over a fresh SQLite file.
func serveInterlock(db string) (string, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- app.Run(ctx, app.Config{Addr: "127.0.0.1:0", DBPath: db, AdminToken: "ilk_hookbench_admin_token_0123456789",
			GitLab: app.GitLabConfig{WebhookSecret: secret}, Listening: func(a string) { addr <- a }})
	}()
	select {
	case a := <-addr:
		return "http://" + a + "/hooks/gitlab", func() {
			cancel()
			if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
				log.Print(err)
			}
		}
	case err := <-done:
		log.Fatal(err)
	}
	return "", nil
}

// Package web is interlock's browser face: pages rendered on the server
// with html/template, their assets embedded in the binary. It is an adapter
// beside httpapi: each page parses its input, calls the same workflow
// service the API calls, as the signed-in user (so the same role checks
// apply), and renders the answer. No rule of the process lives here.
package web

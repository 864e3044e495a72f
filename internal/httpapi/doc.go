// Package httpapi is interlock's JSON API under /api/v1: the route table,
// bearer-token authentication, RFC 9457 problem documents, and the OpenAPI
// 3.1 document generated from the handlers (huma on the standard ServeMux).
// Handlers parse, call a workflow service, and render; no rule of the
// process lives here.
package httpapi

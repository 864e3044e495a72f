// Package inventory holds the rules of the tooling inventory: what a tool is,
// the commitment (SLO and RTO) that follows from its criticality, category and
// health, the Good/Better/Best rubric it is assessed against, and its
// architectural decision records. It imports no driver and no transport; the
// store and the HTTP API depend on it.
package inventory

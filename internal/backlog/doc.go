// Package backlog holds the rules of the team's own backlog, as the second
// seed page describes it: the candidate and team labels, taking work on and
// removing it, refinement through workflow labels, weights and their
// break-down point, priorities, at least one AppSec-related issue in flight,
// metric labels, and the policies that keep them honest.
//
// The process is data: a Scheme (one of the shipped profiles, or a custom
// one) says which labels and weights mean what. Every item keeps the scheme
// it was first recorded under. Labels, weights, findings, policies, the
// board and the metrics are pure functions of items and a scheme; the
// changes they ask for in GitLab are Actions, carried out through the
// GitLab port by an adapter, so that a dry run is only a matter of not
// carrying them out.
package backlog

// Package sunset holds the rules of the transition & sunset workflow: moving
// internal users to the product feature after co-create (post_cocreate), or
// retiring a tool that is no longer needed (direct), with notice to
// stakeholders, a rollback plan, decommissioning and lessons learned; and
// the alternative of transferring a tool to another owner.
package sunset

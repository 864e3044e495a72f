// Package teams makes the team names that tools and requests use
// (owner_team, stakeholder_teams, requesting_team) into real teams: the
// people in them and where they are told things (a list address, a chat
// webhook, a GitLab group). A name that no one has defined yet still works;
// it is listed as undefined so that a manager can complete it.
package teams

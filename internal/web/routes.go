package web

import (
	"net/http"
)

// route is one entry of the route table: a pattern, its handler, and
// whether it needs a signed-in user.
type route struct {
	pattern string
	handler http.HandlerFunc
	public  bool
	// bare routes (assets) need no session: they skip loading it.
	bare bool
}

// routes is the route table of the web UI, in one place.
func (ui *UI) routes() []route {
	return []route{
		{pattern: "GET /static/", handler: staticHandler(), public: true, bare: true},
		{pattern: "GET /login", handler: ui.loginPage, public: true},
		{pattern: "POST /login", handler: ui.loginSubmit, public: true},
		{pattern: "POST /logout", handler: ui.logout, public: true},
		{pattern: "GET /auth/oidc/login", handler: ui.oidcLogin, public: true},
		{pattern: "GET /auth/oidc/callback", handler: ui.oidcCallback, public: true},

		{pattern: "GET /{$}", handler: ui.home},
		{pattern: "POST /deliveries/{message}/retry", handler: ui.retryDelivery},
		{pattern: "GET /tools", handler: ui.toolsPage},
		{pattern: "GET /tools/{id}", handler: ui.toolPage},
		{pattern: "POST /tools/{id}/{action}", handler: ui.toolAction},
		{pattern: "POST /tools/{id}/issues/{issue}/{action}", handler: ui.toolIssueAction},
		{pattern: "GET /tools/{id}/cocreate", handler: ui.toolCoCreatePage},
		{pattern: "POST /tools/{id}/cocreate/{action}", handler: ui.toolCoCreateAction},

		{pattern: "GET /requests", handler: ui.requestsPage},
		{pattern: "POST /requests", handler: ui.requestCreate},
		{pattern: "GET /requests/new", handler: ui.requestNewPage},
		{pattern: "GET /requests/{id}", handler: ui.requestPage},
		{pattern: "POST /requests/{id}/{action}", handler: ui.requestAction},
		{pattern: "GET /requests/{id}/cocreate", handler: ui.needCoCreatePage},
		{pattern: "POST /requests/{id}/cocreate/{action}", handler: ui.needCoCreateAction},

		{pattern: "GET /me", handler: ui.mePage},
		{pattern: "POST /me/settings", handler: ui.meSettings},
		{pattern: "POST /me/notifications/{id}/read", handler: ui.meRead},
		{pattern: "GET /issues", handler: ui.issuesPage},
		{pattern: "GET /priorities", handler: ui.prioritiesPage},
		{pattern: "GET /reviews", handler: ui.reviewsPage},
		{pattern: "GET /reports/slo", handler: ui.sloReportPage},
		{pattern: "GET /reports/capacity", handler: ui.capacityReportPage},
		{pattern: "POST /reports/capacity/team", handler: ui.capacityTeam},
		{pattern: "POST /reports/capacity/load", handler: ui.capacityLoad},
		{pattern: "GET /cocreate", handler: ui.cocreatePage},
		{pattern: "GET /sunset", handler: ui.sunsetPage},
		{pattern: "GET /backlog", handler: ui.backlogPage},
		{pattern: "POST /backlog/items/{id}/take-on", handler: ui.backlogTakeOn},
		{pattern: "POST /backlog/settings", handler: ui.backlogSettingsSubmit},
		{pattern: "POST /backlog/triage", handler: ui.backlogTriage},
		{pattern: "POST /backlog/items/{id}/remove", handler: ui.backlogRemove},
		{pattern: "POST /backlog/policies", handler: ui.backlogPolicies},
		{pattern: "POST /backlog/groups", handler: ui.backlogGroups},
		{pattern: "POST /backlog/process", handler: ui.backlogProcess},
		{pattern: "POST /backlog/scheme", handler: ui.backlogScheme},
		{pattern: "POST /priorities/weights", handler: ui.prioritiesWeights},
		{pattern: "GET /admin", handler: ui.adminPage},
		{pattern: "POST /admin/tokens", handler: ui.adminCreateToken},
		{pattern: "POST /admin/gitlab-sync", handler: ui.adminGitLabSync},
		{pattern: "POST /admin/{action}", handler: ui.adminAction},
	}
}

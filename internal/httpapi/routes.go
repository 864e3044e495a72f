package httpapi

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// routes is the route table: every operation of the API, by resource.
func (s *server) routes() {
	s.userRoutes()
	s.toolRoutes()
	s.timelineRoutes()
	s.healthRoutes()
	s.adrRoutes()
	s.improvementRoutes()
	s.outboxRoutes()
	s.teamRoutes()
	s.cocreateRoutes()
	s.sunsetRoutes()
	s.priorityRoutes()
	s.reviewRoutes()
	s.reviewPolicyRoutes()
	s.capacityRoutes()
	s.calendarRoutes()
	s.issueRoutes()
	s.signalRoutes()
	s.reportRoutes()
	s.requestRoutes()
	s.gitlabSyncRoutes()
	s.gitlabDeliveryRoutes()
	s.gitlabLabelRoutes()
	s.processRoutes()
	s.backlogRoutes()
	s.backlogSettingsRoutes()
	s.backlogMetricRoutes()
}

// op describes an authenticated operation. The default status is 200 unless given.
func op(id, method, path, summary, description string, status ...int) huma.Operation {
	o := huma.Operation{
		OperationID: id, Method: method, Path: path, Summary: summary, Description: description,
		Security: bearer, Tags: []string{tagOf(path)},
		Errors: []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden,
			http.StatusNotFound, http.StatusUnprocessableEntity},
	}
	if len(status) > 0 {
		o.DefaultStatus = status[0]
	}
	return o
}

// tagOf groups operations by the resource after /api/v1/.
func tagOf(path string) string {
	const prefix = "/api/v1/"
	rest := path[len(prefix):]
	for i, c := range rest {
		if c == '/' {
			return rest[:i]
		}
	}
	return rest
}

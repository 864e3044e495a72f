package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// SignalBody is a signal of repeated SLO/RTO misses on a tool.
type SignalBody struct {
	ID             int64      `json:"id"`
	ToolID         int64      `json:"tool_id"`
	RaisedAt       time.Time  `json:"raised_at"`
	Breaches       int        `json:"breaches"`
	WindowDays     int        `json:"window_days"`
	Recommendation string     `json:"recommendation"`
	State          string     `json:"state" enum:"open,acted,dismissed"`
	ResolvedBy     string     `json:"resolved_by"`
	ResolvedAt     *time.Time `json:"resolved_at"`
	Resolution     string     `json:"resolution"`
}

func signalBody(s maintenance.Signal) SignalBody {
	return SignalBody{ID: s.ID, ToolID: s.ToolID, RaisedAt: s.RaisedAt, Breaches: s.Breaches, WindowDays: s.WindowDays,
		Recommendation: s.Recommendation, State: string(s.State), ResolvedBy: s.ResolvedBy, ResolvedAt: s.ResolvedAt, Resolution: s.Resolution}
}

type signalList struct {
	Body struct {
		Items []SignalBody `json:"items"`
	}
}

// ClockPolicyBody says when clocks are at risk and when misses raise signals.
type ClockPolicyBody struct {
	AtRiskFraction   float64 `json:"at_risk_fraction" exclusiveMinimum:"0" exclusiveMaximum:"1" doc:"Share of a target elapsed at which its clock is at risk"`
	SignalBreaches   int     `json:"signal_breaches" minimum:"1" maximum:"100"`
	SignalWindowDays int     `json:"signal_window_days" minimum:"1" maximum:"730"`
}

func (s *server) signalRoutes() {
	huma.Register(s.api, op("list-signals", http.MethodGet, "/api/v1/signals", "Signals across tools", ""), s.listSignals)
	huma.Register(s.api, op("tool-signals", http.MethodGet, "/api/v1/tools/{id}/signals", "A tool's signals", ""), s.toolSignals)
	huma.Register(s.api, op("act-on-signal", http.MethodPost, "/api/v1/tools/{id}/signals/{signal_id}/act", "Act on a signal",
		"Move the tool to an improve_then_* category or lower its criticality (manager)."), s.actOnSignal)
	huma.Register(s.api, op("dismiss-signal", http.MethodPost, "/api/v1/tools/{id}/signals/{signal_id}/dismiss", "Dismiss a signal",
		"With a reason (manager)."), s.dismissSignal)
	huma.Register(s.api, op("get-clock-policy", http.MethodGet, "/api/v1/clock-policy", "The clock policy", ""), s.getClockPolicy)
	huma.Register(s.api, op("set-clock-policy", http.MethodPut, "/api/v1/clock-policy", "Change the clock policy",
		"At-risk point and signal threshold (manager)."), s.setClockPolicy)
}

func (s *server) renderSignals(list []maintenance.Signal) *signalList {
	out := &signalList{}
	out.Body.Items = []SignalBody{}
	for _, sig := range list {
		out.Body.Items = append(out.Body.Items, signalBody(sig))
	}
	return out
}

func (s *server) listSignals(ctx context.Context, in *struct {
	Open bool `query:"open" doc:"Only open signals"`
}) (*signalList, error) {
	list, err := s.Maintenance.Signals(ctx, actorOf(ctx), 0, in.Open)
	if err != nil {
		return nil, s.queryErr(err)
	}
	return s.renderSignals(list), nil
}

func (s *server) toolSignals(ctx context.Context, in *ToolPath) (*signalList, error) {
	list, err := s.Maintenance.Signals(ctx, actorOf(ctx), in.ID, false)
	if err != nil {
		return nil, s.queryErr(err)
	}
	return s.renderSignals(list), nil
}

// SignalPath names one signal of one tool.
type SignalPath struct {
	ToolPath
	SignalID int64 `path:"signal_id"`
}

func (s *server) actOnSignal(ctx context.Context, in *struct {
	SignalPath
	Body struct {
		Category    string `json:"category,omitempty" enum:"improve_then_integrate,improve_then_maintain"`
		Criticality string `json:"criticality,omitempty" enum:"@criticality" doc:"Lower than now"`
	}
}) (*struct{ Body SignalBody }, error) {
	sig, err := s.Maintenance.ResolveSignal(ctx, actorOf(ctx), in.ID, in.SignalID, maintenance.Resolution{
		Category: inventory.Category(in.Body.Category), Criticality: inventory.Criticality(in.Body.Criticality)})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &struct{ Body SignalBody }{signalBody(sig)}, nil
}

func (s *server) dismissSignal(ctx context.Context, in *struct {
	SignalPath
	Body struct {
		Reason string `json:"reason" minLength:"1" maxLength:"5000"`
	}
}) (*struct{ Body SignalBody }, error) {
	sig, err := s.Maintenance.ResolveSignal(ctx, actorOf(ctx), in.ID, in.SignalID, maintenance.Resolution{Dismiss: true, Reason: in.Body.Reason})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &struct{ Body SignalBody }{signalBody(sig)}, nil
}

type clockPolicyOut struct {
	ETag string `header:"ETag"`
	Body ClockPolicyBody
}

func (s *server) getClockPolicy(ctx context.Context, _ *struct{}) (*clockPolicyOut, error) {
	p, err := s.Maintenance.ClockPolicy(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &clockPolicyOut{ETag: etag(p.Version), Body: ClockPolicyBody{p.AtRiskFraction, p.SignalBreaches, p.SignalWindowDays}}, nil
}

func (s *server) setClockPolicy(ctx context.Context, in *struct {
	IfMatch string `header:"If-Match"`
	Body    ClockPolicyBody
}) (*clockPolicyOut, error) {
	p, err := s.Maintenance.SetClockPolicy(ctx, actorOf(ctx), ifMatch(in.IfMatch), maintenance.ClockPolicy{
		AtRiskFraction: in.Body.AtRiskFraction, SignalBreaches: in.Body.SignalBreaches, SignalWindowDays: in.Body.SignalWindowDays})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &clockPolicyOut{ETag: etag(p.Version), Body: ClockPolicyBody{p.AtRiskFraction, p.SignalBreaches, p.SignalWindowDays}}, nil
}

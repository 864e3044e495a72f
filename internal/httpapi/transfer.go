package httpapi

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/sunset"
)

type transferOut struct {
	Body struct {
		Transfer sunset.Transfer `json:"transfer"`
		Tool     ToolBody        `json:"tool"`
	}
}

func (s *server) transferTool(ctx context.Context, in *struct {
	ToolPath
	Body struct {
		NewOwnerTeam string `json:"new_owner_team" minLength:"1" maxLength:"100"`
		Note         string `json:"note,omitempty" maxLength:"20000"`
		// DocumentationUpdated is the checklist item an owner change needs.
		DocumentationUpdated bool `json:"documentation_updated,omitempty" doc:"Required: README and documentation updated for the new owner"`
	}
}) (*transferOut, error) {
	tr, tool, err := s.Sunset.Transfer(ctx, actorOf(ctx), in.ID, sunset.TransferInput{NewOwnerTeam: in.Body.NewOwnerTeam, Note: in.Body.Note,
		DocumentationUpdated: in.Body.DocumentationUpdated})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	out := &transferOut{}
	out.Body.Transfer, out.Body.Tool = tr, toolBody(tool)
	return out, nil
}

func (s *server) listTransfers(ctx context.Context, in *ToolPath) (*struct {
	Body struct {
		Items []sunset.Transfer `json:"items"`
	}
}, error) {
	trs, err := s.Sunset.Transfers(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	out := &struct {
		Body struct {
			Items []sunset.Transfer `json:"items"`
		}
	}{}
	out.Body.Items = append([]sunset.Transfer{}, trs...)
	return out, nil
}

// PolicyBody is the notice policy for decommissioning.
type PolicyBody struct {
	NoticePeriodDays   int `json:"notice_period_days" minimum:"0" maximum:"365"`
	ReminderDaysBefore int `json:"reminder_days_before" minimum:"0" maximum:"365"`
}

type policyOut struct {
	ETag string `header:"ETag"`
	Body PolicyBody
}

func (s *server) getSunsetPolicy(ctx context.Context, _ *struct{}) (*policyOut, error) {
	p, err := s.Sunset.Policy(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &policyOut{ETag: etag(p.Version), Body: PolicyBody{p.NoticePeriodDays, p.ReminderDaysBefore}}, nil
}

func (s *server) setSunsetPolicy(ctx context.Context, in *struct {
	IfMatch string `header:"If-Match"`
	Body    PolicyBody
}) (*policyOut, error) {
	p, err := s.Sunset.SetPolicy(ctx, actorOf(ctx), ifMatch(in.IfMatch),
		sunset.Policy{NoticePeriodDays: in.Body.NoticePeriodDays, ReminderDaysBefore: in.Body.ReminderDaysBefore})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &policyOut{ETag: etag(p.Version), Body: PolicyBody{p.NoticePeriodDays, p.ReminderDaysBefore}}, nil
}

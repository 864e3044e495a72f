package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/sunset"
)

// SunsetBody is a sunset plan with its adoption samples and where migration stands.
type SunsetBody struct {
	sunset.Plan
	Samples       []sunset.Sample `json:"adoption_samples"`
	ProductShare  *float64        `json:"product_share" doc:"The product feature's share of usage in the newest sample"`
	MigrationDone bool            `json:"migration_done" doc:"Whether the newest sample meets the success criteria"`
	MigrationNote string          `json:"migration_note,omitempty" doc:"Why migration is not done yet"`
}

type sunsetOut struct {
	ETag string `header:"ETag"`
	Body SunsetBody
}

func (s *server) sunsetOut(ctx context.Context, toolID int64, err error) (*sunsetOut, error) {
	if err != nil {
		return nil, s.bodyErr(err)
	}
	p, samples, err := s.Sunset.Plan(ctx, actorOf(ctx), toolID)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	if samples == nil {
		samples = []sunset.Sample{}
	}
	b := SunsetBody{Plan: p, Samples: samples}
	if last, ok := sunset.Latest(samples); ok {
		b.ProductShare = &last.ProductShare
	}
	b.MigrationDone, b.MigrationNote = sunset.MigrationDone(p, samples)
	return &sunsetOut{ETag: etag(p.Version), Body: b}, nil
}

func (s *server) sunsetRoutes() {
	p := "/api/v1/tools/{id}/sunset"
	huma.Register(s.api, op("open-sunset", http.MethodPost, p, "Sunset a tool",
		"Opens a direct sunset (manager): the tool's stage becomes transition, its category sunset (KTLO until removed). "+
			"Post-co-create plans open when a co-create ships.", http.StatusCreated), s.openSunset)
	huma.Register(s.api, op("get-sunset", http.MethodGet, p, "A tool's sunset plan", ""), s.getSunset)
	huma.Register(s.api, op("update-sunset", http.MethodPatch, p, "Work a sunset plan",
		"Migration plan, parity gaps, alternatives, rollback plan, checklist (engineer)."), s.updateSunset)
	huma.Register(s.api, op("add-adoption", http.MethodPost, p+"/adoption", "Record adoption",
		"A usage sample: the internal tool against the product feature.", http.StatusCreated), s.addAdoption)
	huma.Register(s.api, op("announce-sunset", http.MethodPost, p+"/announce", "Announce the decommission date",
		"The date must leave the notice period; stakeholders are told now and reminded before it."), s.announceSunset)
	huma.Register(s.api, op("decommission", http.MethodPost, p+"/decommission", "Decommission the tool",
		"Needs a rollback plan, the announced date reached, every activity done; the tool's stage becomes retired."), s.decommission)
	huma.Register(s.api, op("close-sunset", http.MethodPost, p+"/close", "Close a sunset plan",
		"After decommissioning; lessons learned are required."), s.closeSunset)
	huma.Register(s.api, op("roll-back-sunset", http.MethodPost, p+"/rollback", "Roll a sunset back",
		"Calls off an open plan (manager): the tool is operational again, in the category given."), s.rollBackSunset)
	huma.Register(s.api, op("transfer-tool", http.MethodPost, "/api/v1/tools/{id}/transfer", "Transfer a tool",
		"Another team takes ownership (manager); the tool's stage becomes transferred.", http.StatusCreated), s.transferTool)
	huma.Register(s.api, op("list-transfers", http.MethodGet, "/api/v1/tools/{id}/transfers", "A tool's transfers", ""), s.listTransfers)
	huma.Register(s.api, op("get-sunset-policy", http.MethodGet, "/api/v1/sunset-policy", "The notice policy", ""), s.getSunsetPolicy)
	huma.Register(s.api, op("set-sunset-policy", http.MethodPut, "/api/v1/sunset-policy", "Change the notice policy",
		"Notice period and reminder (admin)."), s.setSunsetPolicy)
}

func (s *server) openSunset(ctx context.Context, in *struct {
	ToolPath
	Body struct {
		Kind   string `json:"kind" enum:"direct,post_cocreate"`
		Reason string `json:"reason,omitempty" maxLength:"5000" doc:"Why: superseded by a product capability, the need changed, or unused"`
	}
}) (*sunsetOut, error) {
	_, err := s.Sunset.Open(ctx, actorOf(ctx), in.ID, sunset.Opening{Kind: sunset.Kind(in.Body.Kind), Reason: in.Body.Reason})
	return s.sunsetOut(ctx, in.ID, err)
}

func (s *server) getSunset(ctx context.Context, in *ToolPath) (*sunsetOut, error) {
	return s.sunsetOut(ctx, in.ID, nil)
}

// SunsetPatch works a plan; absent fields stay as they are.
type SunsetPatch struct {
	Migration         *MigrationIn       `json:"migration,omitempty"`
	ParityGaps        *[]GapIn           `json:"parity_gaps,omitempty" maxItems:"100"`
	Alternatives      *[]string          `json:"alternatives,omitempty" maxItems:"100"`
	StakeholdersAgree *[]string          `json:"stakeholders_agree,omitempty" maxItems:"100"`
	Rollback          *RollbackIn        `json:"rollback,omitempty"`
	LessonsLearned    *string            `json:"lessons_learned,omitempty" maxLength:"20000"`
	Decommissioning   *DecommissionIn    `json:"decommissioning,omitempty"`
	Checks            map[string]CheckIn `json:"checks,omitempty" doc:"Activities to tick, by name: plan_migration, migrate_users, validate_parity, monitor_adoption, validate_decision, identify_alternatives"`
}

// MigrationIn is the plan for moving internal users to the product feature.
type MigrationIn struct {
	Timeline          string `json:"timeline,omitempty" maxLength:"20000"`
	CommunicationPlan string `json:"communication_plan,omitempty" maxLength:"20000"`
	SuccessCriteria   struct {
		Description     string   `json:"description,omitempty" maxLength:"5000"`
		MinProductShare *float64 `json:"min_product_share,omitempty" minimum:"0" maximum:"1"`
		MaxInternalUses *int64   `json:"max_internal_uses,omitempty" minimum:"0"`
	} `json:"success_criteria,omitempty"`
}

// GapIn is a way the product feature falls short, and how it is addressed.
type GapIn struct {
	Gap       string `json:"gap" minLength:"1" maxLength:"2000"`
	Addressed string `json:"addressed,omitempty" maxLength:"5000"`
}

// RollbackIn says whether the internal tool can be kept running, and how.
type RollbackIn struct {
	CanKeepRunning *bool  `json:"can_keep_running,omitempty"`
	Plan           string `json:"plan,omitempty" maxLength:"20000"`
}

// DecommissionIn confirms what shutting the tool down has done.
type DecommissionIn struct {
	InfrastructureShutDown bool `json:"infrastructure_shut_down,omitempty"`
	RepositoriesArchived   bool `json:"repositories_archived,omitempty"`
	DocumentationUpdated   bool `json:"documentation_updated,omitempty"`
}

func (d *DecommissionIn) value() sunset.Decommissioning {
	if d == nil {
		return sunset.Decommissioning{}
	}
	return sunset.Decommissioning{InfrastructureShutDown: d.InfrastructureShutDown,
		RepositoriesArchived: d.RepositoriesArchived, DocumentationUpdated: d.DocumentationUpdated}
}

func (s *server) updateSunset(ctx context.Context, in *struct {
	ToolPath
	IfMatch string `header:"If-Match"`
	Body    SunsetPatch
}) (*sunsetOut, error) {
	b := in.Body
	p := sunset.Patch{Alternatives: b.Alternatives, StakeholdersAgree: b.StakeholdersAgree, LessonsLearned: b.LessonsLearned}
	if m := b.Migration; m != nil {
		sc := m.SuccessCriteria
		p.Migration = &sunset.Migration{Timeline: m.Timeline, CommunicationPlan: m.CommunicationPlan,
			SuccessCriteria: sunset.SuccessCriteria{Description: sc.Description, MinProductShare: sc.MinProductShare, MaxInternalUses: sc.MaxInternalUses}}
	}
	if b.ParityGaps != nil {
		gaps := make([]sunset.Gap, len(*b.ParityGaps))
		for i, g := range *b.ParityGaps {
			gaps[i] = sunset.Gap{Gap: g.Gap, Addressed: g.Addressed}
		}
		p.ParityGaps = &gaps
	}
	if r := b.Rollback; r != nil {
		p.Rollback = &sunset.Rollback{CanKeepRunning: r.CanKeepRunning, Plan: r.Plan}
	}
	if b.Decommissioning != nil {
		d := b.Decommissioning.value()
		p.Decommissioning = &d
	}
	if len(b.Checks) > 0 {
		p.Checks = map[sunset.Activity]sunset.CheckInput{}
		for k, v := range b.Checks {
			p.Checks[sunset.Activity(k)] = sunset.CheckInput{Done: v.Done, Note: v.Note}
		}
	}
	_, err := s.Sunset.Update(ctx, actorOf(ctx), in.ID, ifMatch(in.IfMatch), p)
	return s.sunsetOut(ctx, in.ID, err)
}

func (s *server) addAdoption(ctx context.Context, in *struct {
	ToolPath
	Body struct {
		At           *time.Time `json:"at,omitempty" doc:"When measured; defaults to now"`
		InternalUses int64      `json:"internal_uses" minimum:"0"`
		ProductUses  int64      `json:"product_uses" minimum:"0"`
	}
}) (*sunsetOut, error) {
	_, err := s.Sunset.AddSample(ctx, actorOf(ctx), in.ID, sunset.SampleInput{At: in.Body.At,
		InternalUses: in.Body.InternalUses, ProductUses: in.Body.ProductUses})
	return s.sunsetOut(ctx, in.ID, err)
}

func (s *server) announceSunset(ctx context.Context, in *struct {
	ToolPath
	IfMatch string `header:"If-Match"`
	Body    struct {
		DecommissionOn string `json:"decommission_on" minLength:"10" maxLength:"10" doc:"YYYY-MM-DD"`
	}
}) (*sunsetOut, error) {
	_, err := s.Sunset.Announce(ctx, actorOf(ctx), in.ID, ifMatch(in.IfMatch), in.Body.DecommissionOn)
	return s.sunsetOut(ctx, in.ID, err)
}

func (s *server) decommission(ctx context.Context, in *struct {
	ToolPath
	IfMatch string          `header:"If-Match"`
	Body    *DecommissionIn `required:"false"`
}) (*sunsetOut, error) {
	_, err := s.Sunset.Decommission(ctx, actorOf(ctx), in.ID, ifMatch(in.IfMatch), in.Body.value())
	return s.sunsetOut(ctx, in.ID, err)
}

func (s *server) closeSunset(ctx context.Context, in *struct {
	ToolPath
	IfMatch string `header:"If-Match"`
	Body    *struct {
		LessonsLearned string `json:"lessons_learned,omitempty" maxLength:"20000"`
	} `required:"false"`
}) (*sunsetOut, error) {
	lessons := ""
	if in.Body != nil {
		lessons = in.Body.LessonsLearned
	}
	_, err := s.Sunset.Close(ctx, actorOf(ctx), in.ID, ifMatch(in.IfMatch), lessons)
	return s.sunsetOut(ctx, in.ID, err)
}

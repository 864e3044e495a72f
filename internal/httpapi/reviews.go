package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// ReviewIn records an inventory review.
type ReviewIn struct {
	StakeholdersUseIt bool   `json:"stakeholders_still_use_it" doc:"Do the stakeholders still use the tool?"`
	MovedToOther      bool   `json:"moved_to_other_solution,omitempty" doc:"Did they move to another solution?"`
	MovedTo           string `json:"moved_to,omitempty" maxLength:"500" doc:"Which solution"`
	Outcome           string `json:"outcome" enum:"keep,change_category,change_criticality,sunset,redirect"`
	NewCategory       string `json:"new_category,omitempty" enum:"@category"`
	NewCriticality    string `json:"new_criticality,omitempty" enum:"@criticality"`
	Notes             string `json:"notes,omitempty" maxLength:"20000"`
	OwnerReverifiedBy string `json:"owner_reverified_by,omitempty" maxLength:"100" doc:"Required for a zombie tool: who of the owner team re-verified it"`
}

// ReviewBody is a recorded review.
type ReviewBody struct {
	ReviewIn
	ID         int64     `json:"id"`
	ToolID     int64     `json:"tool_id"`
	ReviewedBy string    `json:"reviewed_by"`
	At         time.Time `json:"at"`
	// ZombieReasons say why the tool looked like a zombie when reviewed.
	ZombieReasons string `json:"zombie_reasons,omitempty"`
}

func reviewBody(r maintenance.Review) ReviewBody {
	return ReviewBody{ReviewIn: ReviewIn{StakeholdersUseIt: r.StakeholdersUseIt, MovedToOther: r.MovedToOther, MovedTo: r.MovedTo,
		Outcome: string(r.Outcome), NewCategory: string(r.NewCategory), NewCriticality: string(r.NewCriticality), Notes: r.Notes,
		OwnerReverifiedBy: r.OwnerReverifiedBy},
		ID: r.ID, ToolID: r.ToolID, ReviewedBy: r.ReviewedBy, At: r.At, ZombieReasons: r.ZombieReasons}
}

// DueBody is a tool due for review.
type DueBody struct {
	ToolID        int64       `json:"tool_id"`
	Name          string      `json:"name"`
	Criticality   string      `json:"criticality"`
	DueAt         time.Time   `json:"due_at"`
	Overdue       bool        `json:"overdue"`
	LastReview    *ReviewBody `json:"last_review"`
	Zombie        bool        `json:"zombie"`
	ZombieReasons []string    `json:"zombie_reasons"`
}

func dueBody(d maintenance.DueReview) DueBody {
	b := DueBody{ToolID: d.Tool.ID, Name: d.Tool.Name, Criticality: string(d.Tool.Criticality), DueAt: d.DueAt,
		Overdue: d.Overdue, Zombie: len(d.ZombieReasons) > 0, ZombieReasons: d.ZombieReasons}
	if b.ZombieReasons == nil {
		b.ZombieReasons = []string{}
	}
	if d.LastReview != nil {
		r := reviewBody(*d.LastReview)
		b.LastReview = &r
	}
	return b
}

type dueList struct {
	Body struct {
		Items []DueBody `json:"items"`
	}
}

func renderDue(list []maintenance.DueReview) *dueList {
	out := &dueList{}
	out.Body.Items = []DueBody{}
	for _, d := range list {
		out.Body.Items = append(out.Body.Items, dueBody(d))
	}
	return out
}

func (s *server) reviewRoutes() {
	huma.Register(s.api, op("reviews-due", http.MethodGet, "/api/v1/reviews/due", "Reviews due",
		"Tools whose review is due or overdue, most overdue first, with zombie flags."), s.reviewsDue)
	huma.Register(s.api, op("zombies", http.MethodGet, "/api/v1/reviews/zombies", "Zombie tools",
		"Active tools with no stakeholders, no activity, or users gone at their last review."), s.zombies)
	huma.Register(s.api, op("record-review", http.MethodPost, "/api/v1/tools/{id}/reviews", "Review a tool",
		"Records an inventory review and applies its outcome (manager).", http.StatusCreated), s.recordReview)
	huma.Register(s.api, op("list-reviews", http.MethodGet, "/api/v1/tools/{id}/reviews", "A tool's reviews", ""), s.listReviews)
}

func (s *server) reviewsDue(ctx context.Context, _ *struct{}) (*dueList, error) {
	list, err := s.Maintenance.DueReviews(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return renderDue(list), nil
}

func (s *server) zombies(ctx context.Context, _ *struct{}) (*dueList, error) {
	list, err := s.Maintenance.Zombies(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return renderDue(list), nil
}

func (s *server) recordReview(ctx context.Context, in *struct {
	ToolPath
	Body ReviewIn
}) (*struct {
	Body struct {
		Review ReviewBody `json:"review"`
		Tool   ToolBody   `json:"tool"`
	}
}, error) {
	b := in.Body
	r, tool, err := s.Maintenance.RecordReview(ctx, actorOf(ctx), in.ID, maintenance.Review{
		StakeholdersUseIt: b.StakeholdersUseIt, MovedToOther: b.MovedToOther, MovedTo: b.MovedTo,
		Outcome: maintenance.Outcome(b.Outcome), NewCategory: inventory.Category(b.NewCategory),
		NewCriticality: inventory.Criticality(b.NewCriticality), Notes: b.Notes, OwnerReverifiedBy: b.OwnerReverifiedBy})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	out := &struct {
		Body struct {
			Review ReviewBody `json:"review"`
			Tool   ToolBody   `json:"tool"`
		}
	}{}
	out.Body.Review, out.Body.Tool = reviewBody(r), toolBody(tool)
	return out, nil
}

func (s *server) listReviews(ctx context.Context, in *ToolPath) (*struct {
	Body struct {
		Items []ReviewBody `json:"items"`
	}
}, error) {
	list, err := s.Maintenance.Reviews(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	out := &struct {
		Body struct {
			Items []ReviewBody `json:"items"`
		}
	}{}
	out.Body.Items = []ReviewBody{}
	for _, r := range list {
		out.Body.Items = append(out.Body.Items, reviewBody(r))
	}
	return out, nil
}

package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// UserBody is a user as the API shows it.
type UserBody struct {
	ID       int64  `json:"id"`
	Username string `json:"username"`
	Role     string `json:"role" enum:"@role"`
	Disabled bool   `json:"disabled"`
	// Email is where the person's notifications go.
	Email              string    `json:"email"`
	EmailNotifications bool      `json:"email_notifications" doc:"False when the person turned their email off"`
	EmailDigest        string    `json:"email_digest" enum:"daily," doc:"\"daily\" for one email a day; \"\" for one per message"`
	CreatedBy          string    `json:"created_by"`
	CreatedAt          time.Time `json:"created_at"`
}

func userBody(u access.User) UserBody {
	return UserBody{ID: u.ID, Username: u.Username, Role: string(u.Role), Disabled: u.Disabled,
		Email: u.Email, EmailNotifications: u.EmailNotifications, EmailDigest: u.EmailDigest,
		CreatedBy: u.CreatedBy, CreatedAt: u.CreatedAt}
}

type userOut struct{ Body UserBody }

type UserPath struct {
	Username string `path:"username" maxLength:"64"`
}

func (s *server) userRoutes() {
	huma.Register(s.api, op("whoami", http.MethodGet, "/api/v1/me", "Who am I",
		"The user the bearer token belongs to."), s.whoami)
	huma.Register(s.api, op("update-me", http.MethodPatch, "/api/v1/me", "Change my notification settings",
		"Your email address, whether you get email at all (email_notifications), and a daily digest instead of "+
			"one email per message (email_digest: \"daily\")."), s.updateMe)
	huma.Register(s.api, op("list-users", http.MethodGet, "/api/v1/users", "List users", "Every user and their role."), s.listUsers)
	huma.Register(s.api, op("create-user", http.MethodPost, "/api/v1/users", "Add a user",
		"Adds a user with a role (admin).", http.StatusCreated), s.createUser)
	huma.Register(s.api, op("get-user", http.MethodGet, "/api/v1/users/{username}", "Get a user", ""), s.getUser)
	huma.Register(s.api, op("update-user", http.MethodPatch, "/api/v1/users/{username}", "Change a user",
		"Changes a user's role or disables them (admin)."), s.updateUser)
	s.tokenRoutes()
}

func (s *server) whoami(ctx context.Context, _ *struct{}) (*userOut, error) {
	u, err := s.Access.User(ctx, actorOf(ctx), actorOf(ctx).Username)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &userOut{Body: userBody(u)}, nil
}

type userList struct {
	Body struct {
		Items []UserBody `json:"items"`
	}
}

func (s *server) listUsers(ctx context.Context, _ *struct{}) (*userList, error) {
	users, err := s.Access.Users(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	out := &userList{}
	out.Body.Items = make([]UserBody, len(users))
	for i, u := range users {
		out.Body.Items[i] = userBody(u)
	}
	return out, nil
}

type createUserIn struct {
	Body struct {
		Username string `json:"username" minLength:"1" maxLength:"64" doc:"As on GitLab"`
		Role     string `json:"role" enum:"@role"`
		Email    string `json:"email,omitempty" maxLength:"254" doc:"Where the person's notifications go"`
	}
}

func (s *server) createUser(ctx context.Context, in *createUserIn) (*userOut, error) {
	u, err := s.Access.CreateUser(ctx, actorOf(ctx), access.User{Username: in.Body.Username, Role: core.Role(in.Body.Role),
		Email: in.Body.Email})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &userOut{Body: userBody(u)}, nil
}

func (s *server) getUser(ctx context.Context, in *UserPath) (*userOut, error) {
	u, err := s.Access.User(ctx, actorOf(ctx), in.Username)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &userOut{Body: userBody(u)}, nil
}

type updateUserIn struct {
	UserPath
	Body struct {
		Role     *string `json:"role,omitempty" enum:"@role"`
		Disabled *bool   `json:"disabled,omitempty"`
		Email    *string `json:"email,omitempty" maxLength:"254" doc:"Where the person's notifications go; \"\" for none"`
	}
}

func (s *server) updateUser(ctx context.Context, in *updateUserIn) (*userOut, error) {
	u, err := s.Access.UpdateUser(ctx, actorOf(ctx), in.Username, access.UserPatch{
		Role: enumPtr[core.Role](in.Body.Role), Disabled: in.Body.Disabled, Email: in.Body.Email})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &userOut{Body: userBody(u)}, nil
}

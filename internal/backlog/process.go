package backlog

import (
	"context"
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Process is the active scheme, and which schemes there are.
type Process struct {
	Profile  string   `json:"profile"`
	Profiles []string `json:"profiles"`
	Scheme   Scheme   `json:"scheme"`
	Version  int      `json:"version"`
}

// schemes knows every scheme items may name: the shipped profiles and every
// stored version of the custom ones.
type schemes struct {
	byRef  map[string]Scheme
	latest map[string]Scheme
}

func loadSchemes(ctx context.Context, r SchemeReader) (schemes, error) {
	out := schemes{byRef: map[string]Scheme{}, latest: map[string]Scheme{}}
	for _, p := range Profiles {
		out.byRef[p.Ref()], out.latest[p.Name] = p, p
	}
	custom, err := r.BacklogSchemes(ctx)
	if err != nil {
		return out, err
	}
	for _, c := range custom {
		out.byRef[c.Ref()] = c
		if c.Version > out.latest[c.Name].Version {
			out.latest[c.Name] = c
		}
	}
	return out, nil
}

// of returns the scheme an item was recorded under; an unknown one (which
// cannot happen short of a hand-edited database) reads as the default.
func (ss schemes) of(it Item) Scheme {
	if s, ok := ss.byRef[it.Profile]; ok {
		return s
	}
	return Profiles[DefaultProfile]
}

// names lists the schemes one can switch to: shipped first, then custom.
func (ss schemes) names() []string {
	out := ProfileNames()
	for n := range ss.latest {
		if _, shipped := Profiles[n]; !shipped {
			out = append(out, n)
		}
	}
	sortTail(out, 2)
	return out
}

func sortTail(vs []string, from int) {
	for i := from; i < len(vs); i++ {
		for j := i; j > from && vs[j] < vs[j-1]; j-- {
			vs[j], vs[j-1] = vs[j-1], vs[j]
		}
	}
}

// active returns the active scheme, the shipped default when none was chosen.
func active(ctx context.Context, r SchemeReader) (Scheme, ProcessState, schemes, error) {
	ss, err := loadSchemes(ctx, r)
	if err != nil {
		return Scheme{}, ProcessState{}, ss, err
	}
	st, err := r.BacklogProcess(ctx)
	st, err = orDefault(st, err, ProcessState{Profile: DefaultProfile, SchemeVersion: 1})
	if err != nil {
		return Scheme{}, st, ss, err
	}
	sc, ok := ss.byRef[fmt.Sprintf("%s@%d", st.Profile, st.SchemeVersion)]
	if !ok {
		sc = Profiles[DefaultProfile]
	}
	return sc.Clone(), st, ss, nil
}

// Process returns the active scheme.
func (s *Service) Process(ctx context.Context, actor core.Actor) (Process, error) {
	if err := actor.Require(core.PermRead, "reading the process"); err != nil {
		return Process{}, err
	}
	sc, st, ss, err := active(ctx, s.store)
	return Process{Profile: sc.Name, Profiles: ss.names(), Scheme: sc, Version: st.Version}, err
}

// ProcessChange switches to a named profile, or brings in a whole custom
// scheme (stored as the next version of its name) and switches to it.
type ProcessChange struct {
	Profile string
	Scheme  *Scheme
}

// SetProcess changes the active scheme (manager). Items already recorded
// keep the scheme they were recorded under.
func (s *Service) SetProcess(ctx context.Context, actor core.Actor, version int, in ProcessChange) (Process, error) {
	if err := actor.Require(core.PermManage, "changing the process"); err != nil {
		return Process{}, err
	}
	in.Profile = strings.TrimSpace(in.Profile)
	if in.Scheme == nil && in.Profile == "" {
		return Process{}, &core.Error{Code: core.Invalid, Message: "name a profile, or give a whole scheme",
			Fields: []core.FieldError{{Field: "profile", Message: "is required unless a scheme is given"}}}
	}
	if in.Scheme != nil {
		if err := in.Scheme.Validate(); err != nil {
			return Process{}, err
		}
		in.Scheme.Name = strings.TrimSpace(in.Scheme.Name)
		if _, shipped := Profiles[in.Scheme.Name]; shipped {
			return Process{}, &core.Error{Code: core.Conflict, Message: "a shipped profile cannot be changed; give the custom scheme a name of its own",
				Fields: []core.FieldError{{Field: "name", Message: "is the name of a shipped profile", Value: in.Scheme.Name}}}
		}
		if in.Profile != "" && in.Profile != in.Scheme.Name {
			return Process{}, &core.Error{Code: core.Invalid, Message: "profile and the scheme's name differ",
				Fields: []core.FieldError{{Field: "profile", Message: "must be the scheme's name, or left out", Value: in.Profile}}}
		}
	}
	var out Process
	err := s.store.InTx(ctx, func(tx Tx) error {
		_, st, ss, err := active(ctx, tx)
		if err != nil {
			return err
		}
		if err := core.CheckVersion("the process", st.Version, version, true); err != nil {
			return err
		}
		now := s.clock.Now()
		var sc Scheme
		if in.Scheme != nil {
			sc = in.Scheme.Clone()
			sc.Version = ss.latest[sc.Name].Version + 1
			if err := tx.InsertBacklogScheme(ctx, sc, actor.Username, now); err != nil {
				return err
			}
			ss.byRef[sc.Ref()], ss.latest[sc.Name] = sc, sc
		} else {
			var ok bool
			if sc, ok = ss.latest[in.Profile]; !ok {
				return &core.Error{Code: core.Invalid, Message: "there is no such profile",
					Fields: []core.FieldError{{Field: "profile", Message: "must be one of " + strings.Join(ss.names(), ", "), Value: in.Profile}}}
			}
		}
		next := ProcessState{Profile: sc.Name, SchemeVersion: sc.Version, Version: st.Version}
		if err := tx.SaveBacklogProcess(ctx, &next, actor.Username, now); err != nil {
			return err
		}
		out = Process{Profile: sc.Name, Profiles: ss.names(), Scheme: sc.Clone(), Version: next.Version}
		return tx.Append(ctx, core.Event{Subject: settingsSubject, Type: "backlog.process_changed", Actor: actor.Username, At: now,
			Summary: fmt.Sprintf("process is now %s (was %s@%d)", sc.Ref(), st.Profile, st.SchemeVersion)})
	})
	return out, err
}

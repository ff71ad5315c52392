package demo

import (
	"context"
	"fmt"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/directory"
	"throughline/internal/store"
)

// A larger region has more people in CEN care, so it has more CEN teams,
// and larger ones, rather than caseloads no one could hold: each unit of
// scale past the first brings about as many named workers as the two
// fixed teams have, gathered into teams that grow from 16 to 26 workers.
// A region of scale 1 is exactly the fixed teams and staff.

// cenTeam describes the extra teams of one CEN pathway.
type cenTeam struct {
	key, name   string
	baseWorkers int // named workers in the fixed team of this pathway
	peersWork   bool
}

var cenPathways = []cenTeam{
	{"community", "CEN Community Team", 17, true},
	{"therapies", "CEN Therapies Team", 13, false},
}

// teamSize is how many clinicians and peer workers an extra team has at scale.
func teamSize(scale int) (clinicians, peers int) {
	clinicians = 12 + min(scale, 48)/6
	return clinicians, (clinicians + 2) / 3
}

// extraTeams is how many teams a pathway has beyond its fixed one.
func extraTeams(scale, baseWorkers int, peersWork bool) int {
	if scale <= 1 {
		return 0
	}
	c, p := teamSize(scale)
	size := c
	if peersWork {
		size += p
	}
	return ((scale-1)*baseWorkers + size - 1) / size
}

var professions = []string{psychol, nurse, nurse, ot, socialWork, psychiat, psychoth, nurse}

// createExtraTeams adds the scaled teams and their staff to r.
func (g *gen) createExtraTeams(ctx context.Context, tx *store.Tx, r *roster, scale int, hash string) error {
	for _, p := range cenPathways {
		for k := range extraTeams(scale, p.baseWorkers, p.peersWork) {
			loc := localities[k%len(localities)]
			t := directory.Team{Name: fmt.Sprintf("%s %d (%s)", p.name, k+2, loc.Name), ServiceID: cen}
			if err := tx.CreateTeam(ctx, &t); err != nil {
				return fmt.Errorf("create team %s: %w", t.Name, err)
			}
			r.keyOf[t.ID] = p.key
			clin, peers := teamSize(scale)
			roles := []auth.Role{auth.TeamManager, auth.Admin}
			for range clin {
				roles = append(roles, auth.Clinician)
			}
			for range peers {
				roles = append(roles, auth.PeerWorker)
			}
			for i, role := range roles {
				u := auth.User{DisplayName: g.staffName(role == auth.Clinician && i%3 == 0), Role: role, PasswordHash: hash, TeamIDs: []int64{t.ID}}
				if role == auth.Clinician {
					u.Profession = professions[i%len(professions)]
				}
				u.Username = fmt.Sprintf("%s.%d", username(u.DisplayName), r.count+1)
				if err := tx.CreateUser(ctx, &u); err != nil {
					return fmt.Errorf("create user %s: %w", u.Username, err)
				}
				r.count++
				r.names[u.ID] = u.DisplayName
				r.members[p.key] = append(r.members[p.key], u.ID)
				switch {
				case role == auth.Clinician || (role == auth.PeerWorker && p.peersWork):
					r.pool[p.key] = append(r.pool[p.key], u.ID)
					r.teamWorkers[t.ID] = append(r.teamWorkers[t.ID], u.ID)
					r.teamOf[u.ID] = t.ID
				}
				if role == auth.PeerWorker {
					r.peers[u.ID] = true
				}
				if role == auth.TeamManager {
					r.teamManager[t.ID] = u.ID
				}
			}
		}
	}
	return nil
}

// staffName is a member of staff's name, "Dr" for some clinicians.
func (g *gen) staffName(doctor bool) string {
	return g.professionalName(doctor && g.chance(0.5))
}

// username is a lower-case sign-in name made from a display name.
func username(display string) string {
	name := strings.TrimPrefix(display, "Dr ")
	return strings.ToLower(strings.NewReplacer("'", "", " ", ".", "-", "").Replace(name))
}

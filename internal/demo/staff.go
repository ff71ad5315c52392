package demo

import (
	"context"
	"fmt"
	"slices"

	"throughline/internal/auth"
	"throughline/internal/directory"
	"throughline/internal/store"
)

// staffRow is one account the demo creates. teams are teamDef keys; for
// referrers, from is the directory service they refer from.
type staffRow struct {
	username, name string
	role           auth.Role
	profession     string
	org            string
	teams          []string
	from           string
}

const (
	icb        = "Kingsmere Integrated Care Board"
	psychol    = "psychologist"
	nurse      = "nurse"
	ot         = "occupational-therapist"
	socialWork = "social-worker"
	psychiat   = "psychiatrist"
	psychoth   = "psychotherapist"
)

var (
	comm    = []string{"community"}
	ther    = []string{"therapies"}
	bothCEN = []string{"community", "therapies"}
)

// staffRows lists every account; the fixed demo logins come first.
var staffRows = []staffRow{
	{"clinician", "Dr Amara Okafor", auth.Clinician, psychol, "", comm, ""},
	{"peer", "Jess Whitfield", auth.PeerWorker, "", "", comm, ""},
	{"admin", "Sam Taylor", auth.Admin, "", "", bothCEN, ""},
	{"manager", "Ruth Adeyemi", auth.TeamManager, "", "", bothCEN, ""},
	{"referrer", "Dr Sarah Whitmore", auth.Referrer, "", "Northgate Medical Practice", nil, "gp-northgate"},
	{"commissioner", "Helen Carter", auth.Commissioner, "", icb, nil, ""},
	{"sysadmin", "Chris Ndlovu", auth.SystemAdmin, "", "", nil, ""},
	{"auditor", "Margaret Osei", auth.Auditor, "", "", nil, ""},

	// CEN Community Team (SCM; the team that prescribes).
	{"zara.ali", "Dr Zara Ali", auth.Clinician, psychol, "", comm, ""},
	{"tomasz.nowak", "Tomasz Nowak", auth.Clinician, nurse, "", comm, ""},
	{"grace.mensah", "Grace Mensah", auth.Clinician, nurse, "", comm, ""},
	{"liam.oconnor", "Liam O'Connor", auth.Clinician, nurse, "", comm, ""},
	{"hannah.brooks", "Hannah Brooks", auth.Clinician, ot, "", comm, ""},
	{"yusuf.rahman", "Yusuf Rahman", auth.Clinician, ot, "", comm, ""},
	{"claire.mcdonald", "Claire McDonald", auth.Clinician, socialWork, "", comm, ""},
	{"daniel.owusu", "Daniel Owusu", auth.Clinician, socialWork, "", comm, ""},
	{"imran.chaudhry", "Dr Imran Chaudhry", auth.Clinician, psychiat, "", comm, ""},
	{"eleanor.hughes", "Dr Eleanor Hughes", auth.Clinician, psychiat, "", comm, ""},
	{"mei.lin", "Mei Lin", auth.Clinician, psychoth, "", comm, ""},
	{"rhys.evans", "Dr Rhys Evans", auth.Clinician, psychol, "", comm, ""},
	{"kezia.campbell", "Kezia Campbell", auth.PeerWorker, "", "", comm, ""},
	{"connor.walsh", "Connor Walsh", auth.PeerWorker, "", "", comm, ""},
	{"aisha.begum", "Aisha Begum", auth.PeerWorker, "", "", comm, ""},
	{"ben.harper", "Ben Harper", auth.PeerWorker, "", "", comm, ""},
	{"marta.kowalska", "Marta Kowalska", auth.PeerWorker, "", "", comm, ""},
	{"paula.green", "Paula Green", auth.Admin, "", "", comm, ""},

	// CEN Therapies Team (MBT, DIT, DBT).
	{"catherine.doyle", "Catherine Doyle", auth.TeamManager, "", "", ther, ""},
	{"priya.shah", "Dr Priya Shah", auth.Clinician, psychol, "", ther, ""},
	{"joseph.adebayo", "Dr Joseph Adebayo", auth.Clinician, psychol, "", ther, ""},
	{"sophie.clarke", "Dr Sophie Clarke", auth.Clinician, psychol, "", ther, ""},
	{"david.cohen", "Dr David Cohen", auth.Clinician, psychol, "", ther, ""},
	{"farah.hussain", "Farah Hussain", auth.Clinician, psychoth, "", ther, ""},
	{"oliver.bennett", "Oliver Bennett", auth.Clinician, psychoth, "", ther, ""},
	{"ngozi.eze", "Ngozi Eze", auth.Clinician, psychoth, "", ther, ""},
	{"lucy.fraser", "Lucy Fraser", auth.Clinician, nurse, "", ther, ""},
	{"chloe.martin", "Chloe Martin", auth.Clinician, nurse, "", ther, ""},
	{"marcus.reid", "Marcus Reid", auth.Clinician, nurse, "", ther, ""},
	{"anna.novak", "Anna Novak", auth.Clinician, ot, "", ther, ""},
	{"kwame.asante", "Kwame Asante", auth.Clinician, socialWork, "", ther, ""},
	{"siobhan.kelly", "Dr Siobhan Kelly", auth.Clinician, psychiat, "", ther, ""},
	{"leah.morgan", "Leah Morgan", auth.PeerWorker, "", "", ther, ""},
	{"jamal.ahmed", "Jamal Ahmed", auth.PeerWorker, "", "", ther, ""},
	{"niamh.byrne", "Niamh Byrne", auth.PeerWorker, "", "", ther, ""},
	{"ravi.patel", "Ravi Patel", auth.Admin, "", "", ther, ""},

	// Other services with teams in the system.
	{"gareth.jones", "Gareth Jones", auth.TeamManager, "", "", []string{"cmht-north"}, ""},
	{"fatima.mirza", "Dr Fatima Mirza", auth.Clinician, psychiat, "", []string{"cmht-north"}, ""},
	{"emily.watson", "Emily Watson", auth.Clinician, nurse, "", []string{"cmht-north"}, ""},
	{"olu.bankole", "Olu Bankole", auth.Clinician, socialWork, "", []string{"cmht-north"}, ""},
	{"jenny.price", "Jenny Price", auth.Admin, "", "", []string{"cmht-north"}, ""},
	{"mark.sullivan", "Mark Sullivan", auth.Clinician, nurse, "", []string{"crisis"}, ""},
	{"adwoa.boateng", "Adwoa Boateng", auth.Clinician, nurse, "", []string{"crisis"}, ""},
	{"peter.lind", "Dr Peter Lind", auth.Clinician, psychiat, "", []string{"crisis"}, ""},
	{"helen.frost", "Dr Helen Frost", auth.Clinician, psychol, "", []string{"trauma"}, ""},
	{"sana.iqbal", "Dr Sana Iqbal", auth.Clinician, psychol, "", []string{"trauma"}, ""},

	// Referrers.
	{"james.fletcher", "Dr James Fletcher", auth.Referrer, "", "Southmead Surgery", nil, "gp-southmead"},
	{"nadia.rahman", "Dr Nadia Rahman", auth.Referrer, "", "Eastbrook Health Centre", nil, "gp-eastbrook"},
	{"chidi.okonkwo", "Dr Chidi Okonkwo", auth.Referrer, "", "City Centre Medical Group", nil, "gp-citycentre"},
	{"rebecca.lowe", "Rebecca Lowe", auth.Referrer, "", "NHS Talking Therapies Kingsmere North", nil, "tt-north"},
	{"arjun.mehta", "Arjun Mehta", auth.Referrer, "", "NHS Talking Therapies Kingsmere South", nil, "tt-south"},
	{"fiona.grant", "Fiona Grant", auth.Referrer, "", "North Community Mental Health Team", nil, "cmht-north"},
	{"kofi.mensah", "Kofi Mensah", auth.Referrer, "", "South Community Mental Health Team", nil, "cmht-south"},
	{"laura.bishop", "Laura Bishop", auth.Referrer, "", "A&E Mental Health Liaison, Kingsmere General Hospital", nil, "ae-liaison"},
	{"tariq.aziz", "Tariq Aziz", auth.Referrer, "", "A&E Mental Health Liaison, Kingsmere General Hospital", nil, "ae-liaison"},
	{"joanne.murphy", "Joanne Murphy", auth.Referrer, "", "Kingsmere Women's Centre", nil, "womens-centre"},
	{"dev.sharma", "Dev Sharma", auth.Referrer, "", "Kingsmere Mind", nil, "mind"},

	{"gemma.wright", "Gemma Wright", auth.Commissioner, "", icb, nil, ""},
	{"ian.forbes", "Ian Forbes", auth.Auditor, "", "", nil, ""},
}

// roster is what the generator needs to know about the staff it created.
type roster struct {
	ids      map[string]int64   // username → user id
	teams    map[string]int64   // team key → team id
	members  map[string][]int64 // team key → every member
	workers  map[string][]int64 // team key → who can be a named worker
	managers map[string][]int64 // team key → team managers
	admins   map[string][]int64 // team key → admins
	clinics  map[string][]int64 // team key → clinicians
	from     map[string][]int64 // referring service id → referrer accounts (not the fixed one)
	peers    map[int64]bool     // peer and support workers
	// Across every team of a pathway, the fixed one first (teams.go):
	pool        map[string][]int64 // pathway key → every named worker
	teamWorkers map[int64][]int64  // team id → its named workers
	teamOf      map[int64]int64    // named worker → their team
	keyOf       map[int64]string   // team id → pathway key
	teamManager map[int64]int64    // team id → its manager
	names       map[int64]string   // account → display name
	count       int                // accounts created
}

// createStaff writes the teams and every account, returning the roster.
func (g *gen) createStaff(ctx context.Context, tx *store.Tx, hash string, scale int) (*roster, error) {
	r := &roster{ids: map[string]int64{}, teams: map[string]int64{}, members: map[string][]int64{}, workers: map[string][]int64{},
		managers: map[string][]int64{}, admins: map[string][]int64{}, clinics: map[string][]int64{}, from: map[string][]int64{}, peers: map[int64]bool{},
		pool: map[string][]int64{}, teamWorkers: map[int64][]int64{}, teamOf: map[int64]int64{}, keyOf: map[int64]string{}, teamManager: map[int64]int64{}, names: map[int64]string{}}
	for _, d := range teamDefs {
		t := directory.Team{Name: d.name, ServiceID: d.service}
		if err := tx.CreateTeam(ctx, &t); err != nil {
			return nil, fmt.Errorf("create team %s: %w", d.name, err)
		}
		r.teams[d.key] = t.ID
	}
	for _, s := range staffRows {
		u := auth.User{Username: s.username, DisplayName: s.name, Role: s.role, Profession: s.profession,
			Organization: s.org, PasswordHash: hash}
		for _, k := range s.teams {
			u.TeamIDs = append(u.TeamIDs, r.teams[k])
		}
		if err := tx.CreateUser(ctx, &u); err != nil {
			return nil, fmt.Errorf("create user %s: %w", s.username, err)
		}
		r.ids[s.username] = u.ID
		r.names[u.ID] = s.name
		if s.from != "" && s.username != "referrer" {
			r.from[s.from] = append(r.from[s.from], u.ID)
		}
		for _, k := range s.teams {
			r.members[k] = append(r.members[k], u.ID)
			switch s.role {
			case auth.Clinician:
				r.clinics[k] = append(r.clinics[k], u.ID)
				r.workers[k] = append(r.workers[k], u.ID)
			case auth.PeerWorker:
				r.peers[u.ID] = true
				// Therapies Team named workers are therapists; peers there run groups.
				if k != "therapies" {
					r.workers[k] = append(r.workers[k], u.ID)
				}
			case auth.TeamManager:
				r.managers[k] = append(r.managers[k], u.ID)
			case auth.Admin:
				r.admins[k] = append(r.admins[k], u.ID)
			}
		}
	}
	r.count = len(staffRows)
	for k, id := range r.teams {
		r.keyOf[id] = k
		r.pool[k] = slices.Clone(r.workers[k])
		r.teamWorkers[id] = r.workers[k]
		for _, w := range r.workers[k] {
			r.teamOf[w] = id
		}
		if m := r.managers[k]; len(m) > 0 {
			r.teamManager[id] = m[0]
		}
	}
	return r, g.createExtraTeams(ctx, tx, r, scale, hash)
}

// fixedLogins describes the one-per-role demo accounts, in role order.
func fixedLogins(serviceUserName string) []Login {
	return []Login{
		{auth.Clinician, "clinician", "Clinical psychologist in the CEN Community Team, named worker for about 20 people"},
		{auth.PeerWorker, "peer", "Peer worker in the CEN Community Team"},
		{auth.Admin, "admin", "Administrator for both CEN teams: referral intake, booking and letters"},
		{auth.TeamManager, "manager", "Manager of both CEN teams: screening, team discussions and caseloads"},
		{auth.Referrer, "referrer", "GP at Northgate Medical Practice who has referred about 30 people"},
		{auth.ServiceUser, "serviceuser", serviceUserName + ", with the Community Team; the demo clinician is their named worker"},
		{auth.Commissioner, "commissioner", "Commissioner at the Integrated Care Board: aggregate reports only"},
		{auth.SystemAdmin, "sysadmin", "System administrator: user accounts and roles"},
		{auth.Auditor, "auditor", "Auditor: the audit log and emergency-access reviews"},
	}
}

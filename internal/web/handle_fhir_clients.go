package web

import (
	"fmt"
	"net/http"

	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

// The system administrator's page of FHIR API clients (SMART Backend
// Services): who may call the bulk export, with which scopes, and a way to
// refuse one at once (a lost key, a contract ended), which revokes every
// token it holds. Registering one was only `throughline fhir-client add`,
// and refusing one took an edit of the database.

const fhirClientsURL = "/admin/fhir-clients"

func (s *Server) fhirClientRoutes() []route {
	return []route{
		{"GET " + fhirClientsURL, systemAdmins, s.handleFHIRClients},
		{"POST " + fhirClientsURL, systemAdmins, s.handleFHIRClientCreate},
		{"POST " + fhirClientsURL + "/{id}/disable", systemAdmins, s.handleFHIRClientDisable},
		{"POST " + fhirClientsURL + "/{id}/enable", systemAdmins, s.handleFHIRClientEnable},
	}
}

type fhirClientsData struct {
	Clients []store.FHIRClientRow
	Base    string // the FHIR base, for the token endpoint's address
}

func (s *Server) renderFHIRClients(w http.ResponseWriter, r *http.Request, status int, err error) error {
	d := fhirClientsData{Base: fhirBase}
	var lerr error
	if d.Clients, lerr = s.db.FHIRClients(r.Context()); lerr != nil {
		return lerr
	}
	v := view{Title: "FHIR API clients", D: d, Errors: errorsFrom(err)}
	if err != nil {
		v.Form = r.PostForm
	}
	s.render(w, r, status, "fhir_clients", v)
	return nil
}

func (s *Server) handleFHIRClients(w http.ResponseWriter, r *http.Request) error {
	return s.renderFHIRClients(w, r, http.StatusOK, nil)
}

// handleFHIRClientCreate registers a client from the page's form; the
// store checks its key and scopes.
func (s *Server) handleFHIRClientCreate(w http.ResponseWriter, r *http.Request) error {
	f := form.Read(r.PostForm)
	c := store.FHIRClient{ClientID: f.Text("client_id"), Name: f.Text("name"), PublicKey: f.Text("public_key"), Scopes: f.Text("scopes")}
	err := f.With(s.db.CreateFHIRClient(r.Context(), actor(r), &c))
	switch problem.Code(err) {
	case "":
		s.setFlash(w, fmt.Sprintf("%s is registered as %s. It can now ask the token endpoint for access with its key.", c.Name, c.ClientID))
		return seeOther(fhirClientsURL)
	case problem.Invalid, problem.Conflict:
		if problem.Code(err) == problem.Conflict {
			// The id is taken: say so on its box.
			var v problem.Validation
			v.Add("client_id", problem.Message(err))
			err = v.Err()
		}
		return s.renderFHIRClients(w, r, statusFor(err), err)
	}
	return err
}

func (s *Server) handleFHIRClientDisable(w http.ResponseWriter, r *http.Request) error {
	return s.setFHIRClientDisabled(w, r, true)
}

func (s *Server) handleFHIRClientEnable(w http.ResponseWriter, r *http.Request) error {
	return s.setFHIRClientDisabled(w, r, false)
}

func (s *Server) setFHIRClientDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.db.SetFHIRClientDisabled(r.Context(), actor(r), id, disabled); err != nil {
		return err
	}
	if disabled {
		s.setFlash(w, "The client is disabled: its tokens no longer work and it cannot get new ones.")
	} else {
		s.setFlash(w, "The client is enabled again. It must ask for a new token.")
	}
	return seeOther(fhirClientsURL)
}

package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"

	"throughline/internal/directory"
	"throughline/internal/openreferral"
	"throughline/internal/problem"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

func (s *Server) handleDirectoryImportForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "directory_import", view{Title: "Import a directory file"})
	return nil
}

// importProblems lists every problem in a rejected file, each linked to the
// text box so the person can go straight back to it.
func importProblems(err error) *formErrors {
	var fe *directory.FileError
	if !errors.As(err, &fe) {
		out := &formErrors{Fields: map[string]string{"file": problem.Message(err)}}
		out.Summary = []fieldError{{Field: "file", Message: problem.Message(err)}}
		return out
	}
	n := len(fe.Problems)
	msg := fmt.Sprintf("The file has %d problems. Nothing has been imported.", n)
	if n == 1 {
		msg = "The file has 1 problem. Nothing has been imported."
	}
	out := &formErrors{Fields: map[string]string{"file": msg}, Summary: []fieldError{{Field: "file", Message: msg}}}
	for _, p := range fe.Problems {
		text := fmt.Sprintf("Line %d: %s", p.Line, p.Message)
		if p.Field != "" {
			text = fmt.Sprintf("Line %d, %s: %s", p.Line, p.Field, p.Message)
		}
		out.Summary = append(out.Summary, fieldError{Field: "file", Message: text})
	}
	return out
}

// reservedIDProblems refuses services whose ids would clash with the
// directory's own pages, reporting them like any other problem in the file.
func reservedIDProblems(f directory.File) error {
	var probs []directory.FileProblem
	for i, sv := range f.Services {
		if slices.Contains(reservedServiceIDs, sv.ID) {
			probs = append(probs, directory.FileProblem{Line: 1, Field: fmt.Sprintf("services[%d].id", i),
				Message: fmt.Sprintf("the id %q is used by the directory's own pages; choose another id", sv.ID)})
		}
	}
	if probs != nil {
		return &directory.FileError{Problems: probs}
	}
	return nil
}

func (s *Server) handleDirectoryImport(w http.ResponseWriter, r *http.Request) error {
	fail := func(status int, fe *formErrors) error {
		s.render(w, r, status, "directory_import", view{Title: "Import a directory file", Form: r.PostForm, Errors: fe})
		return nil
	}
	f := form.Read(r.PostForm)
	if f.Required("file", "Paste the directory file"); f.Err() != nil {
		return fail(http.StatusUnprocessableEntity, errorsFrom(f.Err()))
	}
	// The file is parsed as pasted, untrimmed, so that the line numbers in
	// its problems match the lines in the text box.
	// Either format: the directory's own, or HSDS 3.0 (Open Referral UK).
	file, err := openreferral.ParseAnyFile([]byte(r.PostForm.Get("file")))
	if err == nil {
		err = reservedIDProblems(file)
	}
	if err != nil {
		return fail(http.StatusUnprocessableEntity, importProblems(err))
	}
	sum, err := s.db.ImportDirectory(r.Context(), actor(r), file)
	switch problem.Code(err) {
	case "":
	case problem.Invalid, problem.Conflict:
		return fail(statusFor(err), importProblems(err))
	default:
		return err
	}
	s.setFlash(w, fmt.Sprintf("Directory imported: %d services added, %d updated and %d unchanged; %d localities.",
		sum.Created, sum.Updated, sum.Unchanged, sum.Localities))
	http.Redirect(w, r, directoryURL, http.StatusSeeOther)
	return nil
}

// directoryURL is the directory's list of services.
const directoryURL = "/directory"

func (s *Server) handleDirectoryExport(w http.ResponseWriter, r *http.Request) error {
	svcs, err := s.db.Services(r.Context())
	if err != nil {
		return err
	}
	locs, err := s.db.Localities(r.Context())
	if err != nil {
		return err
	}
	b, err := directory.EncodeFile(directory.File{Localities: locs, Services: svcs})
	if err != nil {
		return fmt.Errorf("export directory: %w", err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="directory-%s.json"`, uktime.Date(s.db.Now())))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
	return nil
}

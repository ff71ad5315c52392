package web

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"throughline/internal/auth"
)

// TestDirectoryEditorMarksPurposeRules: the editor ticks which rules are
// the service's purpose; they are saved, shown ticked again, recorded in
// the history and exported with the directory.
func TestDirectoryEditorMarksPurposeRules(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		importDirectoryTestFile(t, f)
		mgr, csrf := f.session(t, f.users[auth.TeamManager])
		res, body := f.do(t, "GET", "/directory/cen/edit", mgr, nil)
		if res.StatusCode != 200 || !strings.Contains(body, "Which of these rules say who the service exists for?") {
			t.Fatalf("edit form lacks the purpose question: %d", res.StatusCode)
		}
		form := editForm(t, f, "cen", csrf)
		form["purpose"] = []string{"diagnosis", "age"}
		res, _ = f.do(t, "POST", "/directory/cen/edit", mgr, form)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", res.StatusCode)
		}
		sv, err := f.db.Service(context.Background(), "cen")
		if err != nil || !slices.Equal(sv.Purpose, []string{"diagnosis", "age"}) {
			t.Fatalf("saved purpose = %v, %v", sv.Purpose, err)
		}
		_, body = f.do(t, "GET", "/directory/cen/edit", mgr, nil)
		if !strings.Contains(body, `name="purpose" type="checkbox" value="diagnosis" checked>`) || strings.Contains(body, `name="purpose" type="checkbox" value="risk" checked>`) {
			t.Error("the purpose rules are not ticked as saved when editing again")
		}
		_, body = f.do(t, "GET", "/directory/export.json", mgr, nil)
		if !strings.Contains(body, `"purpose": [`) {
			t.Error("the export lacks the purpose rules")
		}
		form = editForm(t, f, "cen", csrf)
		form["purpose"] = []string{"mood"}
		if res, _ := f.do(t, "POST", "/directory/cen/edit", mgr, form); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("unknown purpose rule: %d, want 422", res.StatusCode)
		}
	})
}

package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/disclosure"
)

func TestMeasureFormRecordsAndFlagsRisk(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		clin, csrf := f.session(t, f.users[auth.Clinician])
		base := fmt.Sprintf("/people/%d/measures", f.person.ID)
		res, body := f.do(t, "GET", base+"/new/CORE-10", clin, nil)
		for _, want := range []string{"Over the last week...", "I made plans to end my life", "Most or all of the time", "© CORE System Trust", "<fieldset", "<legend"} {
			if res.StatusCode != 200 || !strings.Contains(body, want) {
				t.Errorf("CORE-10 form (%d) lacks %q", res.StatusCode, want)
			}
		}
		// Two unanswered questions: CORE-10 allows one. Answers are kept.
		form := url.Values{"csrf_token": {csrf}, "taken_on": {"2026-01-05"}}
		for i, a := range []string{"1", "2", "2", "1", "1", "", "1", "1", "1", ""} {
			if a != "" {
				form.Set(fmt.Sprintf("item-%d", i+1), a)
			}
		}
		res, body = f.do(t, "POST", base+"/new/CORE-10", clin, form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Question 6: choose an answer") ||
			!strings.Contains(body, `id="item-2-2" name="item-2" type="radio" value="2" checked`) || !strings.Contains(body, `value="2026-01-05"`) {
			t.Errorf("missing answers: status %d; error or kept answers missing", res.StatusCode)
		}
		form.Set("item-6", "1")
		form.Set("item-10", "0")
		res, _ = f.do(t, "POST", base+"/new/CORE-10", clin, form)
		loc := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, base+"/results/") {
			t.Fatalf("record CORE-10: status %d location %q", res.StatusCode, loc)
		}
		_, body = f.do(t, "GET", loc, clin, nil)
		for _, want := range []string{`id="risk-notice"`, "A task to check in", "Test Clinician", "© CORE System Trust", "I made plans to end my life</td><td>Only occasionally"} {
			if !strings.Contains(body, want) {
				t.Errorf("result page lacks %q", want)
			}
		}
		_, body = f.do(t, "GET", base, clin, nil)
		for _, want := range []string{"CORE-10 scores, oldest first", "data-measure-chart", "safety check-in", "CORE-10 reliable change is a drop of 6 or more"} {
			if !strings.Contains(body, want) {
				t.Errorf("measures page lacks %q", want)
			}
		}
		// Bad input: unknown measure, a made-up answer, a bad date.
		if res, _ := f.do(t, "GET", base+"/new/BDI-II", clin, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("unknown measure: %d", res.StatusCode)
		}
		bad := url.Values{"csrf_token": {csrf}, "taken_on": {"yesterday"}, "item-1": {"lots"}}
		res, body = f.do(t, "POST", base+"/new/GAD-7", clin, bad)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Question 1: choose one of the answers shown") {
			t.Errorf("bad answer: %d", res.StatusCode)
		}
		bad.Set("item-1", "9")
		res, body = f.do(t, "POST", base+"/new/GAD-7", clin, bad)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter the date as year-month-day") {
			t.Errorf("bad date: %d", res.StatusCode)
		}
		if res, _ := f.do(t, "GET", base+"/results/99999", clin, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("missing result: %d", res.StatusCode)
		}
	})
}

func apiRequest(t *testing.T, f *fixture, method, path, token, csrf, body string) (*http.Response, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, f.ts.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", csrf)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	res, text := send(t, req)
	var out map[string]any
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal([]byte(text), &out); err != nil {
			t.Fatalf("%s %s: bad JSON %v\n%s", method, path, err, text)
		}
	}
	return res, out
}

func TestMeasuresAPIForThePortal(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		su, csrf := f.session(t, f.users[auth.ServiceUser])
		own := fmt.Sprintf("/api/people/%d/measures", f.person.ID)
		other := fmt.Sprintf("/api/people/%d/measures", f.stranger.ID)

		res, def := apiRequest(t, f, "GET", "/api/measures/CORE-10", su, "", "")
		items, _ := def["items"].([]any)
		if res.StatusCode != 200 || len(items) != 10 || def["copyright"] == "" || def["stem"] != "Over the last week..." {
			t.Errorf("definition: %d %v", res.StatusCode, def)
		}
		if res, out := apiRequest(t, f, "GET", "/api/measures/NOPE", su, "", ""); res.StatusCode != 404 || out["error"] == "" {
			t.Errorf("unknown definition: %d %v", res.StatusCode, out)
		}

		res, out := apiRequest(t, f, "POST", own+"/PHQ-9", su, csrf, `{"answers":[2,2,2,2,2,2,2,2,0],"taken_on":"2026-01-05"}`)
		resp, _ := out["response"].(map[string]any)
		score, _ := resp["score"].(map[string]any)
		if res.StatusCode != http.StatusCreated || resp["source"] != "portal" || score["total"] != 16.0 || score["case"] != true {
			t.Fatalf("record own PHQ-9: %d %v", res.StatusCode, out)
		}
		res, out = apiRequest(t, f, "POST", own+"/PHQ-9", su, csrf, `{"answers":[0,0,1,1,0,0,0,0,0]}`)
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("second PHQ-9: %d %v", res.StatusCode, out)
		}
		res, out = apiRequest(t, f, "GET", own, su, "", "")
		list, _ := out["responses"].([]any)
		changes, _ := out["changes"].([]any)
		if res.StatusCode != 200 || len(list) != 2 || len(changes) != 1 {
			t.Fatalf("own results: %d %v", res.StatusCode, out)
		}
		if c := changes[0].(map[string]any); c["direction"] != "reliable improvement" || c["recovered"] != true || !strings.Contains(c["rule"].(string), "drop of 6") {
			t.Errorf("change = %v", c)
		}
		if res, out := apiRequest(t, f, "GET", own+"/due", su, "", ""); res.StatusCode != 200 || out["due"] == nil {
			t.Errorf("due: %d %v", res.StatusCode, out)
		}

		// Bad input: clear JSON errors naming the field.
		res, out = apiRequest(t, f, "POST", own+"/GAD-7", su, csrf, `{"answers":[1,1,1,1,1,4,null]}`)
		fields, _ := out["fields"].(map[string]any)
		if res.StatusCode != 422 || out["error"] == "" || fields["item-6"] == nil {
			t.Errorf("out of range: %d %v", res.StatusCode, out)
		}
		if res, out := apiRequest(t, f, "POST", own+"/GAD-7", su, csrf, `{"answers":[1,1]`); res.StatusCode != 400 || out["error"] == "" {
			t.Errorf("broken JSON: %d %v", res.StatusCode, out)
		}
		if res, _ := apiRequest(t, f, "POST", own+"/GAD-7", su, "wrong", `{"answers":[1,1,1,1,1,1,1]}`); res.StatusCode != 403 {
			t.Errorf("without the CSRF token: %d", res.StatusCode)
		}

		// Someone else's record: refused, for reading and writing.
		if res, _ := apiRequest(t, f, "GET", other, su, "", ""); res.StatusCode != 403 {
			t.Errorf("another person's results: %d, want 403", res.StatusCode)
		}
		if res, _ := apiRequest(t, f, "POST", other+"/PHQ-9", su, csrf, `{"answers":[0,0,0,0,0,0,0,0,0]}`); res.StatusCode != 403 {
			t.Errorf("writing another person's record: %d, want 403", res.StatusCode)
		}
		// A referrer has a relationship to the person but not to their measures.
		ref, _ := f.session(t, f.users[auth.Referrer])
		if res, _ := apiRequest(t, f, "GET", own, ref, "", ""); res.StatusCode != 403 {
			t.Errorf("referrer reading measures: %d, want 403", res.StatusCode)
		}
	})
}

func TestMeasureListsAndOutcomes(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		su, csrf := f.session(t, f.users[auth.ServiceUser])
		own := fmt.Sprintf("/api/people/%d/measures", f.person.ID)
		for _, a := range []string{"[3,3,3,3,3,3,3,3,3]", "[3,3,3,3,3,3,3,3,3]"} {
			if res, out := apiRequest(t, f, "POST", own+"/PHQ-9", su, csrf, `{"answers":`+a+`}`); res.StatusCode != 201 {
				t.Fatalf("record: %d %v", res.StatusCode, out)
			}
		}
		comm, _ := f.session(t, f.users[auth.Commissioner])
		res, body := f.do(t, "GET", "/measures/outcomes", comm, nil)
		if res.StatusCode != 200 || !strings.Contains(body, "CEN Community Team") || !strings.Contains(body, `<td class="tl-num">`+disclosure.Hidden+`</td>`) || strings.Contains(body, "Robin") {
			t.Errorf("outcomes: %d; want the team, suppressed small numbers and no names", res.StatusCode)
		}
		clin, _ := f.session(t, f.users[auth.Clinician])
		if res, body := f.do(t, "GET", "/measures/due", clin, nil); res.StatusCode != 200 || !strings.Contains(body, "Measures due") {
			t.Errorf("due list: %d", res.StatusCode)
		}
	})
}

package main

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestPageLinks(t *testing.T) {
	tests := []struct {
		name, page string
		want       []string
	}{
		{"same-site pages once, in order", `<a href="/people/7">A</a> <a href="/waiting?sort=age&amp;page=2">B</a> <a href="/people/7">again</a>`,
			[]string{"/people/7", "/waiting?sort=age&page=2"}},
		{"fragments dropped", `<a href="/people/7#goals">`, []string{"/people/7"}},
		{"not other sites, files, downloads or sign-out", `<a href="https://nhs.uk/x"> <a href="//cdn/x"> <a href="/static/app.css"> <a href="/logout">
			<a href="/reports/principles/download?x=1"> <a href="/caseload.csv"> <a href="/fhir/R4/$export"> <a href="/diary.ics">`, nil},
		{"no links", `<p>Nothing here</p>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pageLinks(tt.page); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLinkShape(t *testing.T) {
	for _, tt := range []struct{ path, want string }{
		{"/people/72/episodes/20", "/people/N/episodes/N"},
		{"/mdt/2?waiting_page=3", "/mdt/N?waiting_page=N"},
		{"/gaps", "/gaps"},
	} {
		if got := linkShape(tt.path); got != tt.want {
			t.Errorf("linkShape(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// TestPrintCrawl: the report counts each sign-in's pages, lists the
// slowest first, lists every page that did not answer 200 even when it
// was quick, then the largest pages, largest first; crawlErrors finds the
// server errors.
func TestPrintCrawl(t *testing.T) {
	hits := []CrawlHit{
		{"admin", "/", 200, 2 * time.Millisecond, 4000},
		{"manager", "/gaps/cell?profile=x", 200, 900 * time.Millisecond, 20000},
		{"manager", "/people/3/crisis-plan/print", 404, time.Millisecond, 3000},
		{"manager", "/language", 500, time.Millisecond, 3000},
	}
	var b bytes.Buffer
	printCrawl(&b, hits, 1)
	out := b.String()
	for _, want := range []string{"crawled 4 pages: admin 1 manager 3", "/gaps/cell?profile=x", "404", "/language"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "  admin ") {
		t.Errorf("a quick 200 beyond the slowest one is listed:\n%s", out)
	}
	slow, large, ok := strings.Cut(out, "the 1 largest:")
	if !ok {
		t.Fatalf("no list of the largest pages:\n%s", out)
	}
	if i, j := strings.Index(slow, "/gaps/cell"), strings.Index(slow, "/language"); i > j {
		t.Errorf("the slowest page is not first:\n%s", out)
	}
	if !strings.Contains(large, "20 KB") || strings.Contains(large, "/language") {
		t.Errorf("the largest page is not the one listed:\n%s", large)
	}
	if got := crawlErrors(hits); len(got) != 1 || got[0].Path != "/language" {
		t.Errorf("crawlErrors = %v, want the 500", got)
	}
}

func FuzzPageLinks(f *testing.F) {
	f.Add(`<a href="/people/7">A</a><a href="/static/x">`)
	f.Add(`href="/a?b=1&amp;c=2#d" href="//x"`)
	f.Fuzz(func(t *testing.T, page string) {
		seen := map[string]bool{}
		for _, l := range pageLinks(page) {
			if !strings.HasPrefix(l, "/") || strings.HasPrefix(l, "//") || strings.Contains(l, "#") || seen[l] {
				t.Fatalf("pageLinks(%q) gave %q", page, l)
			}
			seen[l] = true
		}
	})
}

// TestCrawlErrorsFailTheRun: a crawl with no server error passes, though
// it drove no load; one page answering 500 fails it, naming the page.
func TestCrawlErrorsFailTheRun(t *testing.T) {
	ok := []CrawlHit{{"admin", "/", 200, time.Millisecond, 10}, {"carer", "/people/3/crisis-plan/print", 404, time.Millisecond, 10}}
	if err := checkErrors([]Table{{Database: "SQLite", Crawled: true, Crawl: ok}}); err != nil {
		t.Errorf("a crawl without server errors failed: %v", err)
	}
	bad := append(ok, CrawlHit{"manager", "/language", 500, time.Millisecond, 10})
	err := checkErrors([]Table{{Database: "SQLite", Crawled: true, Crawl: bad}})
	if err == nil || !strings.Contains(err.Error(), "GET /language as manager answered 500") {
		t.Errorf("a crawl with a 500: %v", err)
	}
}

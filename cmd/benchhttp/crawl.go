package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// The crawl (-crawl) signs in as each of the demo's people and visits every
// page they can reach from their home page by following links, timing each
// once. The load benchmark measures the pages people use most; a page
// that grows faster than the region hides elsewhere (at scale 75 a gap
// cell took 5 s and an episode page a third of a second, found this way),
// so the crawl reports the slowest pages and every error.

// CrawlHit is one page the crawl fetched.
type CrawlHit struct {
	Username string
	Path     string
	Status   int
	Took     time.Duration
	Bytes    int
}

// crawlShapes is how many addresses of one shape (numbers standing for
// any number) the crawl visits per sign-in: one person's record stands
// for every person's.
const crawlShapes = 2

// crawlPages is the most pages the crawl visits per sign-in.
const crawlPages = 400

var (
	hrefAttr = regexp.MustCompile(`href="(/[^"#]*)`)
	number   = regexp.MustCompile(`[0-9]+`)
)

// pageLinks are the same-site pages a page links to, in order, each once:
// not the static files, downloads or the sign-out.
func pageLinks(page string) []string {
	var out []string
	for _, m := range hrefAttr.FindAllStringSubmatch(page, -1) {
		link := strings.ReplaceAll(m[1], "&amp;", "&")
		switch {
		case strings.HasPrefix(link, "//"), strings.HasPrefix(link, "/static/"), strings.HasPrefix(link, "/logout"),
			strings.Contains(link, "download"), strings.Contains(link, ".csv"), strings.Contains(link, "export"), strings.Contains(link, ".ics"):
			continue
		}
		if !slices.Contains(out, link) {
			out = append(out, link)
		}
	}
	return out
}

// linkShape is a path with every number as N: /people/N/episodes/N.
func linkShape(path string) string { return number.ReplaceAllString(path, "N") }

// crawlAs signs in as username and visits, breadth first from home, every
// page it can reach, up to crawlShapes of a shape and crawlPages in all.
func crawlAs(ctx context.Context, base string, t http.RoundTripper, username, password string) ([]CrawlHit, error) {
	c, err := newClient(base, t)
	if err != nil {
		return nil, err
	}
	home, err := c.signIn(ctx, username, password)
	if err != nil {
		return nil, err
	}
	var hits []CrawlHit
	seen := map[string]bool{}
	shapes := map[string]int{}
	queue := slices.Concat([]string{"/"}, pageLinks(home))
	for len(queue) > 0 && len(hits) < crawlPages && ctx.Err() == nil {
		path := queue[0]
		queue = queue[1:]
		shape := linkShape(path)
		if seen[path] || shapes[shape] >= crawlShapes {
			continue
		}
		seen[path] = true
		shapes[shape]++
		start := time.Now()
		status, body, err := c.do(ctx, http.MethodGet, path, nil)
		took := time.Since(start)
		if err != nil {
			return hits, fmt.Errorf("GET %s as %s: %w", path, username, err)
		}
		hits = append(hits, CrawlHit{Username: username, Path: path, Status: status, Took: took, Bytes: len(body)})
		if status == http.StatusOK {
			queue = append(queue, pageLinks(string(body))...)
		}
	}
	return hits, ctx.Err()
}

// crawlSite crawls as every sign-in the demo printed, in name order.
// A sign-in that cannot be used (one that needs a second step) is
// reported, not fatal.
func crawlSite(ctx context.Context, base string, demo Demo, warn io.Writer) ([]CrawlHit, error) {
	t := newTransport(1)
	defer t.CloseIdleConnections()
	var names []string
	for u := range demo.Usernames {
		names = append(names, u)
	}
	sort.Strings(names)
	var all []CrawlHit
	for _, u := range names {
		hits, err := crawlAs(ctx, base, t, u, demo.Password)
		if err != nil && ctx.Err() == nil && len(hits) == 0 {
			fmt.Fprintf(warn, "benchhttp: crawl: %v\n", err)
			continue
		}
		all = append(all, hits...)
		if err != nil {
			return all, err
		}
	}
	return all, nil
}

// crawlErrors are the pages that answered with a server error.
func crawlErrors(hits []CrawlHit) []CrawlHit {
	var out []CrawlHit
	for _, h := range hits {
		if h.Status >= 500 {
			out = append(out, h)
		}
	}
	return out
}

// printCrawl writes how many pages each sign-in reached, the slowest
// pages, every page that did not answer 200, and the largest pages (a
// list or a choice that grows with the region shows there before it is
// slow).
func printCrawl(w io.Writer, hits []CrawlHit, slowest int) {
	per := map[string]int{}
	for _, h := range hits {
		per[h.Username]++
	}
	var names []string
	for u := range per {
		names = append(names, u)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "  crawled %d pages:", len(hits))
	for _, u := range names {
		fmt.Fprintf(w, " %s %d", u, per[u])
	}
	fmt.Fprintln(w)
	byTime := slices.Clone(hits)
	slices.SortStableFunc(byTime, func(a, b CrawlHit) int { return int(b.Took - a.Took) })
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "  the %d slowest, and every page that did not answer 200:\n", slowest)
	fmt.Fprintf(tw, "  sign-in\tstatus\ttime\tsize\tpage\n")
	for i, h := range byTime {
		if i < slowest || h.Status != http.StatusOK {
			printHit(tw, h)
		}
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintln(w, "benchhttp: write crawl:", err)
	}
	bySize := slices.Clone(hits)
	slices.SortStableFunc(bySize, func(a, b CrawlHit) int { return b.Bytes - a.Bytes })
	fmt.Fprintf(w, "  the %d largest:\n", min(slowest, len(bySize)))
	fmt.Fprintf(tw, "  sign-in\tstatus\ttime\tsize\tpage\n")
	for _, h := range bySize[:min(slowest, len(bySize))] {
		printHit(tw, h)
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintln(w, "benchhttp: write crawl:", err)
	}
}

func printHit(tw io.Writer, h CrawlHit) {
	fmt.Fprintf(tw, "  %s\t%d\t%s\t%d KB\t%s\n", h.Username, h.Status, latency(h.Took), (h.Bytes+512)>>10, h.Path)
}

package web

import (
	"net/http"
	"strconv"

	"throughline/internal/problem"
	"throughline/internal/store"
)

// maxPageNumber bounds ?page= so a silly number is refused as bad input
// rather than turned into a huge OFFSET.
const maxPageNumber = 100_000

// pageParam reads the page number from the query parameter name
// ("page", or e.g. "team_page" where a page has two lists). No page is the
// first; anything but a whole number from 1 is a 400 saying so.
func pageParam(r *http.Request, name string) (store.Page, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return store.FirstPage, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxPageNumber {
		return store.Page{}, &statusError{status: http.StatusBadRequest, message: "The page number must be a whole number from 1, like " + name + "=2. Go back to the first page and try again."}
	}
	return store.Page{Number: n}, nil
}

// pager is what the pagination partial shows: "Showing 51 to 100 of
// 1,234" and links to the pages either side, which keep every other
// query parameter (the filter and the sort) as it was.
type pager struct {
	From, To, Total string
	Number, Pages   int
	Prev, Next      string
}

// newPager describes list's page for r's URL, its page number in the
// query parameter name. A page past the end of the list is a 404 naming
// how many pages there are.
func newPager[T any](r *http.Request, name string, list store.Paged[T]) (pager, error) {
	n, pages := list.Page.Number, list.Pages()
	if n > pages {
		return pager{}, problem.Errorf(problem.NotFound, "There is no page %d of this list: it has %d. Go back to the first page.", n, pages)
	}
	p := pager{Number: n, Pages: pages, Total: thousands(list.Total)}
	if len(list.Rows) > 0 {
		p.From, p.To = thousands(list.Page.Offset()+1), thousands(list.Page.Offset()+len(list.Rows))
	}
	link := func(page int) string {
		q := r.URL.Query()
		if page == 1 {
			q.Del(name)
		} else {
			q.Set(name, strconv.Itoa(page))
		}
		if len(q) == 0 {
			return r.URL.Path
		}
		return r.URL.Path + "?" + q.Encode()
	}
	if n > 1 {
		p.Prev = link(n - 1)
	}
	if n < pages {
		p.Next = link(n + 1)
	}
	return p, nil
}

// thousands writes n with commas, as people read counts: 1,234.
func thousands(n int) string {
	if n < 0 {
		return "-" + thousands(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

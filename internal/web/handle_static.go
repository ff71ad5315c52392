package web

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"throughline/internal/problem"
)

// handleStatic serves our own and vendored (npm) assets embedded in the binary.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) error {
	return s.serveFile(w, r, strings.TrimPrefix(r.URL.Path, "/static/"))
}

// handleAssets serves the NHS design system's images at the path its CSS expects.
func (s *Server) handleAssets(w http.ResponseWriter, r *http.Request) error {
	return s.serveFile(w, r, "vendor/nhsuk/assets/"+strings.TrimPrefix(r.URL.Path, "/assets/"))
}

func (s *Server) handleFavicon(w http.ResponseWriter, r *http.Request) error {
	return s.serveFile(w, r, "vendor/nhsuk/assets/images/favicon.ico")
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, name string) error {
	name = path.Clean(name)
	if name == "." || strings.HasPrefix(name, "..") {
		return errPageNotFound()
	}
	if st, err := fs.Stat(s.static, name); err != nil || st.IsDir() {
		// Any failure to find the file is the same answer to the browser.
		return errPageNotFound()
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeFileFS(w, r, s.static, name)
	return nil
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) error {
	return errPageNotFound()
}

// errPageNotFound is the 404 for an address that names nothing.
func errPageNotFound() error {
	return problem.Errorf(problem.NotFound, "If you typed the web address, check it is correct. If you followed a link, it may be out of date.")
}

package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static/*.css static/*.js static/*.svg
var staticFS embed.FS

type staticFile struct {
	data  []byte
	hash  string
	ctype string
}

// staticFiles serves embedded assets under content-hashed URLs, so browsers
// may cache them for a year and still see every new version.
type staticFiles struct{ files map[string]staticFile }

func loadStatic() (*staticFiles, error) {
	sf := &staticFiles{files: map[string]staticFile{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		name := strings.TrimPrefix(p, "static/")
		sf.files[name] = staticFile{data: data, hash: hex.EncodeToString(sum[:])[:12], ctype: mime.TypeByExtension(path.Ext(name))}
		return nil
	})
	return sf, err
}

// URL returns the hashed URL of an asset; a missing asset is a template bug.
func (sf *staticFiles) URL(name string) string {
	f, ok := sf.files[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return "/static/" + f.hash + "/" + name
}

func (sf *staticFiles) serve(w http.ResponseWriter, r *http.Request) {
	f, ok := sf.files[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.PathValue("hash") == f.hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Header().Set("Content-Type", f.ctype)
	w.Write(f.data)
}

// favicon serves the icon at /favicon.ico, where browsers and crawlers look
// without reading the page (the layout links the hashed URL). It is an SVG:
// every current browser takes one whatever the name.
func (sf *staticFiles) favicon(w http.ResponseWriter, r *http.Request) {
	f := sf.files["favicon.svg"]
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Header().Set("Content-Type", f.ctype)
	w.Write(f.data)
}

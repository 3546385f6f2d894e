package web_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/i18n"
)

// auditCalls are the functions that write an audit row, with the index of
// their action argument: the auth service's Audit and AuditFor and the
// areas' audit helpers (all func(ctx, action, target, outcome, details)).
var auditCalls = map[string]int{"Audit": 1, "audit": 1, "AuditFor": 3, "AuditChange": 1, "auditChange": 1, "AuditOnly": 1, "auditedChange": 2, "AuditedChange": 2, "WriteEntry": 1, "auditedWrite": 2, "auditedWriteFor": 4, "auditFor": 3}

var actionRE = regexp.MustCompile(`^[a-z_]+(\.[a-z_]+)*$`)

// writtenAuditActions collects every action code the code base writes to
// the audit log: the literal passed to an audit call, or, for a variable,
// every literal assigned to it in the calling function.
func writtenAuditActions(t *testing.T, root string) []string {
	t.Helper()
	var codes []string
	add := func(lit *ast.BasicLit, where token.Position) {
		s, err := strconv.Unquote(lit.Value)
		if err != nil || !actionRE.MatchString(s) {
			t.Errorf("%s: audit action %s is not a code", where, lit.Value)
			return
		}
		if !slices.Contains(codes, s) {
			codes = append(codes, s)
		}
	}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			if _, wrapper := auditCalls[fn.Name.Name]; wrapper {
				continue // the helpers themselves pass their caller's action on
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				var name string
				switch f := call.Fun.(type) {
				case *ast.Ident:
					name = f.Name
				case *ast.SelectorExpr:
					name = f.Sel.Name
				}
				i, ok := auditCalls[name]
				if !ok || len(call.Args) <= i {
					return true
				}
				switch a := call.Args[i].(type) {
				case *ast.BasicLit:
					add(a, fset.Position(a.Pos()))
				case *ast.Ident:
					found := false
					ast.Inspect(fn.Body, func(m ast.Node) bool {
						as, ok := m.(*ast.AssignStmt)
						if !ok {
							return true
						}
						for k, l := range as.Lhs {
							if id, ok := l.(*ast.Ident); ok && id.Name == a.Name && k < len(as.Rhs) {
								if lit, ok := as.Rhs[k].(*ast.BasicLit); ok {
									add(lit, fset.Position(lit.Pos()))
									found = true
								}
							}
						}
						return true
					})
					if !found {
						t.Errorf("%s: cannot tell which action %s writes", fset.Position(a.Pos()), a.Name)
					}
				default:
					t.Errorf("%s: cannot tell which action this audit call writes", fset.Position(call.Pos()))
				}
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return codes
}

func TestEveryAuditActionHasAWordInEachLanguage(t *testing.T) {
	t.Parallel()
	codes := writtenAuditActions(t, "..")
	// The scan must see the audit calls of every area, or it proves nothing.
	for _, known := range []string{"login", "groups.export", "request.denied", "account.disable", "onetoone.apply"} {
		if !slices.Contains(codes, known) {
			t.Errorf("the scan missed %q (found %v)", known, codes)
		}
	}
	c := i18n.MustLoad()
	for _, lang := range i18n.Languages {
		keys := c.Keys(lang)
		for _, code := range codes {
			if !slices.Contains(keys, "audit.act."+code) {
				t.Errorf("%s: audit action %q has no audit.act.%s", lang, code, code)
			}
		}
	}
}

func TestAuditLogShowsActionsAsWordsWithTheCodeKept(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "admin@demo.mentorhub.no")
	for lang, words := range map[string][]string{
		"nb": {"Innlogging", "Avvist"},
		"nn": {"Innlogging", "Førespurnad avvist"},
		"en": {"Login", "Request denied"},
	} {
		postForm(t, e, c, "/lang", url.Values{"csrf_token": {csrf}, "lang": {lang}, "return": {"/"}})
		// A denied request (institutions are the national admins'), so a
		// second action is in the log.
		r, _ := c.Get(e.srv.URL + "/admin/institutions")
		body(t, r)
		r, _ = c.Get(e.srv.URL + "/admin/audit")
		page := body(t, r)
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", lang, r.StatusCode)
		}
		for _, w := range words {
			if !strings.Contains(page, ">"+w+"<") {
				t.Errorf("%s: the audit log lacks the word %q", lang, w)
			}
		}
		if !strings.Contains(page, `<code>login</code>`) || !strings.Contains(page, `: login"`) {
			t.Errorf("%s: the code of the action is not kept", lang)
		}
		if strings.Contains(page, "<td><code>login</code></td>") {
			t.Errorf("%s: the raw code stands as the action", lang)
		}
	}
}

package safety

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
)

// Missing lists the referenced tests whose function does not exist in the
// source tree at root (the module root): a control that names a test
// renamed or deleted since stops being evidence, and the suite says so.
func Missing(root string, refs []TestRef) ([]TestRef, error) {
	found := map[string]map[string]bool{}
	var out []TestRef
	for _, r := range refs {
		funcs, ok := found[r.Package]
		if !ok {
			var err error
			if funcs, err = testFuncs(filepath.Join(root, filepath.FromSlash(r.Package))); err != nil {
				return nil, err
			}
			found[r.Package] = funcs
		}
		if !funcs[r.Func()] {
			out = append(out, r)
		}
	}
	return out, nil
}

// testFuncs parses a package directory's _test.go files and returns the
// names of its test functions: TestX(t *testing.T), at top level.
func testFuncs(dir string) (map[string]bool, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find tests in %s: %w", dir, err)
	}
	funcs := map[string]bool{}
	fset := token.NewFileSet()
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("find tests: %w", err)
		}
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && isTest(fn) {
				funcs[fn.Name.Name] = true
			}
		}
	}
	return funcs, nil
}

// isTest is go test's rule: TestX with X not starting lower case, one
// parameter of type *testing.T.
func isTest(fn *ast.FuncDecl) bool {
	name := fn.Name.Name
	if !strings.HasPrefix(name, "Test") || name == "TestMain" {
		return false
	}
	if rest := name[len("Test"):]; rest != "" && rest[0] >= 'a' && rest[0] <= 'z' {
		return false
	}
	params := fn.Type.Params.List
	if len(params) != 1 || len(params[0].Names) > 1 {
		return false
	}
	star, ok := params[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	sel, ok := star.X.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "T"
}

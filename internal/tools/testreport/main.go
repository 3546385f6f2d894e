// Command testreport reads `go test -json` on stdin and prints the output of
// failed tests and packages only, so a CI log shows what broke and nothing else.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
)

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

func main() {
	outputs := map[string][]string{}
	var failed []string
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output":
			outputs[key] = append(outputs[key], e.Output)
		case "fail":
			failed = append(failed, key)
		}
	}
	for _, k := range failed {
		fmt.Printf("--- FAIL %s\n", k)
		for _, line := range outputs[k] {
			fmt.Print(line)
		}
	}
}

package roster

import (
	"runtime"

	"github.com/mentorhub/mentorhub/internal/tabular"
)

// chunkRows is how many rows one goroutine checks at a time; a variable
// so that tests can cut a small file into many chunks.
var chunkRows = 2048

// rowWorkers is how many goroutines check the rows of one file; a
// variable so that tests can compare with a single one.
var rowWorkers = func() int { return runtime.GOMAXPROCS(0) }

// chunk is one run of rows being checked, with its part of the report.
type chunk struct {
	from, to int
	part     *tabular.Report
	panicked any           // what check panicked with, re-raised by the caller
	done     chan struct{} // closed when the rows are checked
}

// eachRow calls check(part, i) for every record index i in [0, n): check
// reads record i, reports its problems to part (a part of rep, see
// tabular.Report.Part) and stores what it makes of the row at index i of
// the caller's slices, so it must touch nothing shared but those. The
// rows are checked in chunks on up to rowWorkers goroutines and the parts
// merged into rep in row order, so rep ends up as after checking every row
// in order on one goroutine: the same problems, in the same order, with
// the same limit on those listed in full. Only a few chunks are ahead of
// the merge at any time, so a file of bad lines keeps no more problems in
// memory than a single pass would, give or take those chunks.
func eachRow(rep *tabular.Report, n int, check func(part *tabular.Report, i int)) {
	size := max(1, chunkRows)
	workers := min(max(1, rowWorkers()), (n+size-1)/size)
	if workers <= 1 {
		part := rep.Part()
		for i := range n {
			check(part, i)
		}
		rep.Merge(part)
		return
	}
	work := make(chan *chunk)
	// pending holds the chunks handed out and not yet merged, in order; its
	// capacity bounds how far the workers run ahead of the merge.
	pending := make(chan *chunk, 2*workers)
	go func() {
		defer close(work)
		defer close(pending)
		for from := 0; from < n; from += size {
			c := &chunk{from: from, to: min(n, from+size), part: rep.Part(), done: make(chan struct{})}
			pending <- c
			work <- c
		}
	}()
	for range workers {
		go func() {
			for c := range work {
				checkChunk(c, check)
			}
		}()
	}
	var panicked any
	for c := range pending {
		<-c.done
		if c.panicked != nil && panicked == nil {
			panicked = c.panicked
		}
		rep.Merge(c.part)
	}
	if panicked != nil {
		panic(panicked)
	}
}

// checkChunk checks the rows of c, recording a panic for the caller of
// eachRow (a panic on a worker goroutine would end the whole process).
func checkChunk(c *chunk, check func(*tabular.Report, int)) {
	defer close(c.done)
	defer func() { c.panicked = recover() }()
	for i := c.from; i < c.to; i++ {
		check(c.part, i)
	}
}

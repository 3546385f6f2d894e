package roster

import (
	"io"
	"runtime"

	"github.com/mentorhub/mentorhub/internal/tabular"
)

// chunkRows is how many rows one goroutine checks at a time; a variable
// so that tests can cut a small file into many chunks.
var chunkRows = 2048

// rowWorkers is how many goroutines check the rows of one file; a
// variable so that tests can compare with a single one, which checks
// the rows on the reading goroutine.
var rowWorkers = func() int { return runtime.GOMAXPROCS(0) }

// checkRow checks one row of a file (c, its cells, report to a part of the
// file's report) and fills out with what it makes of it.
type checkRow[R any] func(c *cells, out *R)

// readRows reads a file of kind ("students" or "mentors") as o says and
// checks every row with check. A file read with the spec's headers (no
// mapping) is checked while it is read: its records go, in chunks of
// chunkRows, to rowWorkers goroutines as the CSV reader makes them.
//
// rep holds the problems of the header and then those of the rows as a
// single pass over the rows in order would have added them (the parts of
// the chunks are merged in row order); the caller adds those that span
// rows. recs are the rows' records, chunk by chunk in row order. err is
// the error to return instead when the file cannot be read, its mapping
// does not fit or its header is refused.
func readRows[R any](r io.Reader, o Options, kind string, check checkRow[R]) (rep *tabular.Report, recs [][]R, err error) {
	all, required := columnsOf(kind)
	var p *pipe[R]
	start := func(t *tabular.Table) {
		// The header's problems are reported below, once the file is read
		// (as before any row's); here only the column of each name is
		// wanted, and whether the rows are to be read at all.
		idx, refused := bind(&tabular.Report{Columns: all}, t, required)
		p = newPipe(all, t, idx, refused, check)
	}
	f := o.format()
	streamed := 0
	if len(o.Mapping) == 0 {
		f.Each = func(t *tabular.Table, rec tabular.Record) {
			if p == nil {
				start(t)
			}
			p.add(rec)
			streamed++
		}
	}
	t, err := f.Read(r)
	if err != nil {
		if p != nil {
			p.stop()
		}
		return nil, nil, err
	}
	rep = &tabular.Report{Columns: all}
	if !o.Mapping.apply(rep, t, kind) {
		return nil, nil, rep.Err()
	}
	if _, refused := bind(rep, t, required); refused {
		if p != nil {
			p.stop()
		}
		return nil, nil, rep.Err()
	}
	if p == nil {
		start(t)
	}
	for _, rec := range t.Records[streamed:] {
		p.add(rec)
	}
	rows, recs := p.finish()
	rep.Merge(rows)
	return rep, recs, nil
}

// pipe checks the rows of one file in chunks, on rowWorkers goroutines,
// and merges their problems into rep in row order.
type pipe[R any] struct {
	t       *tabular.Table
	idx     map[string]int
	skip    bool // the header is refused: no row is checked
	check   checkRow[R]
	rep     *tabular.Report // the rows' problems
	size    int
	buf     []tabular.Record // rows not yet handed out
	chunks  []*chunk[R]      // every chunk handed out, in order
	workers int              // goroutines to check on; with 1, the rows are checked on add's goroutine
	work    chan *chunk[R]   // nil until the first full chunk: a file of fewer rows is checked on finish's goroutine
	pending chan *chunk[R]   // handed out and not merged, in order; bounds how far the workers run ahead
	merged  chan struct{}    // closed when every chunk is merged
	panics  any              // what a check panicked with first, raised by finish
}

// chunk is one run of rows being checked, with its part of the report.
type chunk[R any] struct {
	recs     []tabular.Record
	out      []R
	part     *tabular.Report
	panicked any
	done     chan struct{} // closed when the rows are checked
}

// newPipe makes a pipe for the rows of t, whose columns are at idx;
// refused says to check none.
func newPipe[R any](columns []string, t *tabular.Table, idx map[string]int, refused bool, check checkRow[R]) *pipe[R] {
	return &pipe[R]{t: t, idx: idx, skip: refused, check: check, rep: &tabular.Report{Columns: columns},
		size: max(1, chunkRows), workers: max(1, rowWorkers())}
}

// start starts the workers and the goroutine that merges their chunks.
func (p *pipe[R]) start() {
	p.work = make(chan *chunk[R])
	p.pending = make(chan *chunk[R], 2*p.workers)
	p.merged = make(chan struct{})
	for range p.workers {
		go func() {
			for c := range p.work {
				p.checkChunk(c)
			}
		}()
	}
	go func() {
		defer close(p.merged)
		for c := range p.pending {
			<-c.done
			if c.panicked != nil && p.panics == nil {
				p.panics = c.panicked
			}
			p.rep.Merge(c.part)
		}
	}()
}

// add queues one row to be checked.
func (p *pipe[R]) add(rec tabular.Record) {
	if p.skip {
		return
	}
	if p.buf == nil {
		p.buf = make([]tabular.Record, 0, min(p.size, 4096))
	}
	p.buf = append(p.buf, rec)
	if len(p.buf) == p.size {
		p.flush(false)
	}
}

// flush hands out the queued rows as one chunk; last says no more follow.
func (p *pipe[R]) flush(last bool) {
	if len(p.buf) == 0 {
		return
	}
	c := &chunk[R]{recs: p.buf, part: p.rep.Part(), done: make(chan struct{})}
	p.buf = nil
	p.chunks = append(p.chunks, c)
	if p.workers <= 1 || last && p.work == nil {
		p.checkChunk(c)
		if c.panicked != nil {
			panic(c.panicked)
		}
		p.rep.Merge(c.part)
		return
	}
	if p.work == nil {
		p.start()
	}
	p.pending <- c
	p.work <- c
}

// checkChunk checks the rows of c, recording a panic for finish (one on a
// worker goroutine would end the whole process).
func (p *pipe[R]) checkChunk(c *chunk[R]) {
	defer close(c.done)
	defer func() { c.panicked = recover() }()
	c.out = make([]R, len(c.recs))
	for i, rec := range c.recs {
		c.part.CheckWidth(p.t, rec)
		p.check(newCells(c.part, p.idx, rec.Line, rec.Cells), &c.out[i])
	}
	c.recs = nil // the table holds them
}

// stop ends the workers, their work not wanted.
func (p *pipe[R]) stop() {
	if p.work != nil {
		close(p.work)
		close(p.pending)
		<-p.merged
	}
}

// finish checks the rows still queued, waits for every chunk and returns
// the rows' problems and records, chunk by chunk.
func (p *pipe[R]) finish() (*tabular.Report, [][]R) {
	p.flush(true)
	p.stop()
	if p.panics != nil {
		panic(p.panics)
	}
	recs := make([][]R, len(p.chunks))
	for i, c := range p.chunks {
		recs[i] = c.out
	}
	return p.rep, recs
}

// flatten joins the chunks of rows readRows returns.
func flatten[R any](chunks [][]R) []R {
	out := make([]R, 0, rowCount(chunks))
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out
}
